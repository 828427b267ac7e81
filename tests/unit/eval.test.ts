import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import { createEngine } from '../../src/engine/index.js';
import { evaluate, loadQuestionSet } from '../../scripts/lib/evaluate.js';

// Floors just under what `npm run eval` measures, so answer quality cannot silently regress.
describe('answer quality on the story question set', () => {
  it('stays above its floors', async () => {
    const report = evaluate(createEngine(await loadCorpus('corpus')), await loadQuestionSet());
    expect(report.answerable).toBeGreaterThanOrEqual(80);
    expect(report.top1).toBeGreaterThanOrEqual(0.75);
    expect(report.recallAt3).toBeGreaterThanOrEqual(0.87);
    expect(report.typoTop1).toBeGreaterThanOrEqual(0.73);
    expect(report.falseAbstention).toBeLessThanOrEqual(0.03);
    expect(report.offTopicAbstention).toBeGreaterThanOrEqual(0.9);
    expect(report.nearMissAbstention).toBeGreaterThanOrEqual(0.3);
  });
});
