/**
 * BM25 ranking of paragraphs for a list of concepts, with two additions for news prose:
 * a paragraph inherits part of the previous paragraph's match (pronoun paragraphs), and
 * each concept counts once per paragraph, through its best alternative.
 */
import { CONTINUING_CONTEXT, featureFlag, type SearchIndex } from './index-build.js';
import type { Alternative, Concept } from './query.js';
import { rarity } from './background.js';

/** Term-frequency saturation, lower than the usual 1.2: in a paragraph, saying a name five times is barely more of an answer than saying it once. */
const K1 = 0.8;
/**
 * Length normalisation. Lower than the usual 0.75: a long paragraph that answers should not lose
 * to a one-line paragraph that merely repeats a name.
 */
const B = 0.2;
/** How many following paragraphs can inherit a match through a run of continuing paragraphs. */
const MAX_CONTEXT_STEPS = 3;
/** A match this close counts as the rare word itself: the word, an alias, or a misspelt name ("haalbousi"). */
const RARE_MATCH_FACTOR = 0.7;
/** Everyday-English rarity (background.ts) a word needs to count as evidence on its own. */
const RARE_CONCEPT_RARITY = 0.5;
/** Terms in more than this share of paragraphs (and more than COMMON_TERM_MIN) pass nothing on to the next paragraph. */
const COMMON_TERM_SHARE = 0.02;
const COMMON_TERM_MIN = 50;
/**
 * A name is carried on far more strongly than other words: "he" in a continuing paragraph
 * is the person just named, while "the vote" mentioned before is not what it is about.
 */
const NAME_CONTINUING = 0.9;
const NAME_DEFAULT = 0.3;

export interface RankedUnit {
  readonly unit: number;
  readonly score: number;
  /** Share (0–1) of the question's weight this paragraph (with its context) covers. */
  readonly coverage: number;
  /** How many of the question's required concepts the paragraph (with its context) matches. */
  readonly matchedConcepts: number;
  /** The paragraph's own words match a concept the corpus rarely mentions (see `isRareConcept`). */
  readonly rareMatch: boolean;
  /** At least one concept is matched in the paragraph's own words, not only through context. */
  readonly ownMatch: boolean;
  /** The paragraph (with its context) matches every name of someone the question mentions ("Sadr"; countries and peoples aside). */
  readonly allNames: boolean;
}

/** Lengths normalisation of BM25 per unit: 1 − B + B · length / average length. */
function lengthNorms(unitLength: Float32Array, averageLength: number): Float32Array {
  return unitLength.map((length) => 1 - B + (B * length) / averageLength);
}

/**
 * A concept the corpus rarely mentions: in one paragraph, or in at most 1% of them, through the
 * word itself or a close alias. Matching such a word ("quorum") is evidence on its own.
 */
export function isRareConcept(index: SearchIndex, concept: Concept): boolean {
  const limit = Math.max(1, Math.floor(index.unitCount * 0.01));
  // An everyday word ("help") the story happens to use once is no such evidence.
  if (rarity(concept.surface) < RARE_CONCEPT_RARITY) return false;
  return concept.alternatives.some(({ termId, factor }) => factor >= RARE_MATCH_FACTOR && !isBuiltInSynonym(index, termId) && index.postingUnits[termId]!.length <= limit);
}

/**
 * A built-in synonym group of everyday words ("recommend" for "urged"): a rare question word that
 * only reaches the story through one is a loose paraphrase, not the rare word itself. The
 * corpus's own aliases (names) are not built-in: their terms are marked as names.
 */
export function isBuiltInSynonym(index: SearchIndex, termId: number): boolean {
  return index.termNames[termId]!.startsWith('~') && index.termIsName[termId] !== 1;
}

/**
 * A concept that names someone or something the story is about ("Halbusi", "Islamic State"): a name
 * in the corpus that is not a country, a people, a day or a month ("Iraq", "Shiite", "Sunday"),
 * which set a story's scene rather than say whom a paragraph is about.
 */
