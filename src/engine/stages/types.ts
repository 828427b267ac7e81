/** What the pipeline's stages pass along: the question as read, its concepts, and the ranked candidates. */
import type { CorpusIndex } from '../corpus-index.js';
import type { SearchOptions } from '../options.js';
import type { FuzzyVocabulary } from '../lexicon/fuzzy.js';
import type { PhoneticIndex } from '../lexicon/phonetic.js';
import type { WordNet } from '../lexicon/wordnet.js';
import type { WordVectors } from '../lexicon/vectors.js';
import type { Token } from '../text/normalise.js';

/** What a question asks for, read from its question words. */
export type AnswerType = 'date' | 'number' | 'person' | 'place' | 'none';

/**
 * One thing the question names, with every index term that counts as saying it and how much each
 * counts (1 for the word itself, less for a misspelling, a derivation or a synonym).
 */
export interface Concept {
  /** The question's own words for it, as typed. */
  readonly words: readonly string[];
  /** Token positions in the question, first and last (for word order). */
  readonly position: number;
  /** Its share of the question's weight: its IDF, or its English rarity when the corpus lacks it. */
  readonly importance: number;
  /** Its share of the question in the abstention rule: how specific the word is in English at large. */
  readonly specificity: number;
  readonly variants: ReadonlyMap<string, number>;
  /** The word's row in the word vectors, for soft matching (-1: none). */
  readonly vectorRow: number;
}

export interface Candidate {
  readonly paragraph: number;
  /** The ranking score (BM25 plus sentence-level evidence). */
  score: number;
  /** Share of the question's weight (specificity) this paragraph says (0–1). */
  coverage: number;
  /** How much of it, in specific words: the sum of specificity × match factor. */
  matchedSpecificity: number;
  /** Index of the sentence that says most of the question. */
  bestSentence: number;
}

export interface SearchState {
  readonly question: string;
  tokens: Token[];
  answerType: AnswerType;
  /** The answer must state its type ("when" a date, "how many" a number), or the corpus doesn't say. */
  answerMustBeStated: boolean;
  /** Expect the last word to be still being typed (autocomplete). */
  readonly prefixLastWord: boolean;
  concepts: Concept[];
  candidates: Candidate[];
  /** Set by the stage that declines; later stages then do nothing. */
  declinedBy?: string;
}

/** What the stages read: the index and the lexical resources, built once per corpus. */
export interface StageContext {
  readonly index: CorpusIndex;
  readonly options: SearchOptions;
  readonly typos: FuzzyVocabulary;
  readonly sounds: PhoneticIndex;
  readonly wordNet: WordNet;
  readonly vectors: WordVectors;
}

export type Stage = (state: SearchState, context: StageContext) => void;
