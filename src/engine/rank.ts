/**
 * BM25 ranking of paragraphs for a list of concepts, with two additions for news prose:
 * a paragraph inherits part of the previous paragraph's match (pronoun paragraphs), and
 * each concept counts once per paragraph, through its best alternative.
 */
import { CONTINUING_CONTEXT, type SearchIndex } from './index-build.js';
import type { Concept } from './query.js';
import { rarity } from './background.js';

const K1 = 1.2;
/**
 * Length normalisation. Lower than the usual 0.75: a long paragraph that answers should not lose
 * to a one-line paragraph that merely repeats a name.
 */
const B = 0.35;
/** How many following paragraphs can inherit a match through a run of continuing paragraphs. */
const MAX_CONTEXT_STEPS = 3;

export interface RankedUnit {
  readonly unit: number;
  readonly score: number;
  /** Share (0–1) of the question's weight this paragraph (with its context) covers. */
  readonly coverage: number;
  /** At least one concept is matched in the paragraph's own words, not only through context. */
  readonly ownMatch: boolean;
}

export function idf(index: SearchIndex, documentFrequency: number): number {
  return Math.log(1 + (index.unitCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/**
 * How much a concept weighs in coverage: its most specific alternative; for a word the corpus
 * does not know, a rare word's weight scaled by how rare the word is in everyday English.
 */
export function conceptWeight(index: SearchIndex, concept: Concept): number {
  if (concept.alternatives.length === 0) return idf(index, 1) * rarity(concept.surface);
  let weight = 0;
  for (const { termId, factor } of concept.alternatives) {
    weight = Math.max(weight, idf(index, index.postingUnits[termId]!.length) * Math.max(factor, 0.75));
  }
  return weight;
}

/** Scratch arrays reused between queries (one engine answers one query at a time). */
export class Ranker {
  private readonly score: Float64Array;
  private readonly covered: Float64Array;
  private readonly own: Float64Array;
  private readonly context: Float64Array;
  private readonly ownMatched: Uint8Array;
  private readonly touchedMark: Uint8Array;
  private readonly conceptMark: Uint8Array;

  constructor(private readonly index: SearchIndex) {
    const n = index.unitCount;
    this.score = new Float64Array(n);
    this.covered = new Float64Array(n);
    this.own = new Float64Array(n);
    this.context = new Float64Array(n);
    this.ownMatched = new Uint8Array(n);
    this.touchedMark = new Uint8Array(n);
    this.conceptMark = new Uint8Array(n);
  }

  rank(concepts: readonly Concept[]): { ranked: RankedUnit[]; totalWeight: number } {
    const { index } = this;
    const touched: number[] = [];
    let totalWeight = 0;
    for (const concept of concepts) {
      const weight = conceptWeight(index, concept);
      if (concept.required) totalWeight += weight;
      const conceptTouched: number[] = [];
      const visit = (unit: number): void => {
        if (this.conceptMark[unit] === 0) {
          this.conceptMark[unit] = 1;
          conceptTouched.push(unit);
        }
      };
      for (const { termId, factor } of concept.alternatives) {
        const units = index.postingUnits[termId]!;
        const counts = index.postingCounts[termId]!;
        const termIdf = idf(index, units.length) * factor;
        for (let i = 0; i < units.length; i++) {
          const unit = units[i]!;
          const tf = counts[i]!;
          const norm = K1 * (1 - B + (B * index.unitLength[unit]!) / index.averageLength);
          const value = (termIdf * tf * (K1 + 1)) / (tf + norm);
          visit(unit);
          if (value > this.own[unit]!) this.own[unit] = value;
          // Following paragraphs inherit part of the match; a run of continuing paragraphs
          // ("He said…", "He also demanded…") carries it on, fading at each step.
          let inherited = value;
          for (let next = unit + 1; next <= unit + MAX_CONTEXT_STEPS && next < index.unitCount; next++) {
            if (index.unitDocument[next] !== index.unitDocument[unit]) break;
            const weight = index.contextWeight[next]!;
            inherited *= weight;
            if (inherited <= 0) break;
            visit(next);
            if (inherited > this.context[next]!) this.context[next] = inherited;
            if (weight < CONTINUING_CONTEXT) break;
          }
        }
      }
      for (const unit of conceptTouched) {
        const ownValue = this.own[unit]!;
        this.score[unit]! += Math.max(ownValue, this.context[unit]!);
        if (concept.required) this.covered[unit]! += ownValue > 0 ? weight : weight * 0.75;
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
    const ranked: RankedUnit[] = touched.map((unit) => ({
      unit,
      score: this.score[unit]!,
      coverage: totalWeight > 0 ? this.covered[unit]! / totalWeight : 0,
      ownMatch: this.ownMatched[unit] === 1,
    }));
    for (const unit of touched) {
      this.score[unit] = 0;
      this.covered[unit] = 0;
      this.ownMatched[unit] = 0;
      this.touchedMark[unit] = 0;
    }
    ranked.sort((a, b) => b.score - a.score || a.unit - b.unit);
    return { ranked, totalWeight };
  }
}
