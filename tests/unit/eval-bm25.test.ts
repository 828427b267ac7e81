import { describe, expect, it } from 'vitest';
import { corpusOf } from './discord-fakes.js';
import { createBm25 } from '../../scripts/lib/bm25.js';

describe('the BM25 baseline', () => {
  const bm25 = createBm25(
    corpusOf({
      rivers: ['The river floods the lowlands every spring.', 'Engineers built a levee along the riverbank.'],
      mountains: ['Glaciers carve valleys into the mountains.', 'Climbers reach the summit before noon.'],
    }),
  );
  const first = (question: string): string | undefined => {
    const cited = bm25.answer(question, { top: 1 }).passages[0];
    return cited === undefined ? undefined : `${cited.document} ¶${cited.paragraph}`;
  };

  it('finds the paragraph that shares the question’s words', () => {
    expect(first('Who built the levee?')).toBe('rivers ¶2');
    expect(first('What carves valleys?')).toBe('mountains ¶1');
  });

  it('forgives a misspelling and matches a prefix', () => {
    expect(first('When do climbers reech the sumit?')).toBe('mountains ¶2');
    expect(first('glacier')).toBe('mountains ¶1');
  });

  it('cites at most `top` passages, and nothing for stop words alone', () => {
    expect(bm25.answer('the river and the mountains', { top: 3 }).passages.length).toBeLessThanOrEqual(3);
    expect(bm25.answer('river', { top: 1 }).passages).toHaveLength(1);
    expect(bm25.answer('what is it that they were', { top: 3 })).toEqual({ answered: false, passages: [] });
  });
});
