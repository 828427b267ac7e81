/**
 * Stage 4, fit the answer type: a "when" question is best answered by a sentence that states a
 * time, "how many" by one with a number, "who" by one naming someone, "where" by one naming a
 * place. Patterns that hold for any English text; no word list of any one article. When the
 * question needs a date or a count and none of the best paragraphs states one, it declines.
 */
import type { AnswerType, Stage } from './types.js';

const MONTH =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const WEEKDAY = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
/** Words that say when, without a date: "last week", "this morning", "a decade ago". */
const TIME_WORD =
  '(?:century|centuries|decade|year|month|week|weekend|weekday|day)s?|yesterday|today|tonight|tomorrow|morning|afternoon|evening|night|noon|midnight|spring|summer|autumn|winter|ago';
/** "at nine", "at 9": a time of day. */
const CLOCK_HOUR = '\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve';
/** English number words: the cardinals, and words that state a count ("a single", "twice", "both"). */
const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty|hundred|thousand|million|billion|trillion|dozen)s?|single|once|twice|both|half|several';

/** What a sentence must contain to state each kind of answer. */
export const ANSWER_PATTERNS: Readonly<Record<Exclude<AnswerType, 'none'>, RegExp>> = {
  date: new RegExp(
    `\\b(?:1[0-9]{3}|20[0-9]{2})s?\\b|\\b(?:${MONTH}|${WEEKDAY})\\b|\\b(?:${TIME_WORD})\\b|\\b\\d{1,2}(?:st|nd|rd|th)\\b|\\b\\d{1,2}(?::\\d\\d)?\\s*[ap]\\.?m\\b|\\bat (?:${CLOCK_HOUR})\\b`,
  ),
  number: new RegExp(`\\d|\\b(?:${NUMBER_WORD})\\b`, 'i'),
  // Two capitalised words in a row, not at the sentence's start ("said Jane Smith", "the Prime Minister").
  person: /(?<=\S\s+)\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)+/u,
  // A capitalised word after a preposition of place ("in Paris", "at the Baghdad airport").
  place: /\b(?:in|at|near|from|to|across|outside|inside|throughout)\s+(?:the\s+)?\p{Lu}/u,
};

export function statesAnswerType(sentence: string, type: AnswerType): boolean {
  return type !== 'none' && ANSWER_PATTERNS[type].test(sentence);
}

export const fitAnswerType: Stage = (state, { index, options }) => {
  if (state.answerType === 'none' || state.candidates.length === 0) return;
  const meanImportance =
    state.concepts.reduce((sum, concept) => sum + concept.importance, 0) / Math.max(1, state.concepts.length);
  for (const candidate of state.candidates) {
    const { sentences } = index.analyse(candidate.paragraph);
    const range = sentences[candidate.bestSentence];
    if (!range) continue;
    const text = index.paragraphs[candidate.paragraph]!.paragraph.text.slice(range.start, range.end);
    if (statesAnswerType(text, state.answerType)) candidate.score += options.answerTypeWeight * meanImportance;
  }
  state.candidates.sort((a, b) => b.score - a.score || a.paragraph - b.paragraph);
  // "How many died?" is answered by a paragraph with a number in it, if one of the best few has one;
  // when none has, the corpus doesn't say.
  if (!state.answerMustBeStated || options.statedAnswerDepth === 0) return;
  const at = state.candidates
    .slice(0, options.statedAnswerDepth)
    .findIndex((candidate) =>
      statesAnswerType(index.paragraphs[candidate.paragraph]!.paragraph.text, state.answerType),
    );
  if (at < 0) state.declinedBy = 'answer-type';
  else if (at > 0) state.candidates.unshift(...state.candidates.splice(at, 1));
};
