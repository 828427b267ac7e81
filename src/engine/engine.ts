/**
 * The answer engine: corpus in, cited passages out. Pure and synchronous; no Discord, no I/O
 * beyond the lexical resources it reads on first use. The work is the pipeline in pipeline.ts.
 */
import type { Corpus, CorpusDocument, Paragraph } from '../corpus/types.js';
import { CorpusIndex } from './corpus-index.js';
import type { Engine } from './index.js';
import { FuzzyVocabulary } from './lexicon/fuzzy.js';
import { PhoneticIndex } from './lexicon/phonetic.js';
import { wordVectors } from './lexicon/vectors.js';
import { wordNet } from './lexicon/wordnet.js';
import { SEARCH_OPTIONS, type SearchOptions } from './options.js';
import { PIPELINE, runPipeline } from './pipeline.js';
import { toPassage } from './stages/passages.js';
import type { StageContext } from './stages/types.js';
import { isStopWord } from './text/normalise.js';
import type { Answer, AnswerOptions, Passage, Suggestion } from './types.js';

export interface EngineOptions {
  /** Passages per answer when the caller does not say (default 3). */
  readonly defaultTop?: number;
  /** Overrides of the tuning constants (for experiments and tests). */
  readonly search?: Partial<SearchOptions>;
}

/** A folded word's row in the shared word vectors (-1 when none), as an index reads it. */
function vectorRows(): (folded: string) => number {
  const vectors = wordVectors();
  return (folded) => vectors.row(folded);
}

/** The index and lexical resources the stages read, built once per corpus. */
export function buildStageContext(corpus: Corpus, overrides: Partial<SearchOptions> = {}): StageContext {
  return contextOn(new CorpusIndex(corpus, vectorRows()), overrides);
}

/** The stages' context over `index`; over an index that extends another, `base` is that one's context. */
function contextOn(index: CorpusIndex, overrides: Partial<SearchOptions>, base?: StageContext): StageContext {
  const vectors = wordVectors();
  const options = { ...SEARCH_OPTIONS, ...overrides };
  const words = [...index.layerWords].filter((word) => !isStopWord(word));
  // Misspellings are looked up among the corpus's words and their stems ("dumand" is "demand", stem of "demanded").
  const typoWords = [...new Set([...words, ...words.map((word) => index.stemOf(word)!)])];
  return {
    index,
    options,
    typos: new FuzzyVocabulary(typoWords, base?.typos),
    sounds: new PhoneticIndex(words, base?.sounds),
    wordNet: wordNet(options.wordNetSenses),
    vectors,
  };
}

function truncateLabel(text: string, maxLength: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxLength) return flat;
  return `${flat.slice(0, Math.max(0, maxLength - 1)).trimEnd()}…`;
}

class AnswerEngine implements Engine {
  readonly documents: readonly CorpusDocument[];
  private readonly stages: StageContext;
  private readonly defaultTop: number;

  constructor(documents: readonly CorpusDocument[], stages: StageContext, options: EngineOptions) {
    this.documents = documents;
    this.stages = stages;
    this.defaultTop = options.defaultTop ?? 3;
  }

  /** What an engine extending this one reuses. */
  get internals(): { readonly stages: StageContext; readonly defaultTop: number } {
    return { stages: this.stages, defaultTop: this.defaultTop };
  }

  answer(question: string, options: AnswerOptions = {}): Answer {
    const top = Math.max(1, options.top ?? this.defaultTop);
    const offset = Math.max(0, options.offset ?? 0);
    const state = runPipeline(question, this.stages);
    if (state.declinedBy !== undefined)
      return { question, answered: false, passages: [], hasMore: false, declinedBy: state.declinedBy };
    const best = state.candidates[0]!.score;
    const kept = state.candidates.filter((candidate) => candidate.score >= best * this.stages.options.minRelativeScore);
    const passages = kept
      .slice(offset, offset + top)
      .map((candidate) =>
        toPassage(this.stages, candidate.paragraph, candidate.score, state.concepts, candidate.bestSentence),
      );
    return { question, answered: true, passages, hasMore: kept.length > offset + top };
  }

