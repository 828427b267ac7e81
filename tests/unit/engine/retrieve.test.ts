import { describe, expect, it } from 'vitest';
import { bm25Top, coverageOf } from '../../../src/engine/stages/retrieve.js';
import { numberOf, runUntil, townContext } from './corpus.js';

const context = townContext();
const ranked = (question: string, overrides = {}): number[] => {
  const ctx = Object.keys(overrides).length > 0 ? townContext(overrides) : context;
  return runUntil(question, ctx, 'retrieve').candidates.map((candidate) => numberOf(ctx, candidate.paragraph));
};

describe('stage: retrieve', () => {
  it('ranks by BM25: rarer words and more of them weigh more', () => {
    const state = runUntil('cracks supports engineers', context, 'expand');
    const top = bm25Top(state.concepts, context.index, context.options.bm25, 10);
    expect(top.map(([paragraph]) => numberOf(context, paragraph))).toEqual([1]);
    const ferry = bm25Top(
      runUntil('the ferry or the bridge', context, 'expand').concepts,
      context.index,
      context.options.bm25,
      2,
    );
    expect(ferry).toHaveLength(2);
    expect(ferry[0]![1]).toBeGreaterThanOrEqual(ferry[1]![1]);
    expect(ranked('ferry')[0]).toBe(3);
  });

  it('finds the paragraph of a pronoun through the names of the paragraph before', () => {
    // ¶3 says "She urged drivers to use the ferry"; ¶2 names Mayor Jane Okafor.
    expect(ranked('what did okafor urge drivers to do')[0]).toBe(3);
  });

  it('finds a carried-on quotation through its speaker in the paragraph before', () => {
    expect(ranked('what will okafor rebuild')[0]).toBe(4);
  });

  it('meets a word through its vector when the paragraph says it another way', () => {
    // ¶3 says "drivers", never "motorists": only the word vectors relate them.
    const withVectors = runUntil('should motorists use the ferry', townContext(), 'retrieve').candidates[0]!;
    const without = runUntil('should motorists use the ferry', townContext({ vectorWeight: 0 }), 'retrieve')
      .candidates[0]!;
    expect(numberOf(context, withVectors.paragraph)).toBe(3);
    expect(withVectors.coverage).toBeGreaterThan(without.coverage);
  });

  it('measures coverage as a share of the question and as a count of specific words', () => {
    const concepts = runUntil('okafor repairs cost', context, 'expand').concepts;
    const full = coverageOf(
      concepts,
      concepts.map(() => 1),
    );
    expect(full.coverage).toBe(1);
    expect(full.matchedSpecificity).toBeCloseTo(concepts.reduce((sum, concept) => sum + concept.specificity, 0));
    expect(
      coverageOf(
        concepts,
        concepts.map(() => 0),
      ).coverage,
    ).toBe(0);
  });

  it('declines, naming itself, when no paragraph says any word of the question', () => {
    expect(runUntil('zebras giraffes', context, 'retrieve').declinedBy).toBe('retrieve');
  });
});
