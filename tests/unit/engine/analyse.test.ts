import { describe, expect, it } from 'vitest';
import { answerTypeOf } from '../../../src/engine/stages/analyse.js';
import { tokenize } from '../../../src/engine/text/normalise.js';
import { runUntil, townContext } from './corpus.js';

describe('stage: analyse', () => {
  it('reads what kind of answer the question words ask for', () => {
    const typeOf = (question: string) => answerTypeOf(tokenize(question));
    expect(typeOf('When did the council vote?')).toBe('date');
    expect(typeOf('In what year was the bridge built?')).toBe('date');
    expect(typeOf('How many supports cracked?')).toBe('number');
    expect(typeOf('how much will repairs cost')).toBe('number');
    expect(typeOf('Who is the mayor?')).toBe('person');
    expect(typeOf('Where do shop owners complain?')).toBe('place');
    expect(typeOf('Why was the bridge closed?')).toBe('none');
  });

  it('declines an empty question at once, naming itself', () => {
    expect(runUntil('  !!! ', townContext(), 'analyse').declinedBy).toBe('analyse');
    expect(runUntil('bridge', townContext(), 'analyse').declinedBy).toBeUndefined();
  });
});
