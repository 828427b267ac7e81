/**
 * Stage 3, retrieve: BM25 over paragraphs, each concept counted by its best-matching variant,
 * then the best candidates re-scored with sentence-level evidence: how much of the question one
 * sentence says, and which question words stand together in the paragraph too.
 */
import type { CorpusIndex } from '../corpus-index.js';
import type { SearchOptions } from '../options.js';
import type { Candidate, Concept, Stage, StageContext } from './types.js';

/**
 * Score arrays a paragraph's slot of which is its id, shared by every index and question (a search
 * runs to its end before the next begins, and leaves them zeroed): grown to the largest index seen,
 * so that a bot's many server indexes over one big corpus do not each hold their own.
 */
interface Scratch {
  readonly scores: Float64Array;
  readonly best: Float64Array;
}
let scratch: Scratch = { scores: new Float64Array(0), best: new Float64Array(0) };

function scratchOf(index: CorpusIndex): Scratch {
  if (scratch.scores.length < index.size)
    scratch = { scores: new Float64Array(index.size), best: new Float64Array(index.size) };
  return scratch;
}

/** Higher score first; equal scores in corpus order. */
function ranksBefore(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
}

/** The `limit` best of `entries`, best first, kept in a small heap: sorting 100,000 scores is too slow a question. */
function topEntries(entries: Iterable<readonly [number, number]>, limit: number): [number, number][] {
  const heap: [number, number][] = [];
  const swap = (i: number, j: number): void => void ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  for (const entry of entries) {
    if (heap.length < limit) {
      heap.push([entry[0], entry[1]]);
      for (let i = heap.length - 1; i > 0 && ranksBefore(heap[(i - 1) >> 1]!, heap[i]!); i = (i - 1) >> 1)
        swap(i, (i - 1) >> 1);
    } else if (limit > 0 && ranksBefore(entry, heap[0]!)) {
      heap[0] = [entry[0], entry[1]];
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let worst = i;
        if (left < heap.length && ranksBefore(heap[worst]!, heap[left]!)) worst = left;
        if (right < heap.length && ranksBefore(heap[worst]!, heap[right]!)) worst = right;
        if (worst === i) break;
        swap(i, worst);
        i = worst;
      }
    }
  }
  return heap.sort((a, b) => (ranksBefore(a, b) ? -1 : 1));
}

/** BM25 of the paragraphs that match some concept: the `limit` best, as [paragraph, score], best first. */
export function bm25Top(
  concepts: readonly Concept[],
  index: CorpusIndex,
  { k1, b, specificityShare }: SearchOptions['bm25'],
  limit: number,
): [number, number][] {
  const { scores, best } = scratchOf(index);
  const scored: number[] = [];
  for (const concept of concepts) {
    // A concept counts once per paragraph, by its best variant.
    const touched: number[] = [];
    for (const [term, factor] of concept.variants) {
      const idf = index.idf(term);
      for (const postings of index.postingsOf(term)) {
        for (let i = 0; i < postings.paragraphs.length; i++) {
          const paragraph = postings.paragraphs[i]!;
          const tf = postings.frequencies[i]!;
          const norm = tf + k1 * (1 - b + (b * index.lengthOf(paragraph)) / index.averageLength);
          const value = (factor * idf * tf * (k1 + 1)) / norm;
          if (best[paragraph] === 0) touched.push(paragraph);
          if (value > best[paragraph]!) best[paragraph] = value;
        }
      }
    }
    // Words common in English ("name", "type", "called") tell less of where the answer is, whatever the corpus says.
    const weight = 1 - specificityShare + specificityShare * concept.specificity;
    for (const paragraph of touched) {
      if (scores[paragraph] === 0) scored.push(paragraph);
      scores[paragraph]! += weight * best[paragraph]!;
      best[paragraph] = 0;
    }
  }
  const entries = function* (): Generator<readonly [number, number]> {
    for (const paragraph of scored) yield [paragraph, scores[paragraph]!];
  };
  const top = topEntries(entries(), limit);
  for (const paragraph of scored) scores[paragraph] = 0;
  return top;
}

/** Where in a paragraph each concept is said: token positions, sentences and how well. */
export interface ConceptMatches {
  /** Per concept: the best factor anywhere in the paragraph (0 when absent). */
  readonly factors: number[];
  /** Per concept: token positions where it is said. */
  readonly positions: number[][];
  /** Per sentence: the matched weight (importance × factor, each concept once). */
  readonly sentenceWeights: number[];
}

