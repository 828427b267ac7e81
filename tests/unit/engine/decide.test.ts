import { describe, expect, it } from 'vitest';
import { evidence } from '../../../src/engine/stages/decide.js';
import { SEARCH_OPTIONS } from '../../../src/engine/options.js';
import { runUntil, townContext } from './corpus.js';

const context = townContext();

describe('stage: answer or decline', () => {
  it('answers when the best paragraph says most of the question', () => {
    expect(runUntil('how much will the bridge repairs cost', context, 'decide').declinedBy).toBeUndefined();
    expect(runUntil('who urged drivers to use the ferry', context, 'decide').declinedBy).toBeUndefined();
  });

  it('declines, naming itself, when the question asks about someone the corpus never mentions', () => {
    expect(runUntil('what did Governor Whitfield say about the ferry', context, 'decide').declinedBy).toBe('decide');
    expect(runUntil('who won the football match on Tuesday', context, 'decide').declinedBy).toBe('decide');
  });

  it('counts evidence as the share said plus a little for each specific word, up to a few', () => {
    const candidate = { paragraph: 0, score: 1, coverage: 0.5, matchedSpecificity: 10, bestSentence: 0 };
    expect(evidence(candidate, SEARCH_OPTIONS)).toBeCloseTo(
      0.5 + SEARCH_OPTIONS.evidencePerWord * SEARCH_OPTIONS.evidenceWords,
    );
    expect(evidence({ ...candidate, matchedSpecificity: 1 }, SEARCH_OPTIONS)).toBeCloseTo(
      0.5 + SEARCH_OPTIONS.evidencePerWord,
    );
  });
});
