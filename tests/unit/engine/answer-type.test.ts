import { describe, expect, it } from 'vitest';
import { statesAnswerType } from '../../../src/engine/stages/answer-type.js';
import { numberOf, runUntil, townContext } from './corpus.js';

describe('stage: fit the answer type', () => {
  it('recognises dates, numbers, people and places in any English sentence', () => {
    expect(statesAnswerType('The council voted on Tuesday.', 'date')).toBe(true);
    expect(statesAnswerType('It was built in 1932.', 'date')).toBe(true);
    expect(statesAnswerType('The council voted.', 'date')).toBe(false);
    expect(statesAnswerType('The library opens at nine, as it did last week.', 'date')).toBe(true);
    expect(statesAnswerType('Repairs cost 4 million dollars.', 'number')).toBe(true);
    expect(statesAnswerType('It takes eight months.', 'number')).toBe(true);
    expect(statesAnswerType('Nineteen shops and a single bank closed.', 'number')).toBe(true);
    expect(statesAnswerType('The shops closed.', 'number')).toBe(false);
    expect(statesAnswerType('The plan was praised by Mayor Jane Okafor.', 'person')).toBe(true);
    expect(statesAnswerType('The plan was praised by everyone.', 'person')).toBe(false);
    expect(statesAnswerType('They met at the Town Hall.', 'place')).toBe(true);
    expect(statesAnswerType('They met later.', 'place')).toBe(false);
    expect(statesAnswerType('Anything at all.', 'none')).toBe(false);
  });

  it('lifts a paragraph that states what is asked above one that only shares the words', () => {
    // Both ¶1 and ¶5 speak of the closure; only ¶1 says when.
    const withType = runUntil('when was the closure of the bridge decided', townContext(), 'answer-type');
    const withoutType = runUntil(
      'when was the closure of the bridge decided',
      townContext({ answerTypeWeight: 0 }),
      'answer-type',
    );
    const ctx = townContext();
    expect(numberOf(ctx, withType.candidates[0]!.paragraph)).toBe(1);
    expect(withType.candidates[0]!.score).toBeGreaterThan(withoutType.candidates[0]!.score);
  });

  it('answers "how many" from the best paragraph that states a number, lifting it over one that does not', () => {
    const question = 'How many reporters did the mayor tell about the repairs?';
    const ctx = townContext();
    expect(
      numberOf(ctx, runUntil(question, townContext({ statedAnswerDepth: 0 }), 'answer-type').candidates[0]!.paragraph),
    ).toBe(4);
    expect(numberOf(ctx, runUntil(question, ctx, 'answer-type').candidates[0]!.paragraph)).toBe(2);
  });

  it('declines a "how many" question when none of the best paragraphs states a number, naming itself', () => {
    expect(runUntil('How many shop owners complained?', townContext(), 'answer-type').declinedBy).toBe('answer-type');
    expect(
      runUntil('How many shop owners complained?', townContext({ statedAnswerDepth: 0 }), 'answer-type').declinedBy,
    ).toBeUndefined();
    expect(runUntil('How many supports cracked?', townContext(), 'answer-type').declinedBy).toBeUndefined();
  });
});