export function matchConcepts(concepts: readonly Concept[], paragraph: number, context: StageContext): ConceptMatches {
  const { index, vectors, options } = context;
  const { tokens, sentences } = index.analyse(paragraph);
  const factors = concepts.map(() => 0);
  const positions: number[][] = concepts.map(() => []);
  const perSentence = sentences.map(() => concepts.map(() => 0));
  tokens.forEach(({ terms, sentence, vectorRow }, position) => {
    if (terms.length === 0) return;
    concepts.forEach((concept, c) => {
      let factor = 0;
      for (const term of terms) factor = Math.max(factor, concept.variants.get(term) ?? 0);
      // Soft match: a paragraph word whose meaning is close to the question word's, at a fraction of an exact match.
      if (factor < options.vectorWeight && concept.vectorRow >= 0 && vectorRow >= 0) {
        const cosine = vectors.cosine(concept.vectorRow, vectorRow);
        if (cosine >= options.vectorThreshold) factor = Math.max(factor, options.vectorWeight * cosine);
      }
      if (factor === 0) return;
      positions[c]!.push(position);
      factors[c] = Math.max(factors[c]!, factor);
      perSentence[sentence]![c] = Math.max(perSentence[sentence]![c]!, factor);
    });
  });
  const sentenceWeights = perSentence.map((row) =>
    row.reduce((sum, factor, c) => sum + factor * concepts[c]!.importance, 0),
  );
  return { factors, positions, sentenceWeights };
}

/** Question words next to each other (in question order) that stand within `window` words in the paragraph too. */
function adjacency(concepts: readonly Concept[], matches: ConceptMatches, window: number): number {
  let total = 0;
  for (let c = 0; c + 1 < concepts.length; c++) {
    const here = matches.positions[c]!;
    const next = matches.positions[c + 1]!;
    if (here.length === 0 || next.length === 0) continue;
    if (here.some((p) => next.some((q) => Math.abs(p - q) <= window && p !== q))) {
      total +=
        ((concepts[c]!.importance + concepts[c + 1]!.importance) / 2) *
        Math.min(matches.factors[c]!, matches.factors[c + 1]!);
    }
  }
  return total;
}

/** How well the document's title says the concept (0 when not at all). */
function titleFactor(concept: Concept, titleTerms: ReadonlySet<string>): number {
  let factor = 0;
  for (const [term, value] of concept.variants) if (titleTerms.has(term)) factor = Math.max(factor, value);
  return factor;
}

/** How much of the question the paragraph says: in specific words, and as a share of the question. */
export function coverageOf(
  concepts: readonly Concept[],
  factors: readonly number[],
): { coverage: number; matchedSpecificity: number } {
  const total = concepts.reduce((sum, concept) => sum + concept.specificity, 0);
  const matchedSpecificity = concepts.reduce((sum, concept, c) => sum + concept.specificity * factors[c]!, 0);
  return { coverage: total === 0 ? 0 : matchedSpecificity / total, matchedSpecificity };
}

function rescore(paragraph: number, bm25: number, concepts: readonly Concept[], context: StageContext): Candidate {
  const { index, options } = context;
  const matches = matchConcepts(concepts, paragraph, context);
  let bestSentence = 0;
  matches.sentenceWeights.forEach((weight, s) => {
    if (weight > matches.sentenceWeights[bestSentence]! + 1e-9) bestSentence = s;
  });
  const score =
    bm25 +
    options.sentenceWeight * (matches.sentenceWeights[bestSentence] ?? 0) +
    options.adjacencyWeight * adjacency(concepts, matches, options.adjacencyWindow);
  // A news paragraph seldom names its story's topic again: words of the title count as half said.
  const titleTerms = index.titleTerms[index.paragraphs[paragraph]!.document]!;
  const factors = matches.factors.map((factor, c) =>
    Math.max(factor, options.titleShare * titleFactor(concepts[c]!, titleTerms)),
  );
  return { paragraph, score, ...coverageOf(concepts, factors), bestSentence };
}

export const retrieve: Stage = (state, context) => {
  const { index, options } = context;
  const top = bm25Top(state.concepts, index, options.bm25, options.candidates);
  state.candidates = top.map(([paragraph, bm25]) => rescore(paragraph, bm25, state.concepts, context));
  state.candidates.sort((a, b) => b.score - a.score || a.paragraph - b.paragraph);
  if (state.candidates.length === 0) state.declinedBy = 'retrieve';
};
