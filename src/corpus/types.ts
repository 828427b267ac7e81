/** One paragraph of a document, numbered from 1 after page furniture is dropped. */
export interface Paragraph {
  readonly documentId: string;
  /** 1-based, stable: the same file always yields the same numbers. */
  readonly number: number;
  readonly text: string;
}

export interface CorpusDocument {
  /** File name without extension, e.g. `iraq-parliament-votes-to-expel-us-troops`. */
  readonly id: string;
  readonly title: string;
  /** ISO date (YYYY-MM-DD) from front matter, when given. */
  readonly published?: string;
  readonly url?: string;
  /** Publisher / source name from front matter, when given. */
  readonly source?: string;
  readonly paragraphs: readonly Paragraph[];
  /** Questions this document answers, from the front matter's `examples:` list. */
  readonly examples?: readonly string[];
}

/** A set of phrases that mean the same thing, e.g. ["U.S.", "US", "United States", "America"]. */
export type AliasGroup = readonly string[];

export interface Corpus {
  readonly documents: readonly CorpusDocument[];
  readonly aliases: readonly AliasGroup[];
}
