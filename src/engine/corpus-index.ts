/**
 * The inverted index the stages search: every paragraph of every document, as BM25 needs it
 * (term → paragraphs with term frequency, paragraph lengths, document frequencies), plus each
 * document's title terms and the corpus's vocabulary for typo and sound-alike lookup.
 *
 * Paragraph text is not kept tokenised: the few paragraphs that reach the sentence-level stages
 * are analysed again on demand (`analyse`), which keeps a 100,000-paragraph index small.
 *
 * An index may extend another (`CorpusIndex.build` with a base): a server's own articles layered on the
 * operator's, which are shared, not copied. It answers as one index of both would: paragraph ids
 * continue the base's, and BM25's statistics are counted over both layers.
 */
import type { Corpus, CorpusDocument, Paragraph } from '../corpus/types.js';
import { PostingsBuilder, type Postings } from './postings.js';
import { AliasMatcher, aliasTerm } from './text/aliases.js';
import { formsOf, isStopWord, scanWords, tokenize, type Token } from './text/normalise.js';
import {
  inheritedNames,
  isCapitalised,
  isPersonalPronoun,
  mayBeName,
  opensWithQuote,
  type NamesSaid,
} from './text/pronouns.js';
import { sentenceRanges } from './text/sentences.js';
import type { Highlight } from './types.js';

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
/** Paragraphs indexed between two pauses of a stepwise build (a few milliseconds' work). */
const PARAGRAPHS_PER_STEP = 200;

/**
 * Per-paragraph working space of the build, reused from one paragraph to the next: arrays made
 * afresh for each of 100,000 paragraphs end up in the old generation and inflate peak memory.
 */
interface ParagraphScratch {
  readonly names: Set<number>;
  readonly stems: string[];
  readonly capitalised: boolean[];
  /** How many entries of `stems` and `capitalised` belong to the paragraph being counted. */
  words: number;
}

/** What the index build knows of a word, by its spelling. */
interface IndexedWord {
  readonly word: string;
  readonly folded: string;
  readonly stem: string;
  /** The stem's term id in the postings builder, or -1 for a stop word. */
  readonly termId: number;
  readonly pronoun: boolean;
  /** Capitalised, it would be a name (it is no stop word and no everyday lower-case word). */
  readonly mayName: boolean;
}

export class CorpusIndex {
  readonly documents: readonly CorpusDocument[];
  readonly paragraphs: IndexedParagraph[];
  readonly aliases: AliasMatcher;
  /** Folded word → its stem, for every word this layer's articles use (stop words too). */
  private readonly vocabulary = new Map<string, string>();
  // Set by indexSteps, which the constructor or `build` runs to the end before the index is used.
  private titles: ReadonlySet<string>[] = [];
  private meanLength = 1;
  private totalLength = 0;
  private lengths = new Uint32Array(0);
  private postings = new PostingsBuilder().finish();
  private readonly firstParagraph: number[];
  private readonly analysisCache = new Map<number, AnalysedParagraph>();
  private sortedWords: string[] | undefined;
  /** Names a paragraph's he/she stands for (text/pronouns.ts), by paragraph id; absent when none. */
  private readonly inherited = new Map<number, readonly string[]>();
  /** Paragraph ids below this belong to the base index. */
  private readonly baseSize: number;

  /** Indexes the corpus in one go. */
  constructor(
    corpus: Corpus,
    /** The word-vector row of a folded word (-1 when none): analysed paragraphs carry it for soft matching. */
    private readonly vectorRow: (folded: string) => number = () => -1,
    /** Build in steps instead, through `CorpusIndex.build`: the constructor then leaves indexing to it. */
    stepwise = false,
    /** The index this one extends: its articles come first and are shared, not copied. */
    private readonly base?: CorpusIndex,
  ) {
    this.documents = [...(base?.documents ?? []), ...corpus.documents];
    this.paragraphs = [...(base?.paragraphs ?? [])];
    this.firstParagraph = [...(base?.firstParagraph ?? [])];
    this.baseSize = base?.size ?? 0;
    this.aliases = base?.aliases ?? new AliasMatcher(corpus.aliases);
    if (!stepwise) for (const _ of this.indexSteps(corpus, Infinity));
  }

