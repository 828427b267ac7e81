import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, Passage } from '../../src/engine/index.js';
import {
  MAX_CHOICES,
  MAX_CHOICE_NAME_LENGTH,
  MAX_CHOICE_VALUE_LENGTH,
  MAX_EMBED_TITLE_LENGTH,
  fitText,
  fitUserText,
  formatDate,
  renderAnswer,
  renderAnswerPlain,
  renderArticle,
  renderContext,
  renderDocumentChoices,
  renderError,
  renderHighlighted,
  renderNotFound,
  renderPassage,
  renderQuote,
  renderSuggestionChoices,
  renderTextChoices,
} from '../../src/discord/render.js';
import { STORY, boldBalanced, expectWithinLimits, makeDoc, passageOf } from './discord-fakes.js';

function answerOf(question: string, passages: Passage[], hasMore = false): Answer {
  return { question, answered: passages.length > 0, passages, hasMore };
}

describe('fitText', () => {
  it('keeps text that fits', () => {
    expect(fitText('short text', 20)).toBe('short text');
  });
  it('cuts on a word boundary with an ellipsis', () => {
    const out = fitText('the quick brown fox jumps', 14);
    expect(out).toBe('the quick…');
    expect(out.length).toBeLessThanOrEqual(14);
  });
  it('cuts a single long word by characters without splitting surrogate pairs', () => {
    const out = fitText('😀'.repeat(100), 11);
    expect(out.length).toBeLessThanOrEqual(11);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
  it('never leaves a dangling escape backslash', () => {
    const out = fitUserText('a '.repeat(10) + '*'.repeat(50), 30);
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out).not.toMatch(/(^|[^\\])\\…$/);
  });
});

describe('escaping', () => {
  it('escapes Markdown in user text (titles, not-found echoes)', () => {
    expect(fitUserText('**bold** _it_ `code` [x](https://evil.example)', 200)).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[x](https://evil.example)',
    );
  });
  it('escapes code fences and headings', () => {
    const out = fitUserText('```js\nalert(1)\n```\n# big', 200);
    expect(out).not.toContain('```');
    expect(out).toContain('\\# big');
  });
});

describe('renderHighlighted / renderQuote', () => {
  it('puts matched words in bold and escapes the rest', () => {
    expect(renderHighlighted('a *b* vote here', [{ start: 6, end: 10 }])).toBe('a \\*b\\* **vote** here');
  });
  it('merges touching highlights and keeps whitespace outside markers', () => {
    expect(
      renderHighlighted('x ab cd y', [
        { start: 1, end: 4 },
        { start: 4, end: 7 },
      ]),
    ).toBe('x **ab cd** y');
  });
  it('ignores out-of-range highlights', () => {
    expect(
      renderHighlighted('abc', [
        { start: 5, end: 9 },
        { start: -3, end: -1 },
      ]),
    ).toBe('abc');
  });
  it('leads with the best sentence', () => {
    const text = 'First sentence here. The best sentence is this one. Last.';
    const quote = renderQuote(
      { text, highlights: [{ start: 25, end: 29 }], bestSentence: 'The best sentence is this one.' },
      1024,
    );
    expect(quote.startsWith('…The **best** sentence')).toBe(true);
  });
  it('keeps bold balanced when cutting inside a highlight', () => {
    const text = 'word '.repeat(10) + 'highlightedwordthatislong ' + 'tail '.repeat(50);
    const start = text.indexOf('highlighted');
    for (let max = 5; max < 120; max += 3) {
      const quote = renderQuote({ text, highlights: [{ start, end: start + 25 }], bestSentence: text }, max);
      expect(quote.length).toBeLessThanOrEqual(max);
      expect(boldBalanced(quote)).toBe(true);
    }
  });
});

describe('renderAnswer', () => {
  const docs = [STORY];
  it('renders one embed: title, cited fields, footer, buttons', () => {
    const payload = renderAnswer(
      answerOf('Why did Iraq vote?', [passageOf(STORY, 1, ['voted']), passageOf(STORY, 4, ['vote'])], true),
      docs,
      {
        moreCustomId: 'more:2:Why did Iraq vote?',
      },
    );
    expectWithinLimits(payload);
    const embed = payload.embeds[0]!;
    expect(embed.title).toBe('Why did Iraq vote?');
    expect(embed.fields?.map((f) => f.name)).toEqual([`¶1 · ${STORY.title}`, `¶4 · ${STORY.title}`]);
    expect(embed.fields?.[0]?.value).toContain('**voted**');
    expect(embed.footer?.text).toContain('5 January 2020');
    const buttons = payload.components.flatMap((row) => row.components);
    const labels = buttons.map((b) => ('label' in b ? b.label : ''));
    expect(labels).toEqual(['More passages', 'Context ¶1', 'Context ¶4', 'Read the story']);
    expect(buttons.some((b) => 'url' in b && b.url === 'https://example.com/story')).toBe(true);
  });
  it('has no More button when there is nothing more, and no link without a url', () => {
    const doc = makeDoc('d', 'T', ['One. Two.']);
    const payload = renderAnswer(answerOf('q', [passageOf(doc, 1)], false), [doc], { moreCustomId: 'more:1:q' });
    const labels = payload.components.flatMap((row) => row.components).map((b) => ('label' in b ? b.label : ''));
    expect(labels).toEqual(['Context ¶1']);
  });
  it('escapes and truncates a hostile 300-character question in the title', () => {
    const question = '@everyone <@123> <@&456> **x** ' + '`'.repeat(280);
    const payload = renderAnswer(answerOf(question, [passageOf(STORY, 1)]), docs);
    expectWithinLimits(payload);
    expect(payload.embeds[0]!.title!.length).toBeLessThanOrEqual(MAX_EMBED_TITLE_LENGTH);
    expect(payload.embeds[0]!.title).toContain('\\*\\*x\\*\\*');
  });
  it('fits ten very long passages under 6,000 characters', () => {
    const long = makeDoc(
      'long',
      'L'.repeat(300),
      Array.from({ length: 10 }, (_, i) => `Sentence ${i}. ` + 'word '.repeat(2000)),
    );
    const passages = long.paragraphs.map((p) => passageOf(long, p.number, ['word']));
    const payload = renderAnswer(answerOf('q', passages, true), [long], { moreCustomId: 'more:10:q' });
    expectWithinLimits(payload);
    expect(payload.embeds[0]!.fields).toHaveLength(10);
  });
  it('renders a plain-text answer within 2,000 characters', () => {
    const long = makeDoc(
      'long',
      'Title',
      Array.from({ length: 10 }, () => 'text '.repeat(500)),
    );
    const payload = renderAnswerPlain(
      answerOf(
        'q?',
        long.paragraphs.map((p) => passageOf(long, p.number, ['text'])),
      ),
      [long],
      'more:10:q?',
    );
    expectWithinLimits(payload);
    expect(payload.embeds).toHaveLength(0);
    expect(payload.content).toContain('¶1 · Title');
  });
  it('never exceeds a limit for arbitrary answers (property)', () => {
    const textArb = fc.string({
      unit: fc.constantFrom(
        'a',
        'b',
        ' ',
        '*',
        '_',
        '`',
        '\\',
        '|',
        '~',
        '>',
        '#',
        '\n',
        'é',
        '😀',
        'ש',
        '[',
        ']',
        '<',
        '@',
      ),
      maxLength: 3000,
    });
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.array(fc.tuple(textArb, fc.array(fc.tuple(fc.nat(3000), fc.nat(40)), { maxLength: 30 })), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.string({ maxLength: 400 }),
        fc.boolean(),
        (question, rawPassages, title, hasMore) => {
          const doc = makeDoc(
            'doc',
            title,
            rawPassages.map(([text]) => text),
            { url: 'https://example.com/x', published: '2020-01-05' },
          );
          const passages: Passage[] = rawPassages.map(([text, spans], i) => ({
            document: 'doc',
            title,
            paragraph: i + 1,
            text,
            score: 1,
            matchedWords: [],
            highlights: spans.map(([start, len]) => ({ start, end: start + len })),
            bestSentence: text.slice(0, text.length >> 1),
          }));
          const answer = answerOf(question, passages, hasMore);
          expectWithinLimits(renderAnswer(answer, [doc], { moreCustomId: 'more:3:x', note: question }));
          expectWithinLimits(renderAnswerPlain(answer, [doc], 'more:3:x'));
          expectWithinLimits(renderPassage(passages[0]!, [doc]));
          expectWithinLimits(renderNotFound(question, [question, title]));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('other payloads', () => {
  it('not-found: friendly, no ¶, two or three examples, escaped echo', () => {
    const payload = renderNotFound('what about ¶ *pizza*?', [
      'Why did Iraq vote?',
      'Who was Suleimani?',
      'How many troops?',
      'Extra?',
    ]);
    expectWithinLimits(payload);
    expect(payload.content).toContain("the story doesn't say");
    expect(payload.content).not.toContain('¶');
    expect(payload.content).toContain('\\*pizza\\*');
    expect(payload.content!.match(/^• /gm)).toHaveLength(3);
    expect(payload.embeds).toHaveLength(0);
  });
  it('not-found with an empty question still says something', () => {
    expectWithinLimits(renderNotFound('', []));
  });
  it('passage: citation title, full text, context button and link', () => {
    const payload = renderPassage(passageOf(STORY, 2), [STORY]);
    expectWithinLimits(payload);
    expect(payload.embeds[0]!.title).toBe(`¶2 · ${STORY.title}`);
    expect(payload.embeds[0]!.description).toContain('5,000 U.S. soldiers');
  });
  it('context: the paragraph with its neighbours', () => {
    const payload = renderContext(STORY, 2, STORY.paragraphs.slice(0, 3));
    expectWithinLimits(payload);
    expect(payload.embeds[0]!.fields!.map((f) => f.name)).toEqual(['¶1', '¶2 (cited)', '¶3']);
  });
  it('article: title, date, paragraph count, examples — even with many documents', () => {
    const payload = renderArticle([STORY], ['Why did Iraq vote?']);
    expectWithinLimits(payload);
    const fields = payload.embeds[0]!.fields!;
    expect(fields[0]!.value).toContain('5 January 2020');
    expect(fields[0]!.value).toContain('4 paragraphs');
    expect(fields.at(-1)!.value).toContain('Why did Iraq vote?');
    const many = Array.from({ length: 60 }, (_, i) =>
      makeDoc(`d${i}`, 'T'.repeat(250), ['x'], { url: 'https://example.com/' + 'p'.repeat(400) }),
    );
    expectWithinLimits(renderArticle(many, ['q']));
  });
  it('error carries the ref', () => {
    expect(renderError('ABC123').content).toContain('ref ABC123');
  });
  it('formats dates', () => {
    expect(formatDate('2020-01-05')).toBe('5 January 2020');
    expect(formatDate('soon')).toBe('soon');
    expect(formatDate(undefined)).toBeUndefined();
  });
});

describe('choices', () => {
  it('suggestions: ≤ 25, names ≤ 100, values ≤ 100 identify passages', () => {
    const suggestions = Array.from({ length: 40 }, (_, i) => ({
      document: STORY.id,
      paragraph: (i % 4) + 1 + i * 10,
      label: 'x'.repeat(300),
    }));
    const choices = renderSuggestionChoices(suggestions, [STORY]);
    expect(choices.length).toBeLessThanOrEqual(MAX_CHOICES);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(MAX_CHOICE_NAME_LENGTH);
      expect(choice.value.length).toBeLessThanOrEqual(MAX_CHOICE_VALUE_LENGTH);
      expect(choice.value).toMatch(new RegExp(`^¶ref:${STORY.id}:\\d+$`));
    }
  });
  it('skips suggestions of unknown documents and blank labels', () => {
    expect(
      renderSuggestionChoices(
        [
          { document: 'nope', paragraph: 1, label: 'x' },
          { document: STORY.id, paragraph: 1, label: '  ' },
        ],
        [STORY],
      ),
    ).toEqual([]);
  });
  it('text choices skip over-long texts', () => {
    expect(renderTextChoices(['ok?', 'y'.repeat(101), ' '])).toEqual([{ name: 'ok?', value: 'ok?' }]);
  });
  it('document choices filter by title', () => {
    const other = makeDoc('other', 'Another story', ['x']);
    expect(renderDocumentChoices([STORY, other], 'another')).toEqual([{ name: 'Another story', value: 'other' }]);
    expect(renderDocumentChoices([other, STORY], 'another')).toEqual([{ name: 'Another story', value: 'other' }]);
    expect(renderDocumentChoices([STORY, other], '')).toHaveLength(2);
  });
});
