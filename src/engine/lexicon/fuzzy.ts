/**
 * Typo-tolerant lookup of single words in the corpus's vocabulary.
 *
 * Fuse.js is strong on short strings and slow when it scans a large collection, so it never scans
 * the whole vocabulary: a trigram index first picks a few dozen words that share letters with the
 * misspelt word, and Fuse.js ranks just those. This keeps a lookup well under a millisecond at
 * 100,000 paragraphs.
 */
import Fuse from 'fuse.js';

export interface FuzzyMatch {
  readonly word: string;
  /** 1 for a perfect match, lower for worse ones (1 − Fuse score). */
  readonly similarity: number;
}

const MAX_CANDIDATES = 40;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const LOOKUP_CACHE_LIMIT = 5000;
/** Fuse.js score (0 = exact) above which a match is a different word, not a typo. */
const MAX_FUSE_SCORE = 0.4;

/**
 * Fuse.js finds the pattern anywhere inside a candidate, so it also scores words that merely
 * contain similar letters ("dating" in "voting"). A typo changes at most one letter in a short
 * word and two in a long one; anything further is another word.
 */
export function maxEdits(length: number): number {
  return length <= 7 ? 1 : 2;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, previous2[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** Two layers' matches as one list, best first, each word once. */
function mergeMatches(own: readonly FuzzyMatch[], below: readonly FuzzyMatch[]): FuzzyMatch[] {
  const best = new Map<string, FuzzyMatch>();
  for (const match of [...own, ...below])
    if ((best.get(match.word)?.similarity ?? -1) < match.similarity) best.set(match.word, match);
  return [...best.values()].sort((a, b) => b.similarity - a.similarity);
}

function trigrams(word: string): string[] {
  const padded = `^${word}$`;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
  return grams;
}

export class FuzzyVocabulary {
  private readonly words: string[];
  private readonly wordSet: ReadonlySet<string>;
  private readonly recent = new Map<string, readonly FuzzyMatch[]>();
  private readonly gramPostings = new Map<string, number[]>();
  private readonly shared: Uint16Array;

  constructor(
    words: Iterable<string>,
    /** The vocabulary this one adds to (a server's words to the operator's): looked up too. */
    private readonly base?: FuzzyVocabulary,
  ) {
    this.words = [...new Set(words)];
    this.wordSet = new Set(this.words);
    this.words.forEach((word, index) => {
      for (const gram of new Set(trigrams(word))) {
        const list = this.gramPostings.get(gram);
        if (list) list.push(index);
        else this.gramPostings.set(gram, [index]);
      }
    });
    this.shared = new Uint16Array(this.words.length);
  }

  get size(): number {
    return this.words.length;
  }

  /**
   * Vocabulary words one edit from `word`, looked up directly: swapped letters share few trigrams
   * with the word ("saets", "seats"), so the trigram pick can miss them among many closer-looking words.
   */
  private oneEditAway(word: string): string[] {
    const found: string[] = [];
    const consider = (variant: string): void => {
      if (variant !== word && this.wordSet.has(variant) && !found.includes(variant)) found.push(variant);
    };
    for (let i = 0; i < word.length; i++) {
      consider(word.slice(0, i) + word.slice(i + 1));
      if (i + 1 < word.length) consider(word.slice(0, i) + word[i + 1]! + word[i]! + word.slice(i + 2));
      for (const letter of ALPHABET) consider(word.slice(0, i) + letter + word.slice(i + 1));
    }
    for (let i = 0; i <= word.length; i++)
      for (const letter of ALPHABET) consider(word.slice(0, i) + letter + word.slice(i));
    return found;
  }

  private candidates(word: string, maxLengthGap: number, withNeighbours = false): string[] {
    const grams = [...new Set(trigrams(word))];
    const touched: number[] = [];
    for (const gram of grams) {
      for (const index of this.gramPostings.get(gram) ?? []) {
        if (this.shared[index] === 0) touched.push(index);
        this.shared[index]!++;
      }
    }
    const candidates = touched
      .filter(
        (index) => Math.abs(this.words[index]!.length - word.length) <= maxLengthGap && this.words[index] !== word,
      )
      .sort((a, b) => this.shared[b]! - this.shared[a]!)
      .slice(0, MAX_CANDIDATES)
      .map((index) => this.words[index]!);
    for (const index of touched) this.shared[index] = 0;
    if (withNeighbours)
      for (const near of this.oneEditAway(word)) if (!candidates.includes(near)) candidates.push(near);
    return candidates;
  }

  /** Words close to `word` (never `word` itself), best first. Words under 3 letters are not matched. */
  lookup(word: string): readonly FuzzyMatch[] {
    const cached = this.recent.get(word);
    if (cached !== undefined) return cached;
    const own = this.search(word);
    const found = this.base ? mergeMatches(own, this.base.lookup(word)) : own;
    // One question asks for the same word several times (spelling, phrase, concept): remember recent answers.
    if (this.recent.size >= LOOKUP_CACHE_LIMIT) this.recent.clear();
    this.recent.set(word, found);
    return found;
  }

  private search(word: string): FuzzyMatch[] {
    if (word.length < 3 || word.length > 32) return [];
    const candidates = this.candidates(word, maxEdits(word.length), true);
    if (candidates.length === 0) return [];
    const fuse = new Fuse(candidates, {
      includeScore: true,
      threshold: MAX_FUSE_SCORE,
      ignoreLocation: true,
      isCaseSensitive: true,
    });
    return fuse
      .search(word)
      .filter((result) => (result.score ?? 1) <= MAX_FUSE_SCORE)
      .filter((result) => editDistance(word, result.item, maxEdits(word.length)) <= maxEdits(word.length))
      .map((result) => ({ word: result.item, similarity: 1 - (result.score ?? 1) }));
  }
}