  /**
   * Indexes the corpus a slice of paragraphs at a time, awaiting `pause` between slices, so that a
   * bot building one server's index keeps answering in the others. With `base`, the corpus's
   * documents come after the base's, whose aliases apply (the corpus's own are not read).
   */
  static async build(
    corpus: Corpus,
    vectorRow: (folded: string) => number,
    pause: () => Promise<void>,
    base?: CorpusIndex,
  ): Promise<CorpusIndex> {
    const index = new CorpusIndex(corpus, vectorRow, true, base);
    for (const _ of index.indexSteps(corpus, PARAGRAPHS_PER_STEP)) await pause();
    return index;
  }

  /** The indexing itself, yielding after every `slice` paragraphs. */
  private *indexSteps(corpus: Corpus, slice: number): Generator<void> {
    const builder = new PostingsBuilder();
    // The build's word cache, keyed by the scanner's hash (normalise.ts); dropped with the build.
    const wordsByHash = new Map<number, IndexedWord>();
    const scratch: ParagraphScratch = { names: new Set(), stems: [], capitalised: [], words: 0 };
    const lengths: number[] = [];
    const firstDocument = this.documents.length - corpus.documents.length;
    for (const [own, document] of corpus.documents.entries()) {
      const documentIndex = firstDocument + own;
      this.firstParagraph.push(this.paragraphs.length);
      let before: NamesSaid | undefined;
      for (const paragraph of document.paragraphs) {
        const id = this.paragraphs.length;
        this.paragraphs.push({ document: documentIndex, paragraph });
        const counted = this.countTerms(paragraph.text, builder, wordsByHash, scratch);
        const inherited = inheritedNames(before, counted.speaksThroughOthers);
        if (inherited.length > 0) this.inherited.set(id, inherited);
        for (const term of inherited) builder.countOnce(builder.idOf(term));
        before = { names: counted.names, inherited, speaksThroughOthers: counted.speaksThroughOthers };
        lengths.push(counted.length);
        builder.endParagraph(id);
        if ((id + 1) % slice === 0) yield;
      }
    }
    this.postings = builder.finish();
    this.lengths = Uint32Array.from(lengths);
    this.totalLength = (this.base?.totalLength ?? 0) + lengths.reduce((a, b) => a + b, 0);
    this.meanLength = this.size === 0 ? 1 : Math.max(1, this.totalLength / this.size);
    this.titles = [
      ...(this.base?.titles ?? []),
      ...corpus.documents.map((document) => new Set(this.termTokens(document.title).flatMap((token) => token.terms))),
    ];
  }

  get size(): number {
    return this.paragraphs.length;
  }

  /** Each document's title terms, by document index. */
  get titleTerms(): readonly ReadonlySet<string>[] {
    return this.titles;
  }

  /** The mean paragraph length in words, for BM25's length normalisation. */
  get averageLength(): number {
    return this.meanLength;
  }

  /** The stem of a word the corpus uses, or undefined. */
  stemOf(folded: string): string | undefined {
    return this.vocabulary.get(folded) ?? this.base?.stemOf(folded);
  }

  /** The words this layer's articles use (a base's words are its own layer's). */
  get layerWords(): IterableIterator<string> {
    return this.vocabulary.keys();
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
    for (let i = low; i < words.length && found.length < limit && words[i]!.startsWith(prefix); i++)
      found.push(words[i]!);
    if (!this.base) return found;
    return [...new Set([...found, ...this.base.wordsStartingWith(prefix, limit)])].sort().slice(0, limit);
  }

  /**
   * The term's postings, one list per layer that has it, the base's first (their paragraph ids are
   * lower). Lists, not one joined copy: a question must not allocate in proportion to the corpus.
   */
  postingsOf(term: string): Postings[] {
    const below = this.base?.postingsOf(term) ?? [];
    const own = this.postings.get(term);
    return own ? [...below, own] : below;
  }

  has(term: string): boolean {
    return this.postings.has(term) || (this.base?.has(term) ?? false);
  }

  /** How many paragraphs carry `term`. */
  documentFrequency(term: string): number {
    return this.postings.count(term) + (this.base?.documentFrequency(term) ?? 0);
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
    return paragraph < this.baseSize ? this.base!.lengthOf(paragraph) : this.lengths[paragraph - this.baseSize]!;
  }

  /** The global paragraph id of a document's paragraph (1-based number), or undefined. */
  paragraphId(documentIndex: number, number: number): number | undefined {
    const document = this.documents[documentIndex];
    if (!document || !Number.isInteger(number) || number < 1 || number > document.paragraphs.length) return undefined;
    return this.firstParagraph[documentIndex]! + number - 1;
  }