  suggest(partial: string, limit = 25, maxLabelLength = 100): Suggestion[] {
    const text = partial.slice(0, this.stages.options.maxQuestionLength);
    const typing = text.length > 0 && !/\s$/.test(text);
    // Suggestions show what the words typed so far meet: no stage declines them.
    const state = runPipeline(
      text,
      this.stages,
      PIPELINE.filter(([name]) => name !== 'decide'),
      typing,
    );
    const { index } = this.stages;
    const ranked = state.candidates.map((candidate) => candidate.paragraph);
    const paragraphs =
      ranked.length > 0
        ? ranked
        : text.trim() === ''
          ? Array.from({ length: Math.min(limit, index.size) }, (_, i) => i)
          : [];
    return paragraphs.slice(0, Math.max(0, limit)).map((paragraph) => {
      const passage = toPassage(this.stages, paragraph, 0, state.concepts);
      return { document: passage.document, paragraph: passage.paragraph, label: this.label(passage, maxLabelLength) };
    });
  }

  passage(documentId: string, paragraph: number): Passage | undefined {
    const { index } = this.stages;
    const id = index.paragraphId(
      this.documents.findIndex((document) => document.id === documentId),
      paragraph,
    );
    return id === undefined ? undefined : toPassage(this.stages, id, 0, [], 0);
  }

  context(documentId: string, paragraph: number): Paragraph[] {
    const document = this.documents.find((candidate) => candidate.id === documentId);
    if (!document || paragraph < 1 || paragraph > document.paragraphs.length) return [];
    return document.paragraphs.slice(Math.max(0, paragraph - 2), paragraph + 1);
  }

  exampleQuestions(limit = 3): string[] {
    const examples = this.documents.flatMap((document) => {
      const own = document.examples ?? [];
      return own.length > 0 ? own : [document.title];
    });
    return examples.slice(0, Math.max(0, limit));
  }

  private label(passage: Passage, maxLength: number): string {
    const prefix =
      this.documents.length > 1 ? `${passage.title.slice(0, 30)} ¶${passage.paragraph} · ` : `¶${passage.paragraph} · `;
    return truncateLabel(prefix + passage.bestSentence, maxLength);
  }
}

export function createEngine(corpus: Corpus, options: EngineOptions = {}): Engine {
  return new AnswerEngine(corpus.documents, buildStageContext(corpus, options.search), options);
}

/** Lets the event loop run: other work goes on between two steps of an index build. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The same engine, indexed a slice of paragraphs at a time with the event loop let through between
 * slices: for a bot that builds one server's index while it answers in the others.
 */
export async function createEngineAsync(corpus: Corpus, options: EngineOptions = {}): Promise<Engine> {
  const index = await CorpusIndex.build(corpus, vectorRows(), nextTurn);
  return new AnswerEngine(corpus.documents, contextOn(index, options.search ?? {}), options);
}

/**
 * `base`'s articles and `documents` after them, answered as one engine over both would answer,
 * built in steps like `createEngineAsync`; `base`'s index is shared, not copied, so a server's own
 * articles cost memory for themselves only. `base` must come from `createEngine` or this module.
 */
export async function extendEngineAsync(base: Engine, documents: readonly CorpusDocument[]): Promise<Engine> {
  if (!(base instanceof AnswerEngine))
    throw new TypeError('extendEngineAsync: the base engine is not an answer engine');
  const { stages, defaultTop } = base.internals;
  const index = await CorpusIndex.build({ documents, aliases: [] }, vectorRows(), nextTurn, stages.index);
  return new AnswerEngine(index.documents, contextOn(index, stages.options, stages), { defaultTop });
}
