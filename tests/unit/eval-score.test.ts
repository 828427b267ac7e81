import { describe, expect, it } from 'vitest';
import { corpusOf } from './discord-fakes.js';
import { measure, mergeCorpora, pool, type Systems } from '../../scripts/lib/measure.js';
import {
  answerableFigures,
  answerableMisses,
  ask,
  declinesByReason,
  type LabelledQuestion,
  type Ranked,
  type Ranker,
} from '../../scripts/lib/score.js';
import { cell, declinesTable, figuresOf, formatTable, missLines, RUN_COLUMNS } from '../../scripts/lib/table.js';

describe('scores and tables', () => {
  const question = (q: string, paragraphs: number[], misspelled = false): LabelledQuestion => ({
    q,
    document: 'd',
    paragraphs,
    misspelled,
  });
  /** Answers from a script: each question's cited paragraphs of document d, or a decline. */
  const scripted = (answers: Record<string, number[] | { declinedBy?: string }>): Ranker => ({
    answer(q): Ranked {
      const script = answers[q];
      if (script === undefined || !Array.isArray(script)) return { answered: false, passages: [], ...script };
      return { answered: true, passages: script.map((paragraph) => ({ document: 'd', paragraph })) };
    },
  });
  const ranker = scripted({ first: [1, 2], second: [3, 2, 1], misspelt: [4], declined: { declinedBy: 'retrieve' } });
  const questions = [
    question('first', [1]),
    question('second', [2]),
    question('misspelt', [4], true),
    question('declined', [1]),
    question('silent', [1]),
  ];

  it('counts top-1, recall@3, misspelled top-1 and declines over the outcomes', () => {
    const outcomes = ask(ranker, questions);
    expect(answerableFigures(outcomes)).toEqual({
      top1: { hits: 2, of: 5 },
      recallAt3: { hits: 3, of: 5 },
      misspelledTop1: { hits: 1, of: 1 },
      declined: { hits: 2, of: 5 },
    });
    expect(declinesByReason(outcomes)).toEqual(
      new Map([
        ['retrieve', 1],
        ['unspecified', 1],
      ]),
    );
    expect(answerableMisses(outcomes)).toEqual([
      'top-1 miss: "second" wants ¶2, got ¶3, ¶2, ¶1',
      'top-1 miss: "declined" wants ¶1, got declined (retrieve)',
      'top-1 miss: "silent" wants ¶1, got declined (unspecified)',
    ]);
  });

  it('prints Footnote / BM25 side by side, with — where BM25 never declines, and pools groups', () => {
    const systems: Systems = {
      footnote: ranker,
      bm25: scripted({ first: [2], second: [2], misspelt: [4], declined: [1], silent: [1] }),
    };
    const group = measure(systems, {
      label: 'made up',
      answerable: questions,
      offTopic: [{ q: 'declined' }, { q: 'first' }],
      nearMiss: [],
      listed: true,
    });
    const figures = figuresOf(group);
    expect(RUN_COLUMNS.map((column) => cell(column, figures))).toEqual([
      '40.0 / 80.0',
      '60.0 / 80.0',
      '100.0 / 100.0',
      '40.0 / —',
      '50.0 / —',
      '',
    ]);
    const pooled = pool('both', [group, { ...group, label: 'unread', listed: false }]);
    expect(figuresOf(pooled).footnote.top1).toEqual({ hits: 4, of: 10 });
    expect(missLines([pooled]).filter((line) => !line.startsWith(' '))).toEqual(['made up: 4 misses']);
    expect(missLines([pooled])).toContain('  answered off-topic: "first" → d ¶1, d ¶2');
    expect(declinesTable([pooled]).split('\n')).toEqual([
      'Footnote declines, by stage  answerable  to decline',
      'retrieve                              2           2',
      'unspecified                           2           0',
    ]);
  });

  it('aligns a table: labels to the left, figures to the right', () => {
    expect(
      formatTable(
        ['row', 'n', 'top-1'],
        [
          ['a long label', '5', '1.0 / 2.0'],
          ['b', '10'],
        ],
      ),
    ).toBe(['row            n      top-1', 'a long label   5  1.0 / 2.0', 'b             10'].join('\n'));
  });

  it('merges corpora, documents and aliases alike', () => {
    const merged = mergeCorpora([corpusOf({ a: ['x'] }), { ...corpusOf({ b: ['y'] }), aliases: [['US', 'U.S.']] }]);
    expect(merged.documents.map((d) => d.id)).toEqual(['a', 'b']);
    expect(merged.aliases).toEqual([['US', 'U.S.']]);
  });
});
