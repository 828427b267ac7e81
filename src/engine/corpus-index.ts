/**
 * The inverted index the stages search: every paragraph of every document, as BM25 needs it
 * (term → paragraphs with term frequency, paragraph lengths, document frequencies), plus each
 * document's title terms and the corpus's vocabulary for typo and sound-alike lookup.
 *
 * Paragraph text is not kept tokenised: the few paragraphs that reach the sentence-level stages
 * are analysed again on demand (`analyseParagraph`), which keeps a 100,000-paragraph index small.
 */
import type { Corpus, CorpusDocument, Paragraph } from '../corpus/types.js';
import { AliasMatcher, aliasTerm } from './text/aliases.js';
import { isStopWord, tokenize, type Token } from './text/normalise.js';
import { inheritNames, isPersonalPronoun, nameTerms, speaksThroughOthers } from './text/pronouns.js';
import { sentenceRanges } from './text/sentences.js';
import type { Highlight } from './types.js';

export interface Postings {
  readonly paragraphs: Int32Array;
  readonly frequencies: Uint16Array;
}

export interface IndexedParagraph {
  readonly document: number;
  readonly paragraph: Paragraph;
}

/** One token of a paragraph with the index terms it carries (none for a stop word). */
export interface TermToken {
  readonly token: Token;
  terms: readonly string[];
  readonly sentence: number;
  /** The word's row in the word vectors, or -1 (stop words, unknown words). */
  readonly vectorRow: number;
}

export interface AnalysedParagraph {
  readonly tokens: readonly TermToken[];
  readonly sentences: readonly Highlight[];
}

const ANALYSIS_CACHE_LIMIT = 4000;

export class CorpusIndex {
  readonly documents: readonly CorpusDocument[];
  readonly paragraphs: IndexedParagraph[] = [];
  readonly aliases: AliasMatcher;
  /** Folded word → its stem, for every word the corpus uses (stop words too). */
  readonly vocabulary = new Map<string, string>();
  readonly titleTerms: ReadonlySet<string>[];
  readonly averageLength: number;
  private readonly lengths: Uint32Array;
  private readonly postings = new Map<string, Postings>();
  private readonly firstParagraph: number[] = [];
  private readonly analysisCache = new Map<number, AnalysedParagraph>();
  private sortedWords: string[] | undefined;
  /** Names a paragraph's he/she stands for (text/pronouns.ts), by paragraph id; absent when none. */
  private readonly inherited = new Map<number, readonly string[]>();

  constructor(
    corpus: Corpus,
    /** The word-vector row of a folded word (-1 when none): analysed paragraphs carry it for soft matching. */
    private readonly vectorRow: (folded: string) => number = () => -1,
  ) {
    this.documents = corpus.documents;
    this.aliases = new AliasMatcher(corpus.aliases);
    const building = new Map<string, { paragraphs: number[]; frequencies: number[] }>();
    const lengths: number[] = [];
    corpus.documents.forEach((document, documentIndex) => {
      this.firstParagraph.push(this.paragraphs.length);
      const analysed = document.paragraphs.map((paragraph) => {
        const tokens = this.termTokens(paragraph.text, true);
        return { tokens, names: nameTerms(paragraph.text, tokens), hasPronoun: speaksThroughOthers(paragraph.text, tokens) };
      });
      const inherited = inheritNames(analysed);
      document.paragraphs.forEach((paragraph, k) => {
        const id = this.paragraphs.length;
        this.paragraphs.push({ document: documentIndex, paragraph });
        const counts = new Map<string, number>();
        const { tokens } = analysed[k]!;
        for (const { terms } of tokens) for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
        if (inherited[k]!.length > 0) this.inherited.set(id, inherited[k]!);
        for (const term of inherited[k]!) if (!counts.has(term)) counts.set(term, 1);
        lengths.push(tokens.length);
        for (const [term, count] of counts) {
          let list = building.get(term);
          if (!list) building.set(term, (list = { paragraphs: [], frequencies: [] }));
          list.paragraphs.push(id);
          list.frequencies.push(Math.min(count, 0xffff));
        }
      });
    });
    for (const [term, list] of building) {
      this.postings.set(term, { paragraphs: Int32Array.from(list.paragraphs), frequencies: Uint16Array.from(list.frequencies) });
    }
    this.lengths = Uint32Array.from(lengths);
    this.averageLength = lengths.length === 0 ? 1 : Math.max(1, lengths.reduce((a, b) => a + b, 0) / lengths.length);
    this.titleTerms = corpus.documents.map((document) => new Set(this.termTokens(document.title, false).flatMap((token) => token.terms)));
  }

