/**
 * What `npm run eval` measures, as data: Footnote's engine and the BM25 baseline built on the same
 * paragraphs and asked the same questions. Shared by `npm run eval` and its test; lib/table.ts prints it.
 */
import type { Corpus } from '../../src/corpus/types.js';
import { createEngine } from '../../src/engine/index.js';
import { createBm25 } from './bm25.js';
import { datasetCorpus, datasetQuestions, type Dataset } from './dataset.js';
import { storyAnswerable, storyGroup, type QuestionSet } from './evaluate.js';
import { ask, type LabelledQuestion, type Outcome, type QuestionGroup, type Ranker } from './score.js';
import { typoRobustness, type TypoReport } from './typos.js';

export interface Asked {
  readonly answerable: readonly Outcome<LabelledQuestion>[];
  readonly offTopic: readonly Outcome[];
  readonly nearMiss: readonly Outcome[];
}

/** A group asked of both systems. BM25 never declines, so it is asked only the answerable questions. */
export interface Measured {
  readonly label: string;
  readonly listed: boolean;
  readonly footnote: Asked;
  readonly bm25: readonly Outcome<LabelledQuestion>[];
  /** The groups a pooled row was made of. */
  readonly parts?: readonly Measured[];
}

/** The two systems, built on the same corpus. */
export interface Systems {
  readonly footnote: Ranker;
  readonly bm25: Ranker;
}

/** A corpus with the questions asked about it, for the cross-corpus check. */
export interface NamedCorpus {
  readonly name: string;
  readonly corpus: Corpus;
  /** Its answerable questions, in groups so that only listed groups' misses are printed. */
  readonly groups: readonly QuestionGroup[];
}

export interface ArticlesRun {
  readonly articles: readonly Measured[];
  readonly pooled: Measured;
}

export interface StoryRun {
  readonly read: Measured;
  readonly unread: Measured;
}

export interface EvalRun {
  readonly story: StoryRun;
  /** Undefined when the shared articles' file is missing. */
  readonly articles: ArticlesRun | undefined;
  /** The project's own written news corpus: one engine on its documents. */
  readonly written: ArticlesRun | undefined;
  /** Each corpus's questions asked of an engine on the others: its `offTopic` outcomes, to be declined. */
  readonly crossCorpus: readonly Measured[];
  readonly crossCorpusPooled: Measured;
  readonly typos: { readonly footnote: TypoReport; readonly bm25: TypoReport };
}

export function systemsOn(corpus: Corpus): Systems {
  return { footnote: createEngine(corpus), bm25: createBm25(corpus) };
}

export function measure(systems: Systems, group: QuestionGroup): Measured {
  return {
    label: group.label,
    listed: group.listed,
    footnote: {
      answerable: ask(systems.footnote, group.answerable),
      offTopic: ask(systems.footnote, group.offTopic),
      nearMiss: ask(systems.footnote, group.nearMiss),
    },
    bm25: ask(systems.bm25, group.answerable),
  };
}

/** The groups measured on their own: a pooled row's parts, all the way down, or the row itself. */
export function leaves(measured: Measured): Measured[] {
  return measured.parts === undefined ? [measured] : measured.parts.flatMap(leaves);
}

/** Several measured groups as one row, which keeps them as its parts. */
export function pool(label: string, parts: readonly Measured[]): Measured {
  return {
    label,
    listed: false,
    parts,
    footnote: {
      answerable: parts.flatMap((m) => m.footnote.answerable),
      offTopic: parts.flatMap((m) => m.footnote.offTopic),
      nearMiss: parts.flatMap((m) => m.footnote.nearMiss),
    },
    bm25: parts.flatMap((m) => m.bm25),
  };
}

/** One corpus of several: their documents side by side, their aliases together. */
export function mergeCorpora(corpora: readonly Corpus[]): Corpus {
  return { documents: corpora.flatMap((c) => c.documents), aliases: corpora.flatMap((c) => c.aliases) };
}

export function measureStory(systems: Systems, read: readonly QuestionSet[], unread: readonly QuestionSet[]): StoryRun {
  return {
    read: measure(systems, storyGroup(`story, read (${read.length} sets)`, read, true)),
    unread: measure(systems, storyGroup(`story, unread (${unread.length} sets)`, unread, false)),
  };
}

