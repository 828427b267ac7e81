/**
 * The inverted index over every paragraph of every document. Built once at start-up, read-only after.
 * Postings are typed arrays so that 100,000 paragraphs fit in little memory and scan quickly.
 */
import type { Corpus } from '../corpus/types.js';
import { AliasMatcher, CONDITION_FEATURE, CONDITION_WORDS, FULL_NAME_FEATURE, NUMBER_FEATURE, PLACE_FEATURE, PLACE_PREPOSITIONS, REASON_CUES, REASON_FEATURE, TIME_FEATURE, NAMED_TIMES, aliasTerm, isIdiomWord, isNumberWord, isTimeWord } from './analyse.js';
import { formsOf, isStopWord, scanWords, tokenize } from './normalise.js';
import { backgroundNames } from './places.js';
import { BUILT_IN_SYNONYMS } from './synonyms.js';

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
  readonly contextWeight: Float32Array;
  /** Per unit: bit 1 when it states a number, bit 2 when it states a date or day (the features' postings as flags). */
  readonly unitFeatures: Uint8Array;
  /** Per term: 1 when it names someone or something (a proper noun, a corpus alias), else 0. */
  readonly termIsName: Uint8Array;
  /** Per term: 1 when it names a country, its people or capital, a people, a day or a month ("Iraq", "Iranian", "Shiite", "Sunday"): the background of a story, not whom it is about. */
  readonly termIsBackground: Uint8Array;
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

export const NUMBER_FLAG = 1;
export const TIME_FLAG = 2;
export const PLACE_FLAG = 4;
export const CONDITION_FLAG = 8;
export const FULL_NAME_FLAG = 16;
export const REASON_FLAG = 32;
/** How many words after "at" or "in" a proper noun still names the place ("at the Baghdad airport"). */
const PLACE_WINDOW = 2;

/** The unit flag a feature term stands for, or 0 for an ordinary term. */
export function featureFlag(term: string): number {
  return term === NUMBER_FEATURE ? NUMBER_FLAG : term === TIME_FEATURE ? TIME_FLAG : term === PLACE_FEATURE ? PLACE_FLAG : term === CONDITION_FEATURE ? CONDITION_FLAG : term === FULL_NAME_FEATURE ? FULL_NAME_FLAG : term === REASON_FEATURE ? REASON_FLAG : 0;
}

export function contextWeightFor(text: string): number {
  const start = text.trimStart();
  return CONTINUING_START.test(start) || EARLY_PRONOUN.test(start) ? CONTEXT_WEIGHT_CONTINUING : CONTEXT_WEIGHT_DEFAULT;
}

/** What the index needs to know of a word as written, looked up once per distinct spelling. */
interface WordEntry {
  readonly folded: string;
  readonly stem: string;
  /** The stem's term id, or -1 for a stop word. */
  readonly termId: number;
  readonly isNumber: boolean;
  readonly isTime: boolean;
  /** "if", "unless": the paragraph states a condition. */
  readonly isCondition: boolean;
  /** "at", "in": a proper noun just after it names a place. */
  readonly isPlacePreposition: boolean;
  readonly isStopWord: boolean;
  /** Some alias phrase begins with this word's stem. */
  readonly startsAlias: boolean;
}

/**
 * Distinct spellings → entries, keyed by the scanner's hash so that a word already seen is found
 * without slicing it out of the paragraph (open addressing, linear probing).
 */
class WordTable {
  private hashes = new Int32Array(1 << 16);
  private used = new Int32Array(1 << 16).fill(-1);
  private readonly raws: string[] = [];
  private readonly entries: WordEntry[] = [];

  constructor(private readonly make: (raw: string) => WordEntry) {}

