/** A tiny fake Engine for the Discord layer's unit tests (no corpus, no network). */
import type { Corpus, CorpusDocument, Paragraph } from '../../src/corpus/types.js';
import { expect } from 'vitest';
import type { Answer, AnswerOptions, Engine, Passage, Suggestion } from '../../src/engine/index.js';
import {
  MAX_ACTION_ROWS,
  MAX_BUTTONS_PER_ROW,
  MAX_BUTTON_LABEL_LENGTH,
  MAX_CONTENT_LENGTH,
  MAX_CUSTOM_ID_LENGTH,
  MAX_EMBED_DESCRIPTION_LENGTH,
  MAX_EMBED_FIELDS,
  MAX_EMBED_TITLE_LENGTH,
  MAX_EMBED_TOTAL_LENGTH,
  MAX_FIELD_NAME_LENGTH,
  MAX_FIELD_VALUE_LENGTH,
  MAX_FOOTER_LENGTH,
  embedLength,
  type MessagePayload,
} from '../../src/discord/render.js';

export function makeDoc(
  id: string,
  title: string,
  texts: readonly string[],
  extra: Partial<CorpusDocument> = {},
): CorpusDocument {
  const paragraphs: Paragraph[] = texts.map((text, i) => ({ documentId: id, number: i + 1, text }));
  return { id, title, paragraphs, ...extra };
}

/** A corpus of one document per entry, each titled by its id, with these paragraph texts. */
export function corpusOf(documents: Record<string, readonly string[]>): Corpus {
  return { documents: Object.entries(documents).map(([id, texts]) => makeDoc(id, id, texts)), aliases: [] };
}

export function passageOf(doc: CorpusDocument, n: number, words: readonly string[] = []): Passage {
  const text = doc.paragraphs[n - 1]!.text;
  const highlights = words
    .map((word) => ({ start: text.indexOf(word), end: text.indexOf(word) + word.length }))
    .filter((h) => h.start >= 0)
    .sort((a, b) => a.start - b.start);
  const bestSentence = text.split(/(?<=[.!?])\s+/)[0] ?? text;
  return {
    document: doc.id,
    title: doc.title,
    paragraph: n,
    text,
    score: 1,
    matchedWords: words,
    highlights,
    bestSentence,
  };
}

export interface FakeEngineOptions {
  readonly docs: readonly CorpusDocument[];
  /** Words a question must contain to be answered; every paragraph containing one matches. */
  readonly examples?: readonly string[];
}

export function fakeEngine({
  docs,
  examples = ['Why did Iraq vote?', 'Who was Suleimani?', 'How many troops?'],
}: FakeEngineOptions): Engine {
  const all = docs.flatMap((doc) => doc.paragraphs.map((p) => ({ doc, p })));
  const rank = (question: string): Passage[] => {
    const words = question.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
    return all
      .filter(({ p }) => words.some((w) => p.text.toLowerCase().includes(w)))
      .map(({ doc, p }) =>
        passageOf(
          doc,
          p.number,
          words.flatMap((w) => p.text.match(new RegExp(w, 'i')) ?? []),
        ),
      );
  };
  return {
    documents: docs,
    answer(question: string, options: AnswerOptions = {}): Answer {
      const top = options.top ?? 3;
      const offset = options.offset ?? 0;
      const ranked = rank(question);
      const passages = ranked.slice(offset, offset + top);
      return { question, answered: ranked.length > 0, passages, hasMore: ranked.length > offset + top };
    },
    suggest(partial: string, limit = 25, maxLabelLength = 100): Suggestion[] {
      const needle = partial.trim().toLowerCase();
      return all
        .filter(({ p }) => needle === '' || p.text.toLowerCase().includes(needle))
        .slice(0, limit)
        .map(({ doc, p }) => ({
          document: doc.id,
          paragraph: p.number,
          label: `¶${p.number} ${p.text}`.slice(0, maxLabelLength),
        }));
    },
    passage(documentId: string, paragraph: number): Passage | undefined {
      const doc = docs.find((d) => d.id === documentId);
      if (doc === undefined || paragraph < 1 || paragraph > doc.paragraphs.length) return undefined;
      return { ...passageOf(doc, paragraph), score: 0, highlights: [], matchedWords: [] };
    },
    context(documentId: string, paragraph: number): Paragraph[] {
      const doc = docs.find((d) => d.id === documentId);
      if (doc === undefined || paragraph < 1 || paragraph > doc.paragraphs.length) return [];
      return doc.paragraphs.slice(Math.max(0, paragraph - 2), paragraph + 1);
    },
    exampleQuestions(limit = 3): string[] {
      return examples.slice(0, limit);
    },
  };
}

export const STORY = makeDoc(
  'iraq-vote',
  'Iraq’s parliament votes to expel U.S. troops after the killing of Qassem Suleimani',
  [
    'Iraq’s parliament voted on Sunday to expel U.S. troops from the country. It was a rapid response.',
    'The vote could result in the removal of more than 5,000 U.S. soldiers.',
    'The killing of Gen. Qassem Suleimani on Friday widened the tensions.',
    'Lawmakers met in an extraordinary session; the vote was taken with 173 lawmakers.',
  ],
  { published: '2020-01-05', url: 'https://example.com/story' },
);

/** Bold markers outside escapes come in pairs. */
export function boldBalanced(text: string): boolean {
  return (text.replace(/\\./g, '').match(/\*\*/g) ?? []).length % 2 === 0;
}

export function expectWithinLimits(payload: MessagePayload): void {
  expect(payload.allowedMentions).toEqual({ parse: [], repliedUser: false });
  const hasContent = payload.content !== undefined && payload.content.trim() !== '';
  expect(hasContent || payload.embeds.length > 0).toBe(true);
  if (payload.content !== undefined) expect(payload.content.length).toBeLessThanOrEqual(MAX_CONTENT_LENGTH);
  let total = 0;
  for (const embed of payload.embeds) {
    total += embedLength(embed);
    if (embed.title !== undefined) {
      expect(embed.title.length).toBeLessThanOrEqual(MAX_EMBED_TITLE_LENGTH);
      expect(embed.title.trim()).not.toBe('');
    }
    if (embed.description !== undefined)
      expect(embed.description.length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION_LENGTH);
    if (embed.footer !== undefined) expect(embed.footer.text.length).toBeLessThanOrEqual(MAX_FOOTER_LENGTH);
    const fields = embed.fields ?? [];
    expect(fields.length).toBeLessThanOrEqual(MAX_EMBED_FIELDS);
    for (const field of fields) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(MAX_FIELD_NAME_LENGTH);
      expect(field.value.trim().length).toBeGreaterThan(0);
      expect(field.value.length).toBeLessThanOrEqual(MAX_FIELD_VALUE_LENGTH);
      expect(boldBalanced(field.value)).toBe(true);
    }
  }
  expect(total).toBeLessThanOrEqual(MAX_EMBED_TOTAL_LENGTH);
  expect(payload.components.length).toBeLessThanOrEqual(MAX_ACTION_ROWS);
  const ids = new Set<string>();
  for (const row of payload.components) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(MAX_BUTTONS_PER_ROW);
    for (const button of row.components) {
      if ('label' in button && button.label !== undefined) {
        expect(button.label.length).toBeGreaterThan(0);
        expect(button.label.length).toBeLessThanOrEqual(MAX_BUTTON_LABEL_LENGTH);
      }
      if ('custom_id' in button) {
        expect(button.custom_id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
        expect(ids.has(button.custom_id)).toBe(false);
        ids.add(button.custom_id);
      }
    }
  }
}