/** Each document's questions as a group; impossible questions are its near-misses. */
export function articleGroups(dataset: Dataset): QuestionGroup[] {
  return dataset.documents.map(({ id }) => {
    const { answerable, impossible } = datasetQuestions(dataset, id);
    return { label: id, answerable, offTopic: [], nearMiss: impossible, listed: true };
  });
}

/** One engine on all of the dataset's documents, asked each document's questions. */
export function measureArticles(dataset: Dataset, pooledLabel = 'pooled'): ArticlesRun {
  const systems = systemsOn(datasetCorpus(dataset));
  const articles = articleGroups(dataset).map((group) => measure(systems, group));
  return { articles, pooled: pool(pooledLabel, articles) };
}

/** A group's answerable questions, as questions to decline. */
function asOffTopic(group: QuestionGroup): QuestionGroup {
  return {
    label: `${group.label}, asked of the other corpora`,
    answerable: [],
    offTopic: group.answerable,
    nearMiss: [],
    listed: group.listed,
  };
}

/** For each corpus, its answerable questions asked of an engine built on all the other corpora together; nothing with fewer than two. */
export function measureCrossCorpus(corpora: readonly NamedCorpus[]): Measured[] {
  if (corpora.length < 2) return [];
  // BM25 never declines: it is not asked.
  const unasked: Ranker = { answer: () => ({ answered: true, passages: [] }) };
  return corpora.map(({ name, groups }) => {
    const engine = createEngine(mergeCorpora(corpora.filter((c) => c.name !== name).map((c) => c.corpus)));
    return pool(
      `${name} → others`,
      groups.map((group) => measure({ footnote: engine, bm25: unasked }, asOffTopic(group))),
    );
  });
}

export interface EvalInput {
  readonly story: Corpus;
  readonly read: readonly QuestionSet[];
  readonly unread: readonly QuestionSet[];
  /** The read sets whose questions are misspelt synthetically. */
  readonly typoSources: readonly QuestionSet[];
  readonly dataset: Dataset | undefined;
  /** The project's written news corpus, one corpus of several documents. */
  readonly written?: Dataset | undefined;
}

/** The story and each of the dataset's documents as corpora of their own, with their answerable questions. */
export function namedCorpora(input: EvalInput): NamedCorpus[] {
  const story: NamedCorpus = {
    name: 'story',
    corpus: input.story,
    groups: [storyGroup('story, read', input.read, true), storyGroup('story, unread', input.unread, false)],
  };
  const written =
    input.written === undefined
      ? []
      : [{ name: 'written news', corpus: datasetCorpus(input.written), groups: articleGroups(input.written) }];
  const dataset = input.dataset;
  if (dataset === undefined) return [story, ...written];
  const articles = articleGroups(dataset).map((group) => ({
    name: group.label,
    corpus: datasetCorpus(dataset, [group.label]),
    groups: [group],
  }));
  return [story, ...articles, ...written];
}

/** The rows whose leaves hold every question asked in the run, each once. */
export function roots(run: EvalRun): Measured[] {
  return [
    run.story.read,
    run.story.unread,
    ...(run.articles === undefined ? [] : [run.articles.pooled]),
    ...(run.written === undefined ? [] : [run.written.pooled]),
    run.crossCorpusPooled,
  ];
}

/** Everything plain `npm run eval` prints. */
export function evalRun(input: EvalInput): EvalRun {
  const storySystems = systemsOn(input.story);
  const typoQuestions = storyAnswerable(input.typoSources);
  const corpora = namedCorpora(input);
  const crossCorpus = measureCrossCorpus(corpora);
  return {
    story: measureStory(storySystems, input.read, input.unread),
    articles: input.dataset === undefined ? undefined : measureArticles(input.dataset, 'shared articles, pooled'),
    written: input.written === undefined ? undefined : measureArticles(input.written, 'written news, pooled'),
    crossCorpus,
    crossCorpusPooled: pool('cross-corpus, pooled', crossCorpus),
    typos: {
      footnote: typoRobustness(storySystems.footnote, typoQuestions),
      bm25: typoRobustness(storySystems.bm25, typoQuestions),
    },
  };
}
