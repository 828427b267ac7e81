/**
 * Turning a ranked paragraph into a passage: which words to highlight and which sentence answers best.
 */
import type { Highlight } from './types.js';
import { analyse, type AliasMatcher, type AnalysedToken } from './analyse.js';

/** Abbreviations whose dot does not end a sentence ("Gen. Qassem Suleimani", "U.S. troops"). */
const ABBREVIATION = /(?:\b[A-Z]\.(?:[A-Z]\.)*|\b(?:Gen|Lt|Col|Sgt|Capt|Maj|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|St|Jr|Sr|No|Vol|vs|etc|Inc|Corp|Ltd|Co)\.)$/;

/** Sentences of a paragraph as [start, end) ranges; they cover the text without gaps. */
export function sentenceRanges(text: string): Highlight[] {
  const ranges: Highlight[] = [];
  const boundary = /[.!?]["”’)\]]*\s+(?=["“‘([]?[\p{Lu}\p{N}])/gu;
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].trimEnd().length;
    if (ABBREVIATION.test(text.slice(start, match.index + 1))) continue;
    ranges.push({ start, end });
    start = match.index + match[0].length;
  }
  if (start < text.length) ranges.push({ start, end: text.length });
  return ranges;
}

export interface MatchedText {
  readonly highlights: Highlight[];
  readonly matchedWords: string[];
  readonly bestSentence: string;
}

/**
 * Finds the words of `text` that carry any of `termWeights`' terms, and the sentence whose
 * matched terms weigh the most (each term counted once per sentence; the first sentence wins ties).
 */
export interface AnalysedParagraph {
  readonly tokens: readonly AnalysedToken[];
  readonly sentences: readonly Highlight[];
}

/** The parts of a paragraph that do not depend on the question, computed once per paragraph shown. */
export function analyseParagraph(text: string, aliases: AliasMatcher): AnalysedParagraph {
  return { tokens: analyse(text, aliases), sentences: sentenceRanges(text) };
}

export function matchText(text: string, paragraph: AnalysedParagraph, termWeights: ReadonlyMap<string, number>): MatchedText {
  const { tokens, sentences } = paragraph;
  const highlights: Highlight[] = [];
  const matchedWords: string[] = [];
  const sentenceTerms = sentences.map(() => new Set<string>());
  let sentence = 0;
  for (const { token, terms } of tokens) {
    while (sentence < sentences.length - 1 && token.start >= sentences[sentence]!.end) sentence++;
    const hits = terms.filter((term) => termWeights.has(term));
    if (hits.length === 0) continue;
    hits.forEach((term) => sentenceTerms[sentence]!.add(term));
    const last = highlights[highlights.length - 1];
    // Join adjacent matched words ("Prime Minister") into one highlight.
    if (last && /^[\s\-.]*$/u.test(text.slice(last.end, token.start))) {
      highlights[highlights.length - 1] = { start: last.start, end: token.end };
    } else {
      highlights.push({ start: token.start, end: token.end });
    }
    const word = text.slice(token.start, token.end);
    if (!matchedWords.includes(word)) matchedWords.push(word);
  }
  let best = 0;
  let bestWeight = -1;
  sentenceTerms.forEach((terms, i) => {
    let weight = 0;
    for (const term of terms) weight += termWeights.get(term)!;
    if (weight > bestWeight + 1e-9) {
      best = i;
      bestWeight = weight;
    }
  });
  const range = sentences[best] ?? { start: 0, end: text.length };
  return { highlights, matchedWords, bestSentence: text.slice(range.start, range.end) };
}