  get(text: string, start: number, end: number, hash: number): WordEntry {
    const used = this.used;
    const hashes = this.hashes;
    const mask = used.length - 1;
    const signed = hash | 0;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = used[slot]!;
      if (index === -1) return this.insert(text.slice(start, end), signed, slot);
      if (hashes[slot] === signed) {
        const raw = this.raws[index]!;
        if (raw.length === end - start && text.startsWith(raw, start)) return this.entries[index]!;
      }
    }
  }

  private insert(raw: string, hash: number, slot: number): WordEntry {
    const entry = this.make(raw);
    this.raws.push(raw);
    this.entries.push(entry);
    this.used[slot] = this.raws.length - 1;
    this.hashes[slot] = hash;
    if (this.raws.length * 2 > this.used.length) this.grow();
    return entry;
  }

  private grow(): void {
    const oldUsed = this.used;
    const oldHashes = this.hashes;
    this.used = new Int32Array(oldUsed.length * 2).fill(-1);
    this.hashes = new Int32Array(oldUsed.length * 2);
    const mask = this.used.length - 1;
    for (let old = 0; old < oldUsed.length; old++) {
      if (oldUsed[old] === -1) continue;
      let slot = oldHashes[old]! & mask;
      while (this.used[slot] !== -1) slot = (slot + 1) & mask;
      this.used[slot] = oldUsed[old]!;
      this.hashes[slot] = oldHashes[old]!;
    }
  }
}

/** What may stand between the words of one name: a space, a hyphen ("Abdul-Mahdi"). */
const NAME_GAP = /^[\s\-‐‑]+$/u;

/** The word at `start` begins with a capital letter. */
function isCapitalised(text: string, start: number): boolean {
  const code = text.charCodeAt(start);
  return code < 128 ? code >= 65 && code <= 90 : text.charAt(start) !== text.charAt(start).toLowerCase();
}

/** A word starting with a capital letter where a sentence does not start: a proper noun. */
export function isCapitalisedMidSentence(text: string, start: number): boolean {
  if (!isCapitalised(text, start)) return false;
  let i = start - 1;
  while (i >= 0 && /[\s"“‘'(]/u.test(text.charAt(i))) i--;
  return i >= 0 && !/[.!?:]/u.test(text.charAt(i));
}

/** Counts, per term, how often it is written as a proper noun. */
class CapitalisationCounter {
  private total = new Uint32Array(1024);
  private capitalised = new Uint32Array(1024);

  add(termId: number, capitalised: boolean): void {
    if (termId >= this.total.length) {
      const size = Math.max(termId + 1, this.total.length * 2);
      const total = new Uint32Array(size);
      const caps = new Uint32Array(size);
      total.set(this.total);
      caps.set(this.capitalised);
      this.total = total;
      this.capitalised = caps;
    }
    this.total[termId]!++;
    if (capitalised) this.capitalised[termId]!++;
  }

  /** Mostly capitalised mid-sentence (a term seen only at sentence starts is not a name). */
  isName(termId: number): boolean {
    return (this.capitalised[termId] ?? 0) * 2 > (this.total[termId] ?? 0);
  }
}

/** Grows the term table: ids are dense, in order of first appearance. */
class TermTable {
  readonly ids = new Map<string, number>();

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
    }
    return id;
  }
}

/** A typed array that doubles when full: postings are collected without a JS array per term. */
class GrowableInt32 {
  data = new Int32Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Postings collected paragraph by paragraph as (term, count) pairs, then laid out term by term
 * with a counting sort into two flat arrays; each term's postings are views into them.
 */
class PostingCollector {
  private readonly terms = new GrowableInt32();
  private readonly counts = new GrowableInt32();
  private readonly unitEnds = new GrowableInt32();
  private documentFrequency = new Int32Array(1024);

  add(termId: number, count: number): void {
    if (termId >= this.documentFrequency.length) {
      const grown = new Int32Array(Math.max(termId + 1, this.documentFrequency.length * 2));
      grown.set(this.documentFrequency);
      this.documentFrequency = grown;
    }
    this.documentFrequency[termId]!++;
    this.terms.push(termId);
    this.counts.push(count);
  }

  endUnit(): void {
    this.unitEnds.push(this.terms.length);
  }

  frequency(termId: number): number {
    return this.documentFrequency[termId] ?? 0;
  }

