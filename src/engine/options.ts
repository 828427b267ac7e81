/**
 * Every tuning constant of the answer engine, in one place (like MiniSearch's
 * `defaultSearchOptions`). Each was set by hand and kept only if it helped on at least two of the
 * development corpora (the story's question sets and the shared articles) and hurt none.
 */
export const SEARCH_OPTIONS = {
  /**
   * BM25's term-frequency saturation and length normalisation (the usual values), and the share of
   * each question word's weight that follows its specificity in English (1 − s + s × specificity).
   */
  bm25: { k1: 1.2, b: 0.75, specificityShare: 0.6 },
  /** How much a paragraph word counts, by how it meets the question word (exact stem = 1). */
  match: {
    exact: 1,
    /** A phrase of the same `_aliases.txt` group. */
    alias: 1,
    /** A misspelling of a corpus word, one or two edits away (times Fuse.js's similarity). */
    typo: 0.9,
    /** A corpus word that sounds the same (Double Metaphone) but is further in letters. */
    sound: 0.7,
    /** A WordNet derivation ("invasion" ↔ "invade"). */
    derived: 0.3,
    /** A WordNet synonym of one of the word's commonest senses. */
    synonym: 0.2,
  },
  /** A paragraph word whose vector is at least this close (cosine) to a question word's counts as saying it… */
  vectorThreshold: 0.7,
  /** …at this share of an exact match, times the cosine. */
  vectorWeight: 0.5,
  /** The share of a word's letters by which a sound-alike may still differ (at least two letters). */
  soundSlack: 0.45,
  /** How many of a word's WordNet senses, commonest first, supply synonyms. */
  wordNetSenses: 3,
  /** Candidates from BM25 that the sentence-level stages re-score. */
  candidates: 40,
  /** Weight of the best sentence's matched IDF, added to BM25. */
  sentenceWeight: 1,
  /** Weight of question words that stand next to each other in the paragraph too. */
  adjacencyWeight: 1,
  /** How far apart (in words) two question words may stand in the paragraph and still count as together. */
  adjacencyWindow: 3,
  /** Added when the best sentence states what the question asks for (a date for "when"…), times the mean IDF. */
  answerTypeWeight: 0.5,
  /**
   * A "when" or "how many" question goes to the first of this many best candidates whose paragraph
   * states a date or a number; when none does, it is declined (0: never).
   */
  statedAnswerDepth: 3,
  /**
   * The abstention rule (stages/decide.ts): the best paragraph's share of the question's weight
   * (each word weighted by its specificity in English), plus `evidencePerWord` for each specific
   * word it says, up to `evidenceWords` of them, must reach `minEvidence`.
   */
  minEvidence: 0.78,
  /** A question word the document's title says counts, in the abstention rule, as this share said by each of its paragraphs. */
  titleShare: 0.5,
  evidencePerWord: 0.2,
  evidenceWords: 3,
  /** Matched words are shown in bold only for variants at least this close (not loose synonyms or word vectors). */
  highlightMinFactor: 0.5,
  /** Later passages must score at least this share of the best one, or they are noise. */
  minRelativeScore: 0.2,
  /** Longest question read, in characters. */
  maxQuestionLength: 2000,
};

export type SearchOptions = Readonly<typeof SEARCH_OPTIONS>;
