/**
 * The inverted index over every paragraph of every document. Built once at start-up, read-only after.
 * Postings are typed arrays so that 100,000 paragraphs fit in little memory and scan quickly.
 */
import type { Corpus } from '../corpus/types.js';
import { AliasMatcher, analyse } from './analyse.js';
import { BUILT_IN_SYNONYMS } from './synonyms.js';
import { lengthNorms } from './rank.js';

/**
 * How much of the previous paragraph's match a paragraph inherits. News paragraphs often answer
 * with a pronoun or a continuing quote while the name stands just before ("He urged them…").
 */
const CONTEXT_WEIGHT_CONTINUING = 0.6;
export const CONTINUING_CONTEXT = CONTEXT_WEIGHT_CONTINUING;
const CONTEXT_WEIGHT_DEFAULT = 0.2;
const CONTINUING_START = /^(?:["“‘']|(?:it|this|that|these|those|but|and|yet|still|nevertheless|however)\b)/iu;
/** A third-person pronoun early in the paragraph: its subject is probably named just before. */
const EARLY_PRONOUN = /^(?:\S+\s+){0,8}?(?:he|she|they|his|her|their|him|them)\b/iu;

export interface SearchIndex {
  readonly unitCount: number;
  /** Per unit (paragraph): its document index and paragraph number. */
  readonly unitDocument: Int32Array;
  readonly unitParagraph: Int32Array;
  readonly unitLength: Float32Array;
  /** BM25 length normalisation per unit, computed once. */
  readonly lengthNorm: Float32Array;
  readonly contextWeight: Float32Array;
  readonly averageLength: number;
  readonly termIds: ReadonlyMap<string, number>;
  /** termIds reversed: the term of each id. */
  readonly termNames: readonly string[];
  readonly postingUnits: readonly Int32Array[];
  readonly postingCounts: readonly Uint16Array[];
  /** Folded surface word → its stem, for fuzzy and prefix lookups. */
  readonly words: ReadonlyMap<string, string>;
  /** The same words, sorted, for prefix search by binary search. */
  readonly sortedWords: readonly string[];
  readonly aliases: AliasMatcher;
  /** For each alias group index, the group's phrases (corpus aliases first, then built-ins). */
  readonly aliasGroups: readonly (readonly string[])[];
}

export function contextWeightFor(text: string): number {
  const start = text.trimStart();
  return CONTINUING_START.test(start) || EARLY_PRONOUN.test(start) ? CONTEXT_WEIGHT_CONTINUING : CONTEXT_WEIGHT_DEFAULT;
}

export function buildIndex(corpus: Corpus): SearchIndex {
  const aliasGroups = [...corpus.aliases, ...BUILT_IN_SYNONYMS];
  const aliases = new AliasMatcher(aliasGroups);
  const unitCount = corpus.documents.reduce((sum, document) => sum + document.paragraphs.length, 0);
  const unitDocument = new Int32Array(unitCount);
  const unitParagraph = new Int32Array(unitCount);
  const unitLength = new Float32Array(unitCount);
  const contextWeight = new Float32Array(unitCount);
  const termIds = new Map<string, number>();
  const units: number[][] = [];
  const counts: number[][] = [];
  const words = new Map<string, string>();
  let totalLength = 0;
  let unit = 0;
  corpus.documents.forEach((document, documentIndex) => {
    for (const paragraph of document.paragraphs) {
      const { tokens, features } = analyse(paragraph.text, aliases);
      const termCounts = new Map<string, number>();
      let length = 0;
      for (const { token, terms } of tokens) {
        if (terms.length > 0) length++;
        for (const term of terms) termCounts.set(term, (termCounts.get(term) ?? 0) + 1);
        if (!words.has(token.folded)) words.set(token.folded, token.stem);
      }
      for (const feature of features) termCounts.set(feature, 1);
      for (const [term, count] of termCounts) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = units.length;
          termIds.set(term, id);
          units.push([]);
          counts.push([]);
        }
        units[id]!.push(unit);
        counts[id]!.push(Math.min(count, 65535));
      }
      unitDocument[unit] = documentIndex;
      unitParagraph[unit] = paragraph.number;
      unitLength[unit] = Math.max(length, 1);
      contextWeight[unit] = paragraph.number === 1 ? 0 : contextWeightFor(paragraph.text);
      totalLength += Math.max(length, 1);
      unit++;
    }
  });
  const averageLength = unitCount === 0 ? 1 : totalLength / unitCount;
  return {
    unitCount,
    lengthNorm: lengthNorms(unitLength, averageLength),
    unitDocument,
    unitParagraph,
    unitLength,
    contextWeight,
    averageLength,
    termIds,
    termNames: [...termIds.keys()],
    postingUnits: units.map((list) => Int32Array.from(list)),
    postingCounts: counts.map((list) => Uint16Array.from(list)),
    words,
    sortedWords: [...words.keys()].sort(),
    aliases,
    aliasGroups,
  };
}
