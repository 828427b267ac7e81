import { describe, expect, it } from 'vitest';
import { stemWord } from '../../../src/engine/text/normalise.js';
import { aliasTerm } from '../../../src/engine/text/aliases.js';
import type { Concept } from '../../../src/engine/stages/types.js';
import { PIPELINE, runPipeline } from '../../../src/engine/pipeline.js';
import { buildStageContext } from '../../../src/engine/engine.js';
import { runUntil, townContext } from './corpus.js';

const context = townContext();
const concepts = (question: string): Concept[] => runUntil(question, context, 'expand').concepts;
const conceptOf = (question: string, word: string): Concept | undefined =>
  concepts(question).find((concept) => concept.words.includes(word));

describe('stage: expand', () => {
  it('keeps words of substance, drops stop words, and counts a repeated word once', () => {
    expect(concepts('What did the council vote on, the council?').map((concept) => concept.words.join(' '))).toEqual([
      'council',
      'vote',
    ]);
    expect(runUntil('what is it', context, 'expand').declinedBy).toBe('expand');
  });

  it('turns an alias phrase into its group, in questions as in paragraphs', () => {
    const bridge = conceptOf('why was HB closed', 'hb');
    expect(bridge?.variants.get(aliasTerm(0))).toBe(1);
  });

  it('reads a misspelling as the corpus word, one slip costing less than two', () => {
    const [supports] = concepts('suports');
    expect(supports?.variants.get(stemWord('supports'))).toBeCloseTo(0.9);
    const [twice] = concepts('sapporst');
    expect(twice?.variants.get(stemWord('supports'))).toBeCloseTo(0.81);
    expect(conceptOf('what did the mayr say', 'mayr')?.variants.get(stemWord('mayor'))).toBeGreaterThan(0);
  });

  it('reads a misspelt everyday word as that word, and drops it when it is a stop word', () => {
    expect(concepts('what hapened btween the council and the shops').map((concept) => concept.words[0])).toEqual([
      'hapened',
      'council',
      'shops',
    ]);
  });

  it('does not read a real word the corpus lacks as a misspelling of one it has', () => {
    expect(conceptOf('did the night shift', 'night')?.variants.size ?? 0).toBe(0);
  });

  it('does not read a number as a misspelling of another', () => {
    const stadium = buildStageContext({
      aliases: [],
      documents: [
        {
          id: 'd',
          title: 'Sport',
          paragraphs: [{ documentId: 'd', number: 1, text: 'The stadium holds 15,000 fans.' }],
        },
      ],
    });
    const number = (question: string, word: string): Concept | undefined =>
      runUntil(question, stadium, 'expand').concepts.find((concept) => concept.words[0] === word);
    expect(number('does it hold 5000 fans', '5000')?.variants.size).toBe(0);
    expect(number('does it hold 15,000 fans', '15000')?.variants.size).toBe(1);
    expect(number('does the stadum hold fans', 'stadum')?.variants.size).toBe(1);
  });

  it('adds WordNet derivations and synonyms below the exact word', () => {
    const closing = conceptOf('why close it', 'close');
    expect(closing?.variants.get(stemWord('close'))).toBe(1);
    const repair = conceptOf('what will mending cost', 'mending');
    expect(
      [...(repair?.variants.entries() ?? [])].some(([term, factor]) => term === stemWord('repairs') && factor < 1),
    ).toBe(true);
  });

  it('weighs a name the corpus lacks fully and a common word lightly, in the abstention rule', () => {
    const [pompeo, happy] = concepts('pompeo happy');
    expect(pompeo!.specificity).toBe(1);
    expect(happy!.specificity).toBeLessThan(0.6);
  });

  it('lets the last word be a prefix while it is being typed (autocomplete)', () => {
    expect(runUntil('okaf', context, 'expand').concepts[0]?.variants.size ?? 0).toBe(0);
    const typing = runPipeline('okaf', context, PIPELINE.slice(0, 2), true);
    expect(typing.concepts[0]?.variants.get(stemWord('okafor'))).toBe(1);
  });
});
