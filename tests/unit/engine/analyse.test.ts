import { describe, expect, it } from 'vitest';
import { answerAsked } from '../../../src/engine/stages/analyse.js';
import { tokenize } from '../../../src/engine/text/normalise.js';
import { runUntil, townContext } from './corpus.js';

describe('stage: analyse', () => {
  it('reads what kind of answer the question words ask for', () => {
    const typeOf = (question: string) => answerAsked(tokenize(question), question).type;
    expect(typeOf('When did the council vote?')).toBe('date');
    expect(typeOf('In what year was the bridge built?')).toBe('date');
    expect(typeOf('How many supports cracked?')).toBe('number');
    expect(typeOf('how much will repairs cost')).toBe('number');
    expect(typeOf('Who is the mayor?')).toBe('person');
    expect(typeOf('Where do shop owners complain?')).toBe('place');
    expect(typeOf('Why was the bridge closed?')).toBe('none');
  });

  it('reads the first question word, and a "when" clause closed by a comma as a conjunction', () => {
    const typeOf = (question: string) => answerAsked(tokenize(question), question).type;
    expect(typeOf('What did the mayor say when the bridge closed?')).toBe('none');
    expect(typeOf('When the bridge closed, who spoke first?')).toBe('person');
    expect(typeOf('so in what year was the bridge built')).toBe('date');
  });

  it('requires a date for "when" and a count for "how many", not an amount for "how much"', () => {
    const mustBeStated = (question: string) => answerAsked(tokenize(question), question).mustBeStated;
    expect(mustBeStated('When did the council vote?')).toBe(true);
    expect(mustBeStated('How many supports cracked?')).toBe(true);
    expect(mustBeStated('How much of the town is flooded?')).toBe(false);
    expect(mustBeStated('Who is the mayor?')).toBe(false);
  });

  it('declines an empty question at once, naming itself', () => {
    expect(runUntil('  !!! ', townContext(), 'analyse').declinedBy).toBe('analyse');
    expect(runUntil('bridge', townContext(), 'analyse').declinedBy).toBeUndefined();
  });
});