  /** A paragraph's tokens with their terms and sentences; cached, as the same paragraphs come back. */
  analyse(paragraph: number): AnalysedParagraph {
    if (paragraph < this.baseSize) return this.base!.analyse(paragraph);
    let analysed = this.analysisCache.get(paragraph);
    if (!analysed) {
      const text = this.paragraphs[paragraph]!.paragraph.text;
      const sentences = sentenceRanges(text);
      let sentence = 0;
      const names = this.inherited.get(paragraph) ?? [];
      const tokens = this.termTokens(text).map((token) => {
        while (sentence < sentences.length - 1 && token.token.start >= sentences[sentence]!.end) sentence++;
        const vectorRow = token.terms.length > 0 ? this.vectorRow(token.token.folded) : -1;
        return { token: token.token, terms: token.terms, sentence, vectorRow };
      });
      // The inherited names stand where the paragraph refers to them: at each he or she, else (a quotation carried on) at its first word.
      const carriers = tokens.filter(({ token }) => isPersonalPronoun(token.folded));
      for (const carrier of carriers.length > 0 ? carriers : tokens.slice(0, 1))
        carrier.terms = [...carrier.terms, ...names];
      analysed = { tokens, sentences };
      if (this.analysisCache.size >= ANALYSIS_CACHE_LIMIT) this.analysisCache.clear();
      this.analysisCache.set(paragraph, analysed);
    }
    return analysed;
  }

  /** A word met for the first time: its forms and what the index asks of it, computed once. */
  private learnWord(word: string, builder: PostingsBuilder): IndexedWord {
    const { folded, stem } = formsOf(word);
    if (folded !== '' && !this.vocabulary.has(folded)) this.vocabulary.set(folded, stem);
    const termId = folded === '' || isStopWord(folded) ? -1 : builder.idOf(stem);
    return { word, folded, stem, termId, pronoun: isPersonalPronoun(folded), mayName: mayBeName(folded) };
  }

  /**
   * One paragraph's term counts, length, name words and whether it speaks through others: the index
   * build's hot loop, so it makes no token objects (100,000 paragraphs are ten million words).
   */
  private countTerms(
    text: string,
    builder: PostingsBuilder,
    wordsByHash: Map<number, IndexedWord>,
    scratch: ParagraphScratch,
  ): { length: number; names: string[]; speaksThroughOthers: boolean } {
    const { names, stems, capitalised } = scratch;
    names.clear();
    scratch.words = 0;
    const withAliases = !this.aliases.isEmpty;
    let length = 0;
    let speaksThroughOthers = opensWithQuote(text);
    scanWords(text, (start, end, fullHash) => {
      // Looked up by the scanner's hash, checked in place: slicing ten million words is the slow part.
      // Thirty bits keep the key a small integer, which V8's maps hash fastest.
      const hash = fullHash & 0x3fffffff;
      let known = wordsByHash.get(hash);
      if (known === undefined || known.word.length !== end - start || !text.startsWith(known.word, start)) {
        known = this.learnWord(text.slice(start, end), builder);
        wordsByHash.set(hash, known);
      }
      if (known.folded === '') return;
      length++;
      if (known.pronoun) speaksThroughOthers = true;
      const isName = known.mayName && isCapitalised(text.charCodeAt(start));
      if (withAliases) {
        stems[scratch.words] = known.stem;
        capitalised[scratch.words++] = isName;
      }
      if (known.termId < 0) return;
      builder.count(known.termId);
      if (isName) names.add(known.termId);
    });
    if (withAliases) {
      for (const match of this.aliases.find(stems, scratch.words)) {
        const termId = builder.idOf(aliasTerm(match.group));
        builder.count(termId);
        if (capitalised[match.from]) names.add(termId);
      }
    }
    return { length, names: [...names].map((termId) => builder.termOf(termId)), speaksThroughOthers };
  }

  /** Tokens with their terms: the stem of each word that is not a stop word, plus alias-group terms. */
  private termTokens(text: string): { token: Token; terms: string[] }[] {
    const tokens = tokenize(text);
    const result = tokens.map((token) => ({ token, terms: isStopWord(token.folded) ? [] : [token.stem] }));
    if (!this.aliases.isEmpty) {
      for (const match of this.aliases.find(tokens.map((token) => token.stem))) {
        // Every word of the phrase carries its group, for highlighting and proximity.
        for (let k = match.from; k < match.from + match.length; k++) result[k]!.terms.push(aliasTerm(match.group));
      }
    }
    return result;
  }
}