  get size(): number {
    return this.paragraphs.length;
  }

  /** Corpus words beginning with `prefix` (at most `limit`), for autocomplete of a word still being typed. */
  wordsStartingWith(prefix: string, limit: number): string[] {
    this.sortedWords ??= [...this.vocabulary.keys()].sort();
    const words = this.sortedWords;
    let low = 0;
    let high = words.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (words[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    const found: string[] = [];
    for (let i = low; i < words.length && found.length < limit && words[i]!.startsWith(prefix); i++) found.push(words[i]!);
    return found;
  }

  postingsOf(term: string): Postings | undefined {
    return this.postings.get(term);
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** How many paragraphs carry `term`. */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.paragraphs.length ?? 0;
  }

  /** BM25's inverse document frequency; a term the corpus never uses gets the value of one used once, less a half. */
  idf(term: string): number {
    return this.idfOfFrequency(this.documentFrequency(term));
  }

  idfOfFrequency(frequency: number): number {
    const n = this.paragraphs.length;
    return Math.log(1 + (n - frequency + 0.5) / (frequency + 0.5));
  }

  lengthOf(paragraph: number): number {
    return this.lengths[paragraph]!;
  }

  /** The global paragraph id of a document's paragraph (1-based number), or undefined. */
  paragraphId(documentIndex: number, number: number): number | undefined {
    const document = this.documents[documentIndex];
    if (!document || !Number.isInteger(number) || number < 1 || number > document.paragraphs.length) return undefined;
    return this.firstParagraph[documentIndex]! + number - 1;
  }

  /** A paragraph's tokens with their terms and sentences; cached, as the same paragraphs come back. */
  analyse(paragraph: number): AnalysedParagraph {
    let analysed = this.analysisCache.get(paragraph);
    if (!analysed) {
      const text = this.paragraphs[paragraph]!.paragraph.text;
      const sentences = sentenceRanges(text);
      let sentence = 0;
      const names = this.inherited.get(paragraph) ?? [];
      const tokens = this.termTokens(text, false).map((token) => {
        while (sentence < sentences.length - 1 && token.token.start >= sentences[sentence]!.end) sentence++;
        const vectorRow = token.terms.length > 0 ? this.vectorRow(token.token.folded) : -1;
        return { token: token.token, terms: token.terms, sentence, vectorRow };
      });
      // The inherited names stand where the paragraph refers to them: at each he or she, else (a quotation carried on) at its first word.
      const carriers = tokens.filter(({ token }) => isPersonalPronoun(token.folded));
      for (const carrier of carriers.length > 0 ? carriers : tokens.slice(0, 1)) carrier.terms = [...carrier.terms, ...names];
      analysed = { tokens, sentences };
      if (this.analysisCache.size >= ANALYSIS_CACHE_LIMIT) this.analysisCache.clear();
      this.analysisCache.set(paragraph, analysed);
    }
    return analysed;
  }

  /** Tokens with their terms: the stem of each word that is not a stop word, plus alias-group terms. */
  private termTokens(text: string, recordVocabulary: boolean): { token: Token; terms: string[] }[] {
    const tokens = tokenize(text);
    const result = tokens.map((token) => {
      if (recordVocabulary && !this.vocabulary.has(token.folded)) this.vocabulary.set(token.folded, token.stem);
      return { token, terms: isStopWord(token.folded) ? [] : [token.stem] };
    });
    if (!this.aliases.isEmpty) {
      for (const match of this.aliases.find(tokens.map((token) => token.stem))) {
        // The index counts a phrase once; highlighting and proximity want every word of it.
        const last = recordVocabulary ? match.from : match.from + match.length - 1;
        for (let k = match.from; k <= last; k++) result[k]!.terms.push(aliasTerm(match.group));
      }
    }
    return result;
  }
}
