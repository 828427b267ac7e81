/**
 * Stage 1, analyse: the question's words (folded and stemmed, like paragraphs) and what kind of
 * answer it asks for, read from its question words.
 */
import { tokenize, type Token } from '../text/normalise.js';
import type { AnswerType, Stage } from './types.js';

/**
 * Question words, the kind of answer each asks for, and whether an answer must state it: a date
 * for "when", a number for "how many". "How much" or "how long" may be answered in words ("vast
 * areas", "for decades"), and names are too loosely recognised to require one.
 */
const ANSWER_TYPES: readonly { readonly pattern: RegExp; readonly type: AnswerType; readonly stated: boolean }[] = [
  {
    pattern: /^(?:what|which|in what|in which) (?:year|years|date|day|month|century|decade|time|period|era)$/,
    type: 'date',
    stated: true,
  },
  { pattern: /^how many$/, type: 'number', stated: true },
  { pattern: /^how (?:much|old|long|far|big|large|tall|high|often)$/, type: 'number', stated: false },
  { pattern: /^what (?:percentage|percent|proportion|number|amount|size|fraction)$/, type: 'number', stated: false },
  { pattern: /^when$/, type: 'date', stated: true },
  { pattern: /^(?:who|whom|whose)$/, type: 'person', stated: false },
  { pattern: /^where$/, type: 'place', stated: false },
];

const QUESTION_WORD = /^(?:what|which|who|whom|whose|when|where|why|how)$/;

/** What the question asks for, and whether the paragraph that answers must state it. */
export interface AnswerAsked {
  readonly type: AnswerType;
  readonly mustBeStated: boolean;
}

/**
 * A "when" that opens a clause closed by a comma, with a question word after it, is a conjunction
 * ("When the list is sorted, what case is it?"): that later word asks the question.
 */
function isConjunction(tokens: readonly Token[], at: number, question: string): boolean {
  if (tokens[at]!.folded !== 'when') return false;
  const comma = question.indexOf(',', tokens[at]!.end);
  return comma >= 0 && tokens.some((token, k) => k > at && token.start > comma && QUESTION_WORD.test(token.folded));
}

/**
 * Read at the question's first question word (and the word before it, for "in what year"): a
 * "when" further on is a conjunction ("what did he say when he left").
 */
export function answerAsked(tokens: readonly Token[], question: string): AnswerAsked {
  const words = tokens.map((token) => token.folded);
  const first = words.findIndex((word, i) => QUESTION_WORD.test(word) && !isConjunction(tokens, i, question));
  for (let i = Math.max(0, first - 1); first >= 0 && i <= first; i++) {
    const pair = `${words[i]} ${words[i + 1] ?? ''}`;
    const triple = `${pair} ${words[i + 2] ?? ''}`;
    for (const { pattern, type, stated } of ANSWER_TYPES) {
      if (pattern.test(triple) || pattern.test(pair) || pattern.test(words[i]!)) return { type, mustBeStated: stated };
    }
  }
  return { type: 'none', mustBeStated: false };
}

export const analyse: Stage = (state, { options }) => {
  const question = state.question.slice(0, options.maxQuestionLength);
  state.tokens = tokenize(question);
  const asked = answerAsked(state.tokens, question);
  state.answerType = asked.type;
  state.answerMustBeStated = asked.mustBeStated;
  if (state.tokens.length === 0) state.declinedBy = 'analyse';
};
