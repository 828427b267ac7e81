import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import type { Corpus } from '../../src/corpus/types.js';
import { createEngine, createEngineAsync, extendEngineAsync, type Engine } from '../../src/engine/index.js';

const STORY = 'iraq-parliament-votes-to-expel-us-troops';
let engine: Engine;

beforeAll(async () => {
  engine = createEngine(await loadCorpus('corpus'));
});

/** An engine over one small document whose paragraphs are `texts`, numbered from 1. */
function engineOver(...texts: string[]): Engine {
  return createEngine({
    aliases: [],
    documents: [
      {
        id: 'doc',
        title: 'Document',
        paragraphs: texts.map((text, k) => ({ documentId: 'doc', number: k + 1, text })),
      },
    ],
  });
}

const first = (question: string): number | undefined => engine.answer(question).passages[0]?.paragraph;

/** Paragraphs about something else, so that a small corpus's words are not all in every paragraph. */
const FILLER = [
  'Traffic on the river road has doubled since the spring.',
  'Shop owners say they were not consulted about the plan.',
  'Engineers found cracks in two of the supports.',
];

describe('answering (end to end, on the story)', () => {
  it('answers short everyday questions about its people and events', () => {
    expect(first('What did Abdul Mahdi say?')).toBe(7);
    expect(first('How many lawmakers voted?')).toBe(11);
    expect(first('What did Muqtada Sadr demand?')).toBe(15);
    expect(first("Why did Iraq's parliament vote to expel U.S. troops?")).toBe(1);
  });

  it('finds the paragraph despite typos, other spellings of names, case and punctuation', () => {
    expect(first('wat did soleimani do')).toBeDefined();
    expect(first('how many lawmakers votd')).toBe(11);
    expect(engine.answer('WHAT DID MOQTADA AL-SADR DEMAND').passages.map((passage) => passage.paragraph)).toContain(15);
    expect(first('what did sadr dumand')).toBe(15);
  });

  it('answers a pronoun paragraph through the name in the paragraph before', () => {
    // ¶6 is "He urged them to opt for the accelerated timetable."; ¶5 names Abdul Mahdi.
    expect(first('what did abdul mahdi urge lawmakers to opt for')).toBe(6);
  });

  it('names the stage that declined', () => {
    expect(engine.answer('').declinedBy).toBe('analyse');
    expect(engine.answer('What did Emmanuel Macron say about the vote?').declinedBy).toBe('decide');
  });

  it('says "not found" when nothing in the corpus is relevant', () => {
    for (const question of [
      'Who won the World Cup?',
      'write me a poem',
      'hi',
      '!!!',
      '',
      '   ',
      '🙂🙂',
      'What did Emmanuel Macron say about the vote?',
    ]) {
      const answer = engine.answer(question);
      expect(answer, question).toMatchObject({ answered: false, passages: [], hasMore: false });
    }
  });

  it('returns cited passages with text, score, matched words and the best sentence', () => {
    const answer = engine.answer('What did Muqtada Sadr call for?', { top: 2 });
    expect(answer.answered).toBe(true);
    expect(answer.passages.length).toBeLessThanOrEqual(2);
    const [best] = answer.passages;
    const paragraph = engine.documents[0]!.paragraphs[best!.paragraph - 1]!;
    expect(best).toMatchObject({ document: STORY, title: engine.documents[0]!.title, text: paragraph.text });
    expect(best!.score).toBeGreaterThan(0);
    expect(best!.text).toContain(best!.bestSentence);
    for (const { start, end } of best!.highlights)
      expect(best!.matchedWords).toContain(best!.text.slice(start, end).split(/\s+/)[0]);
    const scores = answer.passages.map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('pages through further passages with offset', () => {
    const page1 = engine.answer('Iraq troops', { top: 2 });
    const page2 = engine.answer('Iraq troops', { top: 2, offset: 2 });
    expect(page1.hasMore).toBe(true);
    expect(page2.passages[0]?.paragraph).not.toBe(page1.passages[0]?.paragraph);
    expect(page1.passages.map((p) => p.paragraph)).not.toContain(page2.passages[0]?.paragraph);
  });
});

describe('autocomplete, passages and context', () => {
  it('suggests passages for partial words', () => {
    const suggestions = engine.suggest('sulei');
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((s) => s.label.length <= 100)).toBe(true);
    expect(suggestions.map((s) => s.paragraph)).toContain(3);
    expect(engine.suggest('').length).toBeGreaterThan(0);
    expect(engine.suggest('zzzzqqq')).toEqual([]);
    expect(engine.suggest('a'.repeat(5000), 25, 40).every((s) => s.label.length <= 40)).toBe(true);
  });

  it('suggests passages for a "how many" still being typed, though none states a number yet', () => {
    // Declined as a question (the paragraphs about quorum state no number)…
    expect(engine.answer('how many legislators struggled to achieve quorum').declinedBy).toBe('answer-type');
    // …but autocomplete still shows what the words typed so far meet.
    expect(engine.suggest('how many legislators struggled to achieve quor').map((s) => s.paragraph)).toContain(10);
  });

  it('quotes one paragraph and its neighbours', () => {
    expect(engine.passage(STORY, 6)?.text).toBe('He urged them to opt for the accelerated timetable.');
    expect(engine.passage(STORY, 0)).toBeUndefined();
    expect(engine.passage(STORY, 17)).toBeUndefined();
    expect(engine.passage('nope', 1)).toBeUndefined();
    expect(engine.context(STORY, 6).map((p) => p.number)).toEqual([5, 6, 7]);
    expect(engine.context(STORY, 1).map((p) => p.number)).toEqual([1, 2]);
    expect(engine.context(STORY, 16).map((p) => p.number)).toEqual([15, 16]);
  });

  it('offers example questions that it can answer', () => {
    const examples = engine.exampleQuestions(3);
    expect(examples).toHaveLength(3);
    for (const question of examples) expect(engine.answer(question).answered, question).toBe(true);
  });
});

describe('more than one document', () => {
  it('searches every document and cites the right one', () => {
    const corpus: Corpus = {
      aliases: [],
      documents: [
        {
          id: 'weather',
          title: 'Storm hits coast',
          paragraphs: [{ documentId: 'weather', number: 1, text: 'A storm with heavy rain hit the coast on Monday.' }],
        },
        {
          id: 'cats',
          title: 'Cat show',
          paragraphs: [
            { documentId: 'cats', number: 1, text: 'The annual cat show drew large crowds.' },
            { documentId: 'cats', number: 2, text: 'A Maine Coon named Biscuit won best in show.' },
          ],
        },
      ],
    };
    const small = createEngine(corpus);
    expect(small.answer('which cat won best in show').passages[0]).toMatchObject({ document: 'cats', paragraph: 2 });
    expect(small.answer('when did the storm hit').passages[0]).toMatchObject({ document: 'weather', paragraph: 1 });
    expect(small.answer('what did the mayor say about the election').answered).toBe(false);
    expect(small.suggest('bisc')[0]?.label).toMatch(/Cat show ¶2/);
  });
});

describe('questions about another corpus', () => {
  it('declines questions about the story when asked of articles about something else', () => {
    const other: Corpus = {
      aliases: [],
      documents: [
        {
          id: 'bridge',
          title: 'Council closes the Harbour Bridge',
          paragraphs: FILLER.map((text, k) => ({ documentId: 'bridge', number: k + 1, text })),
        },
      ],
    };
    const elsewhere = createEngine(other);
    for (const question of [
      'Who was ousted after the 2003 invasion?',
      'What did Muqtada Sadr demand?',
      'How many lawmakers voted to expel the troops?',
    ]) {
      expect(elsewhere.answer(question).answered, question).toBe(false);
    }
    expect(elsewhere.answer('what did engineers find in the supports').answered).toBe(true);
  });
});

describe('a small corpus of one document', () => {
  it('answers from made-up text too', () => {
    const small = engineOver('The library opens at nine on weekdays.', ...FILLER);
    expect(small.answer('when does the library open').passages[0]?.paragraph).toBe(1);
    expect(small.answer('who painted the mona lisa').answered).toBe(false);
  });
});

describe('building in steps', () => {
  it('gives the same answers as building at once, and lets other work run between steps', async () => {
    const corpus = await loadCorpus('corpus');
    const many: Corpus = {
      aliases: corpus.aliases,
      documents: Array.from({ length: 30 }, (_, k) => ({
        ...corpus.documents[0]!,
        id: `copy-${k}`,
        paragraphs: corpus.documents[0]!.paragraphs.map((paragraph) => ({ ...paragraph, documentId: `copy-${k}` })),
      })),
    };
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const stepwise = await createEngineAsync(many);
    clearInterval(ticking);
    const atOnce = createEngine(many);
    for (const question of ['What did Abdul Mahdi say?', 'How many lawmakers voted?', 'who won the world cup']) {
      expect(stepwise.answer(question), question).toEqual(atOnce.answer(question));
    }
    // 480 paragraphs are indexed in three slices, with the event loop let through between them.
    expect(turns).toBeGreaterThan(0);
  });
});

describe('extending an engine with more articles', () => {
  const TOWN_NEWS = {
    id: 'story-1',
    title: 'Harbour bridge to close for repairs',
    paragraphs: [
      'The town council voted on Tuesday to close the Harbour Bridge after engineers found cracks in its supports.',
      'Mayor Jane Okafor said repairs would cost 4 million dollars and take eight months.',
      '“We will rebuild it stronger,” she told reporters, as the U.S. ambassador looked on.',
    ].map((text, k) => ({ documentId: 'story-1', number: k + 1, text })),
  };
  const QUESTIONS = [
    'What did Abdul Mahdi say?',
    'How many lawmakers voted?',
    'What did Muqtada Sadr demand?',
    'what did the mayor say about repairs',
    'when did the council vote to close the bridge',
    'how much will the brige repairs cost',
    'who looked on when the mayor spoke',
    'what did the US ambassador do',
    'who won the world cup',
  ];

  it('answers as one engine over both would, sharing the base engine instead of copying it', async () => {
    const corpus = await loadCorpus('corpus');
    const base = createEngine(corpus);
    const extended = await extendEngineAsync(base, [TOWN_NEWS]);
    const whole = createEngine({ aliases: corpus.aliases, documents: [...corpus.documents, TOWN_NEWS] });
    expect(extended.documents.map((document) => document.id)).toEqual(whole.documents.map((document) => document.id));
    for (const question of QUESTIONS) expect(extended.answer(question), question).toEqual(whole.answer(question));
    expect(extended.suggest('okaf')).toEqual(whole.suggest('okaf'));
    expect(extended.passage('story-1', 2)).toEqual(whole.passage('story-1', 2));
    // The base is untouched: it still knows only its own articles.
    expect(base.answer('what did the mayor say about repairs').passages.every((p) => p.document !== 'story-1')).toBe(
      true,
    );
    expect(base.documents).toHaveLength(corpus.documents.length);
  });

  it('keeps two extensions of one base apart', async () => {
    const base = createEngine(await loadCorpus('corpus'));
    const one = await extendEngineAsync(base, [TOWN_NEWS]);
    const other = await extendEngineAsync(base, [
      { ...TOWN_NEWS, id: 'story-2', paragraphs: [{ documentId: 'story-2', number: 1, text: 'Ferries run hourly.' }] },
    ]);
    expect(one.answer('what did the mayor say about repairs').passages[0]?.document).toBe('story-1');
    expect(other.answer('what did the mayor say about repairs').answered).toBe(false);
    expect(other.answer('how often do ferries run').passages[0]?.document).toBe('story-2');
    expect(one.answer('how often do ferries run').answered).toBe(false);
  });
});
