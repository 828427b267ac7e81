/**
 * Evaluation data beyond the story, in the format of `../shared/eval/squad/squad-dev-3articles.json`
 * (described in `../shared/eval/README.md`): documents with their paragraphs, and questions labelled
 * with a document and a 1-based paragraph, some marked `"impossible": true` (written to look
 * answerable from that paragraph, which does not answer them). `npm run eval -- --data FILE` reads it.
 */
import { readFile } from 'node:fs/promises';
import type { Corpus, CorpusDocument } from '../../src/corpus/types.js';
import type { LabelledQuestion } from './score.js';

export interface DatasetDocument {
  readonly id: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
}

export interface DatasetQuestion {
  readonly q: string;
  readonly document: string;
  /** 1-based, as the engine cites it (¶N). */
  readonly paragraph: number;
  readonly impossible?: boolean;
}

export interface Dataset {
  readonly source?: string;
  readonly documents: readonly DatasetDocument[];
  readonly questions: readonly DatasetQuestion[];
}

/** The questions of a dataset, as the eval asks them: those a paragraph answers, and those none does. */
export interface DatasetQuestions {
  readonly answerable: readonly LabelledQuestion[];
  readonly impossible: readonly LabelledQuestion[];
}

/** The shared articles, resolved from the repository's root as `../shared/eval/squad/…`. */
export const SHARED_ARTICLES = new URL('../../../shared/eval/squad/squad-dev-3articles.json', import.meta.url);
/** Made-up news articles with questions written blind for this project (tests/fixtures/corpora/README.md). */
export const WRITTEN_NEWS = new URL('../../tests/fixtures/corpora/written-news.json', import.meta.url);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function documentProblem(item: unknown): string | undefined {
  if (!isRecord(item)) return 'must be an object';
  if (!isText(item['id'])) return '"id" must be a non-empty string';
  if (typeof item['title'] !== 'string') return '"title" must be a string';
  const paragraphs = item['paragraphs'];
  if (!Array.isArray(paragraphs) || paragraphs.length === 0 || !paragraphs.every(isText))
    return '"paragraphs" must be a non-empty list of non-empty strings';
  return undefined;
}

function questionProblem(item: unknown, paragraphCounts: ReadonlyMap<string, number>): string | undefined {
  if (!isRecord(item)) return 'must be an object';
  const { q, document, paragraph, impossible } = item;
  if (!isText(q)) return '"q" must be a non-empty string';
  if (typeof document !== 'string' || !paragraphCounts.has(document))
    return `"document" must name one of the documents, not ${JSON.stringify(document)}`;
  const count = paragraphCounts.get(document)!;
  if (!Number.isInteger(paragraph) || (paragraph as number) < 1 || (paragraph as number) > count)
    return `"paragraph" must be a whole number from 1 to ${count}`;
  if (impossible !== undefined && typeof impossible !== 'boolean')
    return '"impossible" must be true or false when given';
  return undefined;
}

/** What is wrong with a parsed dataset, naming the first bad entry, or undefined when nothing is. */
export function datasetProblem(data: unknown): string | undefined {
  if (!isRecord(data)) return 'expected an object with "documents" and "questions"';
  const { documents, questions } = data;
  if (!Array.isArray(documents) || documents.length === 0) return '"documents" must be a non-empty list';
  if (!Array.isArray(questions)) return '"questions" must be a list';
  const paragraphCounts = new Map<string, number>();
  for (const [i, item] of documents.entries()) {
    const problem = documentProblem(item);
    if (problem !== undefined) return `"documents"[${i}]: ${problem}`;
    const { id, paragraphs } = item as unknown as DatasetDocument;
    if (paragraphCounts.has(id)) return `"documents"[${i}]: the id "${id}" is used twice`;
    paragraphCounts.set(id, paragraphs.length);
  }
  for (const [i, item] of questions.entries()) {
    const problem = questionProblem(item, paragraphCounts);
    if (problem !== undefined) return `"questions"[${i}]: ${problem}`;
  }
  return undefined;
}

export async function loadDataset(file: URL | string): Promise<Dataset> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${String(file)}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const problem = datasetProblem(data);
  if (problem !== undefined) throw new Error(`${String(file)} is not an eval dataset: ${problem}`);
  return data as Dataset;
}

function toCorpusDocument({ id, title, paragraphs }: DatasetDocument): CorpusDocument {
  return { id, title, paragraphs: paragraphs.map((text, i) => ({ documentId: id, number: i + 1, text })) };
}

/** The dataset's documents as a corpus (no aliases), numbered as the dataset numbers them; `only` picks some documents. */
export function datasetCorpus(dataset: Dataset, only?: readonly string[]): Corpus {
  const chosen = only === undefined ? dataset.documents : dataset.documents.filter((d) => only.includes(d.id));
  return { documents: chosen.map(toCorpusDocument), aliases: [] };
}

/** The dataset's questions, optionally those of one document, split into answerable and impossible. */
export function datasetQuestions(dataset: Dataset, documentId?: string): DatasetQuestions {
  const chosen = dataset.questions.filter((item) => documentId === undefined || item.document === documentId);
  const label = (item: DatasetQuestion): LabelledQuestion => ({
    q: item.q,
    document: item.document,
    paragraphs: [item.paragraph],
  });
  return {
    answerable: chosen.filter((item) => item.impossible !== true).map(label),
    impossible: chosen.filter((item) => item.impossible === true).map(label),
  };
}