  /** Per term id: its units (ascending) and counts. */
  layOut(termCount: number): { units: Int32Array[]; counts: Uint16Array[] } {
    const starts = new Int32Array(termCount + 1);
    for (let id = 0; id < termCount; id++) starts[id + 1] = starts[id]! + this.frequency(id);
    const allUnits = new Int32Array(starts[termCount]!);
    const allCounts = new Uint16Array(starts[termCount]!);
    const fill = starts.slice(0, termCount);
    let pair = 0;
    for (let unit = 0; unit < this.unitEnds.length; unit++) {
      for (const end = this.unitEnds.data[unit]!; pair < end; pair++) {
        const termId = this.terms.data[pair]!;
        const at = fill[termId]!++;
        allUnits[at] = unit;
        allCounts[at] = this.counts.data[pair]!;
      }
    }
    const units: Int32Array[] = [];
    const counts: Uint16Array[] = [];
    for (let id = 0; id < termCount; id++) {
      units.push(allUnits.subarray(starts[id]!, starts[id + 1]!));
      counts.push(allCounts.subarray(starts[id]!, starts[id + 1]!));
    }
    return { units, counts };
  }
}

/** A phrase as the index stems it, words joined by spaces. */
function stemsOf(phrase: string): string {
  return tokenize(phrase)
    .map((token) => token.stem)
    .join(' ');
}

/** Countries' names, demonyms and capitals, peoples', days and months, stemmed as the index stems words. */
function backgroundStems(): Set<string> {
  return new Set([...backgroundNames().flatMap((names) => names.map(stemsOf)), ...[...NAMED_TIMES].map(stemsOf)]);
}

export function buildIndex(corpus: Corpus): SearchIndex {
  const aliasGroups = [...corpus.aliases, ...BUILT_IN_SYNONYMS];
  const aliases = new AliasMatcher(aliasGroups);
  const unitCount = corpus.documents.reduce((sum, document) => sum + document.paragraphs.length, 0);
  const unitDocument = new Int32Array(unitCount);
  const unitParagraph = new Int32Array(unitCount);
  const unitLength = new Float32Array(unitCount);
  const contextWeight = new Float32Array(unitCount);
  const unitFeatures = new Uint8Array(unitCount);
  const terms = new TermTable();
  const aliasTermIds = aliasGroups.map((_, group) => terms.id(aliasTerm(group)));
  const numberTerm = terms.id(NUMBER_FEATURE);
  const timeTerm = terms.id(TIME_FEATURE);
  const placeTerm = terms.id(PLACE_FEATURE);
  const conditionTerm = terms.id(CONDITION_FEATURE);
  const fullNameTerm = terms.id(FULL_NAME_FEATURE);
  const reasonTerm = terms.id(REASON_FEATURE);
  const words = new Map<string, string>();
  const entries = new WordTable((raw) => {
    const { folded, stem } = formsOf(raw);
    if (folded !== '' && !words.has(folded)) words.set(folded, stem);
    const stop = isStopWord(folded);
    return {
      folded,
      stem,
      termId: folded === '' || stop ? -1 : terms.id(stem),
      isNumber: isNumberWord(folded),
      isTime: isTimeWord(folded),
      isCondition: CONDITION_WORDS.has(folded),
      isPlacePreposition: PLACE_PREPOSITIONS.has(folded),
      isStopWord: stop,
      startsAlias: folded !== '' && aliases.startsPhrase(stem),
    };
  });
  // Per-paragraph term counts, in scratch arrays reset after each paragraph.
  let scratch = new Uint16Array(1024);
  const touched: number[] = [];
  const count = (termId: number): void => {
    if (termId >= scratch.length) {
      const grown = new Uint16Array(Math.max(termId + 1, scratch.length * 2));
      grown.set(scratch);
      scratch = grown;
    }
    if (scratch[termId] === 0) touched.push(termId);
    if (scratch[termId]! < 65535) scratch[termId]!++;
  };
  const stems: string[] = [];
  const aliasStarts: number[] = [];
  const occurrences = new CapitalisationCounter();
  const postings = new PostingCollector();
  let totalLength = 0;
  let unit = 0;
  corpus.documents.forEach((document, documentIndex) => {
    for (const paragraph of document.paragraphs) {
      stems.length = 0;
      aliasStarts.length = 0;
      let length = 0;
      let hasNumber = false;
      let hasTime = false;
      let hasPlace = false;
      let hasCondition = false;
      let hasFullName = false;
      let previousCapitalised = false;
      let previousEnd = 0;
      let placeWindow = 0;
      let twoBefore = '';
      let oneBefore = '';
      const text = paragraph.text;
      scanWords(text, (start, end, hash) => {
        const entry = entries.get(text, start, end, hash);
        if (entry.folded === '') return;
        const idiom = isIdiomWord(twoBefore, oneBefore, entry.folded);
        twoBefore = oneBefore;
        oneBefore = entry.folded;
        if (entry.startsAlias) aliasStarts.push(stems.length);
        stems.push(entry.stem);
        if (entry.isNumber) hasNumber = true;
        if (entry.isTime) hasTime = true;
        if (entry.isCondition) hasCondition = true;
        // Most words are in lower case: the capital checks are skipped for them.
        const capitalised = isCapitalised(text, start);
        const properNoun = capitalised && isCapitalisedMidSentence(text, start);
        // A name in full: a capitalised word right after another ("Qassem Suleimani", "Gen. Qassem").
        if (properNoun && previousCapitalised && !entry.isTime && NAME_GAP.test(text.slice(previousEnd, start))) hasFullName = true;
        previousCapitalised = capitalised && !entry.isTime && !entry.isStopWord;
        previousEnd = end;
        if (placeWindow > 0 && !entry.isTime && properNoun) hasPlace = true;
        // "through the streets *of* Baghdad": "of" after the place's first noun carries the place on.
        placeWindow = entry.isPlacePreposition || (placeWindow >= 0 && placeWindow < PLACE_WINDOW && entry.folded === 'of') ? PLACE_WINDOW : placeWindow - 1;
        if (entry.termId >= 0 && !idiom) {
          length++;
          count(entry.termId);
          occurrences.add(entry.termId, properNoun);
        }
      });
      for (const found of aliases.findInStems(stems, aliasStarts)) count(aliasTermIds[found.group]!);
      if (hasNumber) count(numberTerm);
      if (hasTime) count(timeTerm);
      if (hasPlace) count(placeTerm);
      if (hasCondition) count(conditionTerm);
      if (hasFullName) count(fullNameTerm);
      const hasReason = REASON_CUES.test(text);
      if (hasReason) count(reasonTerm);
      unitFeatures[unit] =
        (hasNumber ? NUMBER_FLAG : 0) | (hasTime ? TIME_FLAG : 0) | (hasPlace ? PLACE_FLAG : 0) | (hasCondition ? CONDITION_FLAG : 0) | (hasFullName ? FULL_NAME_FLAG : 0) | (hasReason ? REASON_FLAG : 0);
      for (const termId of touched) {
        postings.add(termId, scratch[termId]!);
        scratch[termId] = 0;
      }
      postings.endUnit();
      touched.length = 0;
      unitDocument[unit] = documentIndex;
      unitParagraph[unit] = paragraph.number;
      unitLength[unit] = Math.max(length, 1);
      contextWeight[unit] = paragraph.number === 1 ? 0 : contextWeightFor(paragraph.text);
      totalLength += Math.max(length, 1);
      unit++;
    }
  });
  // Terms that never occur (an alias group the corpus never uses) are dropped from the lookup table.
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  const postingUnits: Int32Array[] = [];
  const postingCounts: Uint16Array[] = [];
  const isName: number[] = [];
  const isBackground: number[] = [];
  const backgroundTerms = backgroundStems();
  const laidOut = postings.layOut(terms.ids.size);
  for (const [term, id] of terms.ids) {
    if (postings.frequency(id) === 0) continue;
    const group = term.startsWith('~') ? Number(term.slice(1)) : -1;
    isName.push(group >= 0 ? (group < corpus.aliases.length ? 1 : 0) : occurrences.isName(id) ? 1 : 0);
    // A word term is its stem already; an alias group is a place when any of its phrases is one.
    isBackground.push((group >= 0 ? aliasGroups[group]!.some((phrase) => backgroundTerms.has(stemsOf(phrase))) : backgroundTerms.has(term)) ? 1 : 0);
    termIds.set(term, termNames.length);
    termNames.push(term);
    postingUnits.push(laidOut.units[id]!);
    postingCounts.push(laidOut.counts[id]!);
  }
  const averageLength = unitCount === 0 ? 1 : totalLength / unitCount;
  return {
    unitCount,
    unitDocument,
    unitParagraph,
    unitLength,
    contextWeight,
    unitFeatures,
    termIsName: Uint8Array.from(isName),
    termIsBackground: Uint8Array.from(isBackground),
    averageLength,
    termIds,
    termNames,
    postingUnits,
    postingCounts,
    words,
    sortedWords: [...words.keys()].sort(),
    aliases,
    aliasGroups,
  };
}
