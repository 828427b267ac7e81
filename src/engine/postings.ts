/**
 * Builds the inverted index's postings paragraph by paragraph, counting terms by integer id (a
 * string-keyed map per word is the cost that dominates indexing 100,000 paragraphs).
 */
export interface Postings {
  /** Paragraph ids carrying the term, ascending. */
  readonly paragraphs: Int32Array;
  /** How often the term occurs in each of them. */
  readonly frequencies: Uint16Array;
}

const MAX_FREQUENCY = 0xffff;

/** Postings are logged in chunks of this many, then sorted by term once: no array grows and is copied per term. */
const CHUNK = 1 << 20;

export class PostingsBuilder {
  private readonly ids = new Map<string, number>();
  private readonly terms: string[] = [];
  /** How many paragraphs each term is in. */
  private documentFrequency: number[] = [];
  /** This paragraph's counts by term id, and the ids counted (to reset them). */
  private counts: number[] = [];
  private touched: number[] = [];
  /** The log of postings, in paragraph order: term id, paragraph id, frequency. */
  private logTerms: Int32Array[] = [];
  private logParagraphs: Int32Array[] = [];
  private logFrequencies: Uint16Array[] = [];
  private logged = 0;

  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
      this.documentFrequency.push(0);
      this.counts.push(0);
    }
    return id;
  }

  termOf(id: number): string {
    return this.terms[id]!;
  }

  count(id: number): void {
    if (this.counts[id] === 0) this.touched.push(id);
    this.counts[id]!++;
  }

  /** Counts the term once in this paragraph, unless the paragraph already has it. */
  countOnce(id: number): void {
    if (this.counts[id] === 0) this.count(id);
  }

  endParagraph(paragraph: number): void {
    for (const id of this.touched) {
      const chunk = Math.floor(this.logged / CHUNK);
      if (chunk === this.logTerms.length) {
        this.logTerms.push(new Int32Array(CHUNK));
        this.logParagraphs.push(new Int32Array(CHUNK));
        this.logFrequencies.push(new Uint16Array(CHUNK));
      }
      const at = this.logged % CHUNK;
      this.logTerms[chunk]![at] = id;
      this.logParagraphs[chunk]![at] = paragraph;
      this.logFrequencies[chunk]![at] = Math.min(this.counts[id]!, MAX_FREQUENCY);
      this.logged++;
      this.documentFrequency[id]!++;
      this.counts[id] = 0;
    }
    this.touched = [];
  }

  /** All postings in one pair of arrays, grouped by term, each term's in paragraph order; the builder is empty afterwards. */
  finish(): PostingsTable {
    const table = new PostingsTable(this.terms, this.documentFrequency);
    for (let i = 0; i < this.logged; i++) {
      const chunk = Math.floor(i / CHUNK);
      const at = i % CHUNK;
      table.place(this.logTerms[chunk]![at]!, this.logParagraphs[chunk]![at]!, this.logFrequencies[chunk]![at]!);
    }
    this.logTerms = [];
    this.logParagraphs = [];
    this.logFrequencies = [];
    this.documentFrequency = [];
    this.counts = [];
    return table;
  }
}

/** Every term's postings, end to end, with each term's offset: looked up by term, read as views. */
export class PostingsTable {
  private readonly ids = new Map<string, number>();
  private readonly offsets: Int32Array;
  /** While placing: the next free slot of each term. */
  private next: Int32Array;
  private readonly paragraphs: Int32Array;
  private readonly frequencies: Uint16Array;

  constructor(terms: readonly string[], documentFrequency: readonly number[]) {
    this.offsets = new Int32Array(terms.length + 1);
    terms.forEach((term, id) => {
      this.ids.set(term, id);
      this.offsets[id + 1] = this.offsets[id]! + documentFrequency[id]!;
    });
    this.next = this.offsets.slice(0, terms.length);
    this.paragraphs = new Int32Array(this.offsets[terms.length]!);
    this.frequencies = new Uint16Array(this.paragraphs.length);
  }

  /** Places one posting; a term's postings must come in paragraph order. */
  place(id: number, paragraph: number, frequency: number): void {
    const slot = this.next[id]!++;
    this.paragraphs[slot] = paragraph;
    this.frequencies[slot] = frequency;
  }

  has(term: string): boolean {
    return this.count(term) > 0;
  }

  get(term: string): Postings | undefined {
    const id = this.ids.get(term);
    if (id === undefined || this.offsets[id + 1] === this.offsets[id]) return undefined;
    return {
      paragraphs: this.paragraphs.subarray(this.offsets[id]!, this.offsets[id + 1]!),
      frequencies: this.frequencies.subarray(this.offsets[id]!, this.offsets[id + 1]!),
    };
  }

  /** How many paragraphs carry the term. */
  count(term: string): number {
    const id = this.ids.get(term);
    return id === undefined ? 0 : this.offsets[id + 1]! - this.offsets[id]!;
  }
}
