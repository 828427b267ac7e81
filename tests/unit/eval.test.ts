import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { QUESTION_SETS, TYPO_SOURCE_SETS, evaluate, loadQuestionSet, questionSetProblem, type EvalReport, type QuestionSetName } from '../../scripts/lib/evaluate.js';
import { typoRobustness } from '../../scripts/lib/typos.js';

// Floors just under what `npm run eval` measures, so answer quality cannot silently regress.
let engine: Engine;
beforeAll(async () => {
  engine = createEngine(await loadCorpus('corpus'));
});

interface Floors {
  readonly top1: number;
  readonly recallAt3: number;
  /** Left out for a set without misspelled questions, which the test then checks it has none. */
  readonly typoTop1?: number;
  readonly falseAbstention: number;
  readonly nearMissAbstention: number;
  /** How many answerable questions the set has at least (80 unless said). */
  readonly answerable?: number;
}

function expectAtLeast(report: EvalReport, floors: Floors): void {
  expect(report.answerable).toBeGreaterThanOrEqual(floors.answerable ?? 80);
  expect(report.top1).toBeGreaterThanOrEqual(floors.top1);
  expect(report.recallAt3).toBeGreaterThanOrEqual(floors.recallAt3);
  if (floors.typoTop1 === undefined) expect(report.misspelled).toBe(0);
  else expect(report.typoTop1).toBeGreaterThanOrEqual(floors.typoTop1);
  expect(report.falseAbstention).toBeLessThanOrEqual(floors.falseAbstention);
  expect(report.offTopicAbstention).toBe(1);
  expect(report.nearMissAbstention).toBeGreaterThanOrEqual(floors.nearMissAbstention);
}

/** Each question set with its floors: top-1, recall@3, misspelled top-1, false abstention (at most), near-miss abstention. */
const FLOORS: Readonly<Record<QuestionSetName, Floors>> = {
  story: { top1: 0.98, recallAt3: 0.99, typoTop1: 0.95, falseAbstention: 0.01, nearMissAbstention: 0.99, answerable: 131 },
  holdout: { top1: 0.97, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.94, answerable: 90 },
  blind: { top1: 0.98, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.99 },
  extra: { top1: 0.99, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.92, answerable: 100 },
  final: { top1: 0.94, recallAt3: 0.98, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.89 },
  fresh: { top1: 0.98, recallAt3: 0.98, typoTop1: 0.94, falseAbstention: 0.01, nearMissAbstention: 0.89 },
  sealed: { top1: 0.97, recallAt3: 0.98, typoTop1: 0.99, falseAbstention: 0.02, nearMissAbstention: 0.99 },
  closing: { top1: 0.92, recallAt3: 0.95, typoTop1: 0.99, falseAbstention: 0.03, nearMissAbstention: 0.89 },
  dawn: { top1: 0.98, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.99 },
  dusk: { top1: 0.94, recallAt3: 0.97, typoTop1: 0.99, falseAbstention: 0.02, nearMissAbstention: 0.84 },
  pool: { top1: 0.94, recallAt3: 0.97, falseAbstention: 0.03, nearMissAbstention: 0.8, answerable: 60 },
  ember: { top1: 0.99, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.99 },
  vesper: { top1: 0.98, recallAt3: 0.99, typoTop1: 0.94, falseAbstention: 0.01, nearMissAbstention: 0.89 },
  twilight: { top1: 0.95, recallAt3: 0.96, typoTop1: 0.99, falseAbstention: 0.03, nearMissAbstention: 0.94, answerable: 100 },
  harbor: { top1: 0.97, recallAt3: 0.98, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.84 },
  lantern: { top1: 0.98, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.99 },
  aurora: { top1: 0.98, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.89 },
  zenith: { top1: 0.97, recallAt3: 0.97, typoTop1: 0.94, falseAbstention: 0.03, nearMissAbstention: 0.84 },
  meridian: { top1: 0.97, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.89 },
  solstice: { top1: 0.93, recallAt3: 0.98, typoTop1: 0.94, falseAbstention: 0.02, nearMissAbstention: 0.89 },
  equinox: { top1: 0.98, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.89 },
  kestrel: { top1: 0.95, recallAt3: 0.98, typoTop1: 0.91, falseAbstention: 0.01, nearMissAbstention: 0.89 },
  orbit: { top1: 0.97, recallAt3: 0.98, typoTop1: 0.99, falseAbstention: 0.02, nearMissAbstention: 0.84 },
  quartz: { top1: 0.94, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.89 },
  willow: { top1: 0.99, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.89 },
  yarrow: { top1: 0.98, recallAt3: 0.99, typoTop1: 0.94, falseAbstention: 0.01, nearMissAbstention: 0.84 },
  xenon: { top1: 0.98, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.89 },
  nimbus: { top1: 0.99, recallAt3: 0.99, typoTop1: 0.99, falseAbstention: 0.01, nearMissAbstention: 0.89 },
};

describe('answer quality', () => {
  it.each(QUESTION_SETS.map(({ name, file }) => [name, file] as const))('on the %s question set stays above its floors', async (name, file) => {
    expectAtLeast(evaluate(engine, await loadQuestionSet(file)), FLOORS[name]);
  });

  it('keeps answering right when a word of the question is misspelt', async () => {
    const sets = await Promise.all(TYPO_SOURCE_SETS.map((file) => loadQuestionSet(file)));
    const report = typoRobustness(engine, sets);
    expect(report.variants).toBeGreaterThan(900);
    expect(report.kept).toBeGreaterThanOrEqual(0.95);
  });

  it('refuses a question set of the wrong shape, saying which entry is wrong', () => {
    const set = { document: 'd', answerable: [{ q: 'why?', paragraphs: [1], tags: ['typo'] }], offTopic: [{ q: 'hi' }], nearMiss: [{ q: 'who?' }] };
    expect(questionSetProblem(set)).toBeUndefined();
    expect(questionSetProblem({ ...set, offTopic: ['hi'] })).toBe('"offTopic"[0] must be { "q": string }');
    expect(questionSetProblem({ ...set, answerable: [{ q: 'why?', paragraphs: [0] }] })).toMatch(/^"answerable"\[0\] must be/);
    expect(questionSetProblem({ ...set, nearMiss: undefined })).toBe('"nearMiss" must be a list');
  });
});
