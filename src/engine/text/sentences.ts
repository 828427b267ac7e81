/** Splitting a paragraph into sentences, for the best-sentence feature and the quoted sentence. */
import type { Highlight } from '../types.js';

/** Abbreviations whose dot does not end a sentence ("Gen. Smith", "U.S. troops", "Mr. Lee"). */
const ABBREVIATION =
  /(?:\b[A-Z]\.(?:[A-Z]\.)*|\b(?:Gen|Lt|Col|Sgt|Capt|Maj|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|St|Jr|Sr|No|Vol|vs|etc|Inc|Corp|Ltd|Co|e\.g|i\.e)\.)$/;

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
