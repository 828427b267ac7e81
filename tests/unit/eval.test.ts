import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import { createEngine, type Engine } from '../../src/engine/index.js';
import { HOLDOUT_SET, QUESTION_SET, evaluate, loadQuestionSet } from '../../scripts/lib/evaluate.js';

// Floors just under what `npm run eval` measures, so answer quality cannot silently regress.
let engine: Engine;
beforeAll(async () => {
  engine = createEngine(await loadCorpus('corpus'));
});

describe('answer quality', () => {
  it('on the development question set stays above its floors', async () => {
    const report = evaluate(engine, await loadQuestionSet(QUESTION_SET));
    expect(report.answerable).toBeGreaterThanOrEqual(80);
    expect(report.top1).toBeGreaterThanOrEqual(0.87);
    expect(report.recallAt3).toBeGreaterThanOrEqual(0.96);
    expect(report.typoTop1).toBeGreaterThanOrEqual(0.86);
    expect(report.falseAbstention).toBeLessThanOrEqual(0.01);
    expect(report.offTopicAbstention).toBeGreaterThanOrEqual(1);
    expect(report.nearMissAbstention).toBeGreaterThanOrEqual(0.78);
  });

  it('on the hold-out question set stays above its floors', async () => {
    const report = evaluate(engine, await loadQuestionSet(HOLDOUT_SET));
    expect(report.answerable).toBeGreaterThanOrEqual(80);
    expect(report.top1).toBeGreaterThanOrEqual(0.83);
    expect(report.recallAt3).toBeGreaterThanOrEqual(0.93);
    expect(report.typoTop1).toBeGreaterThanOrEqual(0.9);
    expect(report.falseAbstention).toBeLessThanOrEqual(0.025);
    expect(report.offTopicAbstention).toBeGreaterThanOrEqual(1);
    expect(report.nearMissAbstention).toBeGreaterThanOrEqual(0.43);
  });
});
