import { describe, expect, it } from 'vitest';
import { toPassage } from '../../../src/engine/stages/passages.js';
import { runUntil, townContext } from './corpus.js';

const context = townContext();

describe('stage: passages', () => {
  it('cites the paragraph with its matched words in bold and the sentence that says most', () => {
    const state = runUntil('what did the engineers find in the supports', context, 'decide');
    const passage = toPassage(
      context,
      state.candidates[0]!.paragraph,
      state.candidates[0]!.score,
      state.concepts,
      state.candidates[0]!.bestSentence,
    );
    expect(passage).toMatchObject({ document: 'town', title: 'Council closes the Harbour Bridge', paragraph: 1 });
    expect(passage.matchedWords).toEqual(['engineers', 'supports']);
    for (const { start, end } of passage.highlights)
      expect(passage.matchedWords).toContain(passage.text.slice(start, end));
    expect(passage.text).toContain(passage.bestSentence);
  });

  it('shows a pronoun in bold when it stands for the name asked about', () => {
    const state = runUntil('what did okafor urge', context, 'decide');
    const best = state.candidates[0]!;
    const passage = toPassage(context, best.paragraph, best.score, state.concepts, best.bestSentence);
    expect(passage.paragraph).toBe(3);
    expect(passage.matchedWords).toContain('She');
  });
});
