import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  datasetCorpus,
  datasetProblem,
  datasetQuestions,
  loadDataset,
  type Dataset,
} from '../../scripts/lib/dataset.js';
import { measureArticles } from '../../scripts/lib/measure.js';
import { answerableFigures } from '../../scripts/lib/score.js';
import { dataTable } from '../../scripts/lib/table.js';

const TINY: Dataset = {
  source: 'made up for the test',
  documents: [
    {
      id: 'volcanoes',
      title: 'Volcanoes',
      paragraphs: [
        'Volcanoes erupt molten basalt from deep chambers.',
        'Ash clouds from eruptions ground aircraft for days.',
      ],
    },
    {
      id: 'orchards',
      title: 'Orchards',
      paragraphs: [
        'Apple orchards bloom in spring across the valley.',
        'Pickers harvest the pears by hand in September.',
      ],
    },
  ],
  questions: [
    { q: 'What do volcanoes erupt?', document: 'volcanoes', paragraph: 1 },
    { q: 'When are the pears harvested?', document: 'orchards', paragraph: 2, impossible: false },
    { q: 'What colour is the basalt of the moon?', document: 'volcanoes', paragraph: 1, impossible: true },
  ],
};

describe('the --data loader', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'footnote-eval-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads a dataset file into a corpus numbered from 1 and its questions, impossible ones apart', async () => {
    const file = join(folder, 'tiny.json');
    await writeFile(file, JSON.stringify(TINY));
    const dataset = await loadDataset(file);
    const { documents, aliases } = datasetCorpus(dataset);
    expect(aliases).toEqual([]);
    expect(documents.map((d) => [d.id, d.title, d.paragraphs.length])).toEqual([
      ['volcanoes', 'Volcanoes', 2],
      ['orchards', 'Orchards', 2],
    ]);
    expect(documents[1]!.paragraphs[1]).toEqual({
      documentId: 'orchards',
      number: 2,
      text: 'Pickers harvest the pears by hand in September.',
    });
    expect(datasetCorpus(dataset, ['orchards']).documents.map((d) => d.id)).toEqual(['orchards']);
    const { answerable, impossible } = datasetQuestions(dataset);
    expect(answerable).toEqual([
      { q: 'What do volcanoes erupt?', document: 'volcanoes', paragraphs: [1] },
      { q: 'When are the pears harvested?', document: 'orchards', paragraphs: [2] },
    ]);
    expect(impossible.map((item) => item.q)).toEqual(['What colour is the basalt of the moon?']);
    expect(datasetQuestions(dataset, 'orchards').answerable).toHaveLength(1);
  });

  it('refuses a file that is not JSON or not of the format, naming the bad entry', async () => {
    const file = join(folder, 'broken.json');
    await writeFile(file, '{ "documents": ');
    await expect(loadDataset(file)).rejects.toThrow(/cannot read .*broken\.json/);
    await writeFile(
      file,
      JSON.stringify({ ...TINY, questions: [{ q: 'Where?', document: 'volcanoes', paragraph: 3 }] }),
    );
    await expect(loadDataset(file)).rejects.toThrow('"questions"[0]: "paragraph" must be a whole number from 1 to 2');
  });

  it('says what is wrong with a parsed dataset', () => {
    expect(datasetProblem(TINY)).toBeUndefined();
    expect(datasetProblem([])).toMatch(/^expected an object/);
    expect(datasetProblem({ ...TINY, documents: [] })).toBe('"documents" must be a non-empty list');
    expect(datasetProblem({ ...TINY, documents: [TINY.documents[0], TINY.documents[0]] })).toBe(
      '"documents"[1]: the id "volcanoes" is used twice',
    );
    expect(datasetProblem({ ...TINY, documents: [{ id: 'x', title: 'X', paragraphs: [''] }] })).toMatch(
      /^"documents"\[0\]: "paragraphs" must be/,
    );
    expect(datasetProblem({ ...TINY, questions: [{ q: 'Who?', document: 'lakes', paragraph: 1 }] })).toMatch(
      /^"questions"\[0\]: "document" must name one of the documents/,
    );
    expect(
      datasetProblem({ ...TINY, questions: [{ q: 'Who?', document: 'orchards', paragraph: 1, impossible: 'yes' }] }),
    ).toMatch(/"impossible" must be true or false/);
  });

  it('measures each document and the pool with Footnote and BM25, in a table', () => {
    const { articles, pooled } = measureArticles(TINY);
    expect(
      articles.map((m) => [m.label, m.footnote.answerable.length, m.footnote.nearMiss.length, m.bm25.length]),
    ).toEqual([
      ['volcanoes', 1, 1, 1],
      ['orchards', 1, 0, 1],
    ]);
    expect(answerableFigures(pooled.bm25).top1).toEqual({ hits: 2, of: 2 });
    const table = dataTable(articles, pooled).split('\n');
    expect(table[0]).toMatch(
      /^Footnote \/ BM25, %\s+answerable\s+impossible\s+top-1\s+recall@3\s+declined\s+impossible declined$/,
    );
    expect(table.slice(1).map((line) => line.split(/\s+/).slice(0, 3))).toEqual([
      ['volcanoes', '1', '1'],
      ['orchards', '1', '0'],
      ['pooled', '2', '1'],
    ]);
    expect(table[3]).toMatch(/ \/ 100\.0 .* \/ —$/);
  });
});
