import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import { SHARED_ARTICLES, WRITTEN_NEWS, loadDataset } from '../../scripts/lib/dataset.js';
import {
  QUESTION_SETS,
  TYPO_SOURCE_SETS,
  loadQuestionSet,
  loadStorySets,
  questionSetProblem,
} from '../../scripts/lib/evaluate.js';
import { evalRun, type EvalRun, type Measured } from '../../scripts/lib/measure.js';
import { ratio, type Share } from '../../scripts/lib/score.js';
import { figuresOf } from '../../scripts/lib/table.js';

// Floors a little under what `npm run eval` measures on pooled questions, so that answer quality
// cannot silently regress. Issue #16: guard pooled figures, not each set.
const sharedFile = fileURLToPath(SHARED_ARTICLES);
const hasShared = existsSync(sharedFile);

let run: EvalRun;
beforeAll(async () => {
  run = evalRun({
    story: await loadCorpus('corpus'),
    ...(await loadStorySets()),
    typoSources: await Promise.all(TYPO_SOURCE_SETS.map((file) => loadQuestionSet(file))),
    dataset: hasShared ? await loadDataset(sharedFile) : undefined,
    written: await loadDataset(fileURLToPath(WRITTEN_NEWS)),
  });
}, 120_000);

interface Floors {
  /** At least this many answerable questions, so that a set dropped by mistake shows. */
  readonly answerable: number;
  readonly top1: number;
  readonly recallAt3: number;
  readonly misspelledTop1?: number;
  /** At most. */
  readonly declined: number;
  readonly offTopicDeclined?: number;
  readonly nearMissDeclined: number;
}

const atLeast = (share: Share, floor: number): void => expect(ratio(share)).toBeGreaterThanOrEqual(floor);

function expectAbove(measured: Measured, floors: Floors): void {
  const { footnote } = figuresOf(measured);
  expect(footnote.top1.of).toBeGreaterThanOrEqual(floors.answerable);
  atLeast(footnote.top1, floors.top1);
  atLeast(footnote.recallAt3, floors.recallAt3);
  if (floors.misspelledTop1 !== undefined) atLeast(footnote.misspelledTop1, floors.misspelledTop1);
  expect(ratio(footnote.declined)).toBeLessThanOrEqual(floors.declined);
  if (floors.offTopicDeclined !== undefined) atLeast(footnote.offTopicDeclined, floors.offTopicDeclined);
  atLeast(footnote.nearMissDeclined, floors.nearMissDeclined);
}

describe('answer quality, pooled', () => {
  // Measured: 74.3 / 84.8 / 76.7 misspelled / 11.2 declined / 100 off-topic / 31.9 near-miss, on 1601 questions.
  it('on the story’s read sets stays above its floors', () => {
    expectAbove(run.story.read, {
      answerable: 1600,
      top1: 0.73,
      recallAt3: 0.84,
      misspelledTop1: 0.75,
      declined: 0.12,
      offTopicDeclined: 0.99,
      nearMissDeclined: 0.31,
    });
  });

  // Measured: 76.3 / 86.7 / 76.6 misspelled / 8.5 declined / 100 off-topic / 28.9 near-miss, on 720 questions.
  it('on the story’s unread sets stays above its floors', () => {
    expectAbove(run.story.unread, {
      answerable: 720,
      top1: 0.74,
      recallAt3: 0.85,
      misspelledTop1: 0.76,
      declined: 0.1,
      offTopicDeclined: 1,
      nearMissDeclined: 0.28,
    });
  });

  // Measured: 88.0 / 95.1 / 2.3 declined / 6.2 impossible declined, on 485 questions (BM25: 82.7 / 94.4).
  it.skipIf(!hasShared)('on the shared articles stays above its floors', () => {
    expectAbove(run.articles!.pooled, {
      answerable: 485,
      top1: 0.875,
      recallAt3: 0.948,
      declined: 0.03,
      nearMissDeclined: 0.055,
    });
  });

  // Measured: 70.8 / 78.3 / 15.0 declined / 15.0 impossible declined, on 120 questions (BM25: 68.3 / 84.2).
  it('on the written news corpus stays above its floors', () => {
    expectAbove(run.written!.pooled, {
      answerable: 120,
      top1: 0.69,
      recallAt3: 0.77,
      declined: 0.16,
      nearMissDeclined: 0.14,
    });
  });

  // Measured: 95.6% of 2926 questions declined when asked of the other corpora (issue #16 wants ≥ 95%).
  it.skipIf(!hasShared)('declines most questions about one corpus when asked of the others', () => {
    expect(run.crossCorpus.map((m) => m.label)).toEqual([
      'story → others',
      'computational-complexity-theory → others',
      'southern-california → others',
      'sky-united-kingdom → others',
      'written news → others',
    ]);
    const { footnote } = figuresOf(run.crossCorpusPooled);
    expect(footnote.offTopicDeclined.of).toBeGreaterThan(2900);
    atLeast(footnote.offTopicDeclined, 0.95);
  });

  // Measured: 95.0% of 852 variants (BM25: 94.9% of 732).
  it('keeps answering right when a word of the question is misspelt', () => {
    expect(run.typos.footnote.kept.of).toBeGreaterThan(800);
    atLeast(run.typos.footnote.kept, 0.94);
  });
});

describe('the question sets', () => {
  it('all load, each well-formed and about the story', async () => {
    const story = await loadCorpus('corpus');
    for (const { file } of QUESTION_SETS) {
      const set = await loadQuestionSet(file);
      const document = story.documents.find((d) => d.id === set.document);
      expect(document, `${String(file)} names a document of the corpus`).toBeDefined();
      const highest = Math.max(...set.answerable.flatMap((item) => item.paragraphs));
      expect(highest, `${String(file)} cites paragraphs that exist`).toBeLessThanOrEqual(document!.paragraphs.length);
    }
  });

  it('refuses a question set of the wrong shape, saying which entry is wrong', () => {
    const set = {
      document: 'd',
      answerable: [{ q: 'why?', paragraphs: [1], tags: ['typo'] }],
      offTopic: [{ q: 'hi' }],
      nearMiss: [{ q: 'who?' }],
    };
    expect(questionSetProblem(set)).toBeUndefined();
    expect(questionSetProblem({ ...set, offTopic: ['hi'] })).toBe('"offTopic"[0] must be { "q": string }');
    expect(questionSetProblem({ ...set, answerable: [{ q: 'why?', paragraphs: [0] }] })).toMatch(
      /^"answerable"\[0\] must be/,
    );
    expect(questionSetProblem({ ...set, nearMiss: undefined })).toBe('"nearMiss" must be a list');
  });
});