function isNameConcept(index: SearchIndex, concept: Concept): boolean {
  const isBackground = concept.alternatives.some(({ termId }) => index.termIsBackground[termId] === 1);
  return !isBackground && concept.alternatives.some(({ termId, factor }) => factor >= RARE_MATCH_FACTOR && index.termIsName[termId] === 1);
}

/**
 * What a full answer must cover: the weight of the question's heaviest concepts, at most
 * QUESTION_CORE of them. A long, chatty question ("ok so I'm a vet, did two tours…") is no less
 * answered because it holds many words the story has no reason to contain.
 */
export const QUESTION_CORE = 6;

function questionWeight(weights: number[]): number {
  return weights
    .sort((a, b) => b - a)
    .slice(0, QUESTION_CORE)
    .reduce((sum, weight) => sum + weight, 0);
}

export function idf(index: SearchIndex, documentFrequency: number): number {
  return Math.log(1 + (index.unitCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/**
 * The least share of its term's weight an alternative counts with in coverage, whatever its factor:
 * a frame word (factor 0.5), a distant alias. A frame word the corpus does not know ("what
 * *happened*", "who *else*") weighs the same share: unknown words weigh like the rarest corpus word,
 * which at 100,000 paragraphs is heavier than any story word ("else" outweighed "killed" and
 * "strike" together).
 */
const MIN_WEIGHT_FACTOR = 0.75;

/**
 * How much a concept weighs in coverage: its most specific alternative; for a word the corpus
 * does not know, a rare word's weight scaled by how rare the word is in everyday English.
 * `asTyped: false` weighs the word meant, not the spelling or alias typed.
 */
export function conceptWeight(index: SearchIndex, concept: Concept, { asTyped = true } = {}): number {
  if (concept.alternatives.length === 0) return idf(index, 1) * rarity(concept.surface) * (concept.frame === true ? MIN_WEIGHT_FACTOR : 1);
  let weight = 0;
  for (const { termId, factor } of concept.alternatives) {
    weight = Math.max(weight, idf(index, index.postingUnits[termId]!.length) * (asTyped ? Math.max(factor, MIN_WEIGHT_FACTOR) : 1));
  }
  return weight;
}

/**
 * A list of unit numbers in a preallocated typed array. A plain array that grows to tens of
 * thousands of entries on every query made ranking four times slower at 100,000 paragraphs.
 */
class UnitList {
  readonly items: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(capacity);
  }

  push(unit: number): void {
    this.items[this.length++] = unit;
  }
}

/** Scratch arrays reused between queries (one engine answers one query at a time). */
export class Ranker {
  /** BM25 length normalisation per unit, computed once per index. */
  private readonly lengthNorm: Float32Array;
  private readonly score: Float64Array;
  private readonly covered: Float64Array;
  private readonly own: Float64Array;
  private readonly context: Float64Array;
  private readonly ownMatched: Uint8Array;
  private readonly matched: Uint16Array;
  private readonly rare: Uint8Array;
  private readonly names: Uint16Array;
  private readonly touchedMark: Uint8Array;
  private readonly touched: UnitList;
  private readonly conceptTouched: UnitList;
  private readonly conceptMark: Uint8Array;

  constructor(private readonly index: SearchIndex) {
    const n = index.unitCount;
    this.lengthNorm = lengthNorms(index.unitLength, index.averageLength);
    this.score = new Float64Array(n);
    this.covered = new Float64Array(n);
    this.own = new Float64Array(n);
    this.context = new Float64Array(n);
    this.ownMatched = new Uint8Array(n);
    this.matched = new Uint16Array(n);
    this.rare = new Uint8Array(n);
    this.names = new Uint16Array(n);
    this.touchedMark = new Uint8Array(n);
    this.touched = new UnitList(n);
    this.conceptTouched = new UnitList(n);
    this.conceptMark = new Uint8Array(n);
  }

  /**
   * Following paragraphs inherit part of a match; a run of continuing paragraphs
   * ("He said…", "He also demanded…") carries it on, fading at each step.
   */
  private inherit(unit: number, value: number, isName: boolean, conceptTouched: UnitList): void {
    const { index } = this;
    let inherited = value;
    for (let next = unit + 1; next <= unit + MAX_CONTEXT_STEPS && next < index.unitCount; next++) {
      if (index.unitDocument[next] !== index.unitDocument[unit]) return;
      const continuing = index.contextWeight[next]! >= CONTINUING_CONTEXT;
      inherited *= isName ? (continuing ? NAME_CONTINUING : NAME_DEFAULT) : index.contextWeight[next]!;
      if (inherited <= 0) return;
      if (this.conceptMark[next] === 0) {
        this.conceptMark[next] = 1;
        conceptTouched.push(next);
      }
      if (inherited > this.context[next]!) this.context[next] = inherited;
      if (!continuing) return;
    }
  }

  /**
   * A feature ("states a number") is in a large share of paragraphs and only ever tips the balance
   * between paragraphs that match something else, so it is scored on those candidates alone
   * instead of over its whole posting list.
   */
  private scoreFeature({ termId, factor }: Alternative, touched: UnitList, conceptTouched: UnitList): void {
    const { index } = this;
    const flag = featureFlag(index.termNames[termId]!);
    const termIdf = idf(index, index.postingUnits[termId]!.length) * factor;
    const conceptCount = conceptTouched.length;
    const visit = (unit: number): void => {
      if ((index.unitFeatures[unit]! & flag) === 0) return;
      const value = (termIdf * (K1 + 1)) / (1 + K1 * this.lengthNorm[unit]!);
      if (this.conceptMark[unit] === 0) {
        this.conceptMark[unit] = 1;
        conceptTouched.push(unit);
      }
      if (value > this.own[unit]!) this.own[unit] = value;
    };
    for (let k = 0; k < touched.length; k++) visit(touched.items[k]!);
    for (let k = 0; k < conceptCount; k++) visit(conceptTouched.items[k]!);
  }

  /** Ranks paragraphs; returns at most `limit` of them, best first. */
  rank(question: readonly Concept[], limit = 50): { ranked: RankedUnit[]; totalWeight: number } {
    const { index } = this;
    // Concepts made only of features go last, so that their candidates are known.
    const onlyFeatures = (concept: Concept): boolean => concept.alternatives.every(({ termId }) => featureFlag(index.termNames[termId]!) !== 0);
    const concepts = [...question.filter((concept) => !onlyFeatures(concept)), ...question.filter(onlyFeatures)];
    const touched = this.touched;
    const conceptTouched = this.conceptTouched;
    touched.length = 0;
    const requiredWeights: number[] = [];
    let nameCount = 0;
    for (const concept of concepts) {
      const weight = conceptWeight(index, concept);
      const rareConcept = isRareConcept(index, concept);
      const isName = concept.required && isNameConcept(index, concept);
      if (isName) nameCount++;
      if (concept.required) requiredWeights.push(weight);
      conceptTouched.length = 0;
      const features: Alternative[] = [];
      for (const alternative of concept.alternatives) {
        const { termId, factor } = alternative;
        if (featureFlag(index.termNames[termId]!) !== 0) {
          features.push(alternative);
          continue;
        }
        const units = index.postingUnits[termId]!;
        const counts = index.postingCounts[termId]!;
        const termIdf = idf(index, units.length) * factor;
        // "He" in the next paragraph is a person just named, not a country or a people ("Iranian influence").
        const isName = index.termIsName[termId] === 1 && index.termIsBackground[termId] !== 1;
        // A word in a good share of all paragraphs says little about the paragraph after it.
        const inherits = units.length <= Math.max(COMMON_TERM_MIN, index.unitCount * COMMON_TERM_SHARE);
        const own = this.own;
        const context = this.context;
        const mark = this.conceptMark;
        const lengthNorm = this.lengthNorm;
        const contextWeight = index.contextWeight;
        const unitCount = index.unitCount;
        for (let i = 0; i < units.length; i++) {
          const unit = units[i]!;
          const tf = counts[i]!;
          const value = (termIdf * tf * (K1 + 1)) / (tf + K1 * lengthNorm[unit]!);
          if (mark[unit] === 0) {
            mark[unit] = 1;
            conceptTouched.push(unit);
          }
          if (value > own[unit]!) own[unit] = value;
          // contextWeight is 0 for a document's first paragraph, so this never crosses documents.
          const nextWeight = inherits && unit + 1 < unitCount ? contextWeight[unit + 1]! : 0;
          if (nextWeight > 0) {
            const continuing = nextWeight >= CONTINUING_CONTEXT;
            if (isName || continuing) {
              this.inherit(unit, value, isName, conceptTouched);
            } else {
              const next = unit + 1;
              const inherited = value * nextWeight;
              if (mark[next] === 0) {
                mark[next] = 1;
                conceptTouched.push(next);
              }
              if (inherited > context[next]!) context[next] = inherited;
            }
          }
        }
      }
      for (const feature of features) this.scoreFeature(feature, touched, conceptTouched);
      for (let k = 0; k < conceptTouched.length; k++) {
        const unit = conceptTouched.items[k]!;
        const ownValue = this.own[unit]!;
        this.score[unit]! += Math.max(ownValue, this.context[unit]!);
        if (concept.required) {
          this.covered[unit]! += ownValue > 0 ? weight : weight * 0.75;
          this.matched[unit]!++;
          if (rareConcept && ownValue > 0) this.rare[unit] = 1;
          if (isName) this.names[unit]!++;
        }
        if (ownValue > 0) this.ownMatched[unit] = 1;
        if (this.touchedMark[unit] === 0) {
          this.touchedMark[unit] = 1;
          touched.push(unit);
        }
        this.own[unit] = 0;
        this.context[unit] = 0;
        this.conceptMark[unit] = 0;
      }
    }
    const totalWeight = questionWeight(requiredWeights);
    const best = this.topUnits(touched, limit);
    const ranked: RankedUnit[] = best.map((unit) => ({
      unit,
      score: this.score[unit]!,
      coverage: totalWeight > 0 ? Math.min(1, this.covered[unit]! / totalWeight) : 0,
      matchedConcepts: this.matched[unit]!,
      rareMatch: this.rare[unit] === 1,
      ownMatch: this.ownMatched[unit] === 1,
      allNames: this.names[unit] === nameCount,
    }));
    for (let k = 0; k < touched.length; k++) {
      const unit = touched.items[k]!;
      this.score[unit] = 0;
      this.covered[unit] = 0;
      this.matched[unit] = 0;
      this.rare[unit] = 0;
      this.names[unit] = 0;
      this.ownMatched[unit] = 0;
      this.touchedMark[unit] = 0;
    }
    return { ranked, totalWeight };
  }

  /** The `limit` best-scoring units, best first (ties: earlier unit first), without sorting them all. */
  private topUnits(list: UnitList, limit: number): number[] {
    const touched = list.items.subarray(0, list.length);
    const better = (a: number, b: number): boolean => this.score[a]! > this.score[b]! || (this.score[a] === this.score[b] && a < b);
    if (touched.length <= limit * 4) return Array.from(touched).sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0)).slice(0, limit);
    // A min-heap of the best `limit` seen so far: O(n log limit).
    const heap: number[] = [];
    const siftDown = (i: number): void => {
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let worst = i;
        if (left < heap.length && better(heap[worst]!, heap[left]!)) worst = left;
        if (right < heap.length && better(heap[worst]!, heap[right]!)) worst = right;
        if (worst === i) return;
        [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
        i = worst;
      }
    };
    for (const unit of touched) {
      if (heap.length < limit) {
        heap.push(unit);
        for (let i = heap.length - 1; i > 0; ) {
          const parent = (i - 1) >> 1;
          if (!better(heap[parent]!, heap[i]!)) break;
          [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
          i = parent;
        }
      } else if (better(unit, heap[0]!)) {
        heap[0] = unit;
        siftDown(0);
      }
    }
    return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  }
}
