/**
 * Stage 1, analyse: the question's words (folded and stemmed, like paragraphs) and what kind of
 * answer it asks for, read from its question words.
 */
import { tokenize, type Token } from '../text/normalise.js';
import type { AnswerType, Stage } from './types.js';

/** Question words and the kind of answer each asks for; two-word openings are read first. */
const ANSWER_TYPES: readonly (readonly [RegExp, AnswerType])[] = [
  [/^(?:what|which|in what|in which) (?:year|years|date|day|month|century|decade|time|period|era)$/, 'date'],
  [/^how (?:many|much|old|long|far|big|large|tall|high|often)$/, 'number'],
  [/^what (?:percentage|percent|proportion|number|amount|size|fraction)$/, 'number'],
  [/^when$/, 'date'],
  [/^(?:who|whom|whose)$/, 'person'],
  [/^where$/, 'place'],
];

export function answerTypeOf(tokens: readonly Token[]): AnswerType {
  const words = tokens.map((token) => token.folded);
  for (let i = 0; i < words.length; i++) {
    const pair = `${words[i]} ${words[i + 1] ?? ''}`;
    const triple = `${pair} ${words[i + 2] ?? ''}`;
    for (const [pattern, type] of ANSWER_TYPES) {
      if (pattern.test(triple) || pattern.test(pair) || pattern.test(words[i]!)) return type;
    }
  }
  return 'none';
}

export const analyse: Stage = (state, { options }) => {
  state.tokens = tokenize(state.question.slice(0, options.maxQuestionLength));
  state.answerType = answerTypeOf(state.tokens);
  if (state.tokens.length === 0) state.declinedBy = 'analyse';
};
