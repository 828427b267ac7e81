/** A character range [start, end) inside a passage's text. */
export interface Highlight {
  readonly start: number;
  readonly end: number;
}

export interface Passage {
  readonly document: string;
  readonly title: string;
  readonly paragraph: number;
  /** The paragraph's full text, exactly as in the corpus. */
  readonly text: string;
  readonly score: number;
  /** Surface forms in `text` that matched the question (for highlighting), in order of appearance, unique. */
  readonly matchedWords: readonly string[];
  /** Where those words stand in `text`, sorted, non-overlapping. */
  readonly highlights: readonly Highlight[];
  /** The sentence of `text` that best answers the question (verbatim substring of `text`). */
  readonly bestSentence: string;
}

export interface Answer {
  readonly question: string;
  readonly answered: boolean;
  /** Best first; empty when `answered` is false. */
  readonly passages: readonly Passage[];
  /** True when more ranked passages exist after these (for a "More passages" button). */
  readonly hasMore: boolean;
  /** When `answered` is false: the pipeline stage that declined (e.g. "retrieve", "decline"). */
  readonly declinedBy?: string;
}

export interface AnswerOptions {
  /** How many passages at most (default 3). */
  readonly top?: number;
  /** Skip this many ranked passages first (for "More passages"). */
  readonly offset?: number;
}

/** An autocomplete suggestion: a passage that matches the text typed so far. */
export interface Suggestion {
  readonly document: string;
  readonly paragraph: number;
  /** Human-readable, at most `maxLabelLength` characters. */
  readonly label: string;
}
