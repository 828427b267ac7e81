import { describe, expect, it } from 'vitest';
import { composeAnswer, moreCustomId, type AnswerDeps } from '../../src/discord/answering.js';
import { decodeButton, encodeRef } from '../../src/discord/custom-id.js';
import {
  describeLoginError,
  intentsFor,
  DISALLOWED_INTENTS_MESSAGE,
  TOKEN_REJECTED_MESSAGE,
} from '../../src/discord/bot.js';
import { addSecret, errorInfo, scrub, type Logger } from '../../src/discord/log.js';
import { StoreUnavailableError } from '../../src/store/settings.js';
import { messageQuestion } from '../../src/discord/commands/ask-menu.js';
import { findDocument } from '../../src/discord/commands/passage.js';
import { commandPayloads } from '../../src/discord/commands/index.js';
import { cleanQuestion } from '../../src/discord/text.js';
import { GatewayIntentBits } from 'discord.js';
import { STORY, expectWithinLimits, fakeEngine, makeDoc } from './discord-fakes.js';

function deps(): AnswerDeps & { stored: Map<string, string> } {
  const stored = new Map<string, string>();
  return {
    engine: fakeEngine({ docs: [STORY] }),
    answerPassages: 1,
    stored,
    questions: {
      rememberQuestion: (q) => {
        stored.set('k' + stored.size, q);
        return Promise.resolve('k' + (stored.size - 1));
      },
      recallQuestion: (k) => Promise.resolve(stored.get(k)),
    },
  };
}

const HOSTILE = [
  '',
  '   ',
  '🤔🤔🤔',
  '\u200b\u200b',
  '\u0000\u0007',
  'למה הפרלמנט הצביע?',
  'x'.repeat(300),
  '```js\nvote()\n```',
  '[click](https://evil.example) vote',
  '@everyone vote',
  '@here vote',
  '<@123> <@&456> <#789> vote',
  'https://example.com/vote?x=1',
  '¶ref:0:99',
  '¶ref:7:1',
  `¶ref:${STORY.id}:99`,
  `¶ref:${'x'.repeat(90)}:1`,
  'Pourquoi le parlement irakien a-t-il voté ?',
];

describe('composeAnswer', () => {
  it('answers a question with cited passages and a More button', async () => {
    const d = deps();
    const composed = await composeAnswer(d, 'why the vote?');
    expect(composed.kind).toBe('answer');
    expect(composed.found).toBe(true);
    expectWithinLimits(composed.payload);
    const more = composed.payload.components
      .flatMap((r) => r.components)
      .find((b) => 'label' in b && b.label === 'More passages');
    expect(more && 'custom_id' in more ? decodeButton(more.custom_id) : undefined).toEqual({
      kind: 'more',
      offset: 1,
      question: 'why the vote?',
    });
  });
  it('says the story does not say, without a citation', async () => {
    const composed = await composeAnswer(deps(), 'pizza toppings?');
    expect(composed.kind).toBe('not-found');
    expect(composed.payload.content).not.toContain('¶');
  });
  it('answers a chosen suggestion with that passage, cited', async () => {
    const composed = await composeAnswer(deps(), encodeRef(STORY.id, 3));
    expect(composed.kind).toBe('passage');
    expect(composed.payload.embeds[0]!.title).toBe(`¶3 · ${STORY.title}`);
  });
  it('a suggestion for a document that is no longer loaded: "no longer available", never another story', async () => {
    for (const value of [encodeRef('removed-story', 3), '¶ref:0:3']) {
      const composed = await composeAnswer(deps(), value);
      expect(composed.kind).toBe('unknown-ref');
      expect(composed.payload.embeds).toEqual([]);
      expect(composed.payload.content).toMatch(/no longer available/);
    }
  });
  it('keeps long questions for More buttons in the question store', async () => {
    const d = deps();
    const question = 'vote '.repeat(40).trim();
    const id = (await moreCustomId(d, question, 3))!;
    expect(id.length).toBeLessThanOrEqual(100);
    const state = decodeButton(id);
    expect(state?.kind).toBe('more-stored');
    expect(state?.kind === 'more-stored' ? d.stored.get(state.key) : undefined).toBe(question);
  });
  it('leaves out the More button, but still answers, when the question store is unreachable', async () => {
    const warnings: string[] = [];
    const d: AnswerDeps = {
      ...deps(),
      questions: {
        rememberQuestion: () => Promise.reject(new StoreUnavailableError('cannot reach PostgreSQL')),
        recallQuestion: () => Promise.resolve(undefined),
      },
      logger: { warn: (_obj: unknown, message?: string) => void warnings.push(message ?? '') } as Pick<Logger, 'warn'>,
    };
    const question = 'vote '.repeat(40).trim();
    expect(await moreCustomId(d, question, 3)).toBeUndefined();
    expect(await moreCustomId(d, 'vote?', 3)).toBeDefined(); // short questions need no store
    const composed = await composeAnswer(d, question);
    expect(composed.kind).toBe('answer');
    const labels = composed.payload.components.flatMap((r) => r.components).map((b) => ('label' in b ? b.label : ''));
    expect(labels).not.toContain('More passages');
    expect(warnings.some((w) => /More passages/.test(w))).toBe(true);
  });
  it.each(HOSTILE)('gives a payload within limits for %j', async (raw) => {
    const composed = await composeAnswer(deps(), cleanQuestion(raw));
    expectWithinLimits(composed.payload);
    expect(composed.payload.allowedMentions.parse).toEqual([]);
    if (!composed.found) expect(composed.payload.content?.trim()).not.toBe('');
    // A masked link typed by the user is never rendered as a link.
    const shown = [composed.payload.content ?? '', ...composed.payload.embeds.map((e) => e.title ?? '')].join('\n');
    expect(shown).not.toMatch(/(^|[^\\])\[click\]\(/);
  });
  it('renders plain text when embeds are not allowed', async () => {
    const composed = await composeAnswer(deps(), 'vote?', { plain: true });
    expect(composed.payload.embeds).toEqual([]);
    expect(composed.payload.content).toContain('¶');
  });
});

describe('commands', () => {
  it('declares every command once with valid names and limits', () => {
    const payloads = commandPayloads();
    const names = payloads.map((p) => p.name);
    expect(names).toEqual(['ask', 'passage', 'article', 'channels', 'stories', 'Ask Footnote']);
    const ask = payloads[0]! as {
      options?: { name: string; max_length?: number; autocomplete?: boolean }[];
      contexts?: number[];
    };
    expect(ask.options?.[0]).toMatchObject({ name: 'question', max_length: 300, autocomplete: true });
    expect(ask.contexts).toEqual([0, 1]);
    const channels = payloads[3]! as { default_member_permissions?: string; contexts?: number[] };
    expect(channels.default_member_permissions).toBe('32');
    expect(channels.contexts).toEqual([0]);
    // /stories: guild only, Manage Server by default; an attachment or a URL, and a title.
    const stories = payloads[4]! as {
      default_member_permissions?: string;
      contexts?: number[];
      options?: {
        name: string;
        options?: { name: string; type: number; required?: boolean; autocomplete?: boolean }[];
      }[];
    };
    expect(stories.default_member_permissions).toBe('32');
    expect(stories.contexts).toEqual([0]);
    expect(stories.options?.map((o) => o.name)).toEqual(['add', 'remove', 'unanswered']);
    expect(stories.options?.[0]?.options?.map((o) => [o.name, o.type, o.required ?? false])).toEqual([
      ['file', 11, false],
      ['url', 3, false],
      ['title', 3, false],
    ]);
    expect(stories.options?.[1]?.options?.[0]).toMatchObject({ name: 'article', required: true, autocomplete: true });
  });
  it('finds documents by index, id or title', () => {
    const other = makeDoc('other', 'Another story', ['x']);
    expect(findDocument([STORY, other], null)).toBe(STORY);
    expect(findDocument([STORY, other], other.id)).toBe(other);
    expect(findDocument([other, STORY], STORY.id)).toBe(STORY);
    expect(findDocument([STORY, other], '1')).toBeUndefined();
    expect(findDocument([STORY, other], 'other')).toBe(other);
    expect(findDocument([STORY, other], 'another')).toBe(other);
    expect(findDocument([STORY, other], 'nothing like it')).toBeUndefined();
  });
  it('message questions drop mentions', () => {
    expect(cleanQuestion(messageQuestion('<@1> <@!2> <@&3> <#4> @everyone why?'))).toBe('why?');
  });
});

describe('start-up and logging', () => {
  it('requests Message Content only when configured', () => {
    expect(intentsFor({ messageContent: false })).toEqual([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    expect(intentsFor({ messageContent: true })).toContain(GatewayIntentBits.MessageContent);
  });
  it('explains login failures', () => {
    expect(describeLoginError(Object.assign(new Error('401: Unauthorized'), { status: 401 }), 'x')).toBe(
      TOKEN_REJECTED_MESSAGE,
    );
    expect(describeLoginError(new Error('Used disallowed intents'), 'x')).toBe(DISALLOWED_INTENTS_MESSAGE);
    expect(describeLoginError(new Error('ECONNREFUSED'), 'http://h')).toContain('http://h');
  });
  it('scrubs the token and interaction tokens from errors', () => {
    addSecret('my.secret.token-value');
    const error = new Error(
      'failed with my.secret.token-value at /interactions/123/aW50ZXJhY3Rpb246MTIzNDU2Nzg5/callback',
    );
    const info = errorInfo(error);
    expect(info.message).not.toContain('my.secret.token-value');
    expect(info.message).not.toContain('aW50ZXJhY3Rpb246MTIzNDU2Nzg5');
    expect(info.stack).not.toContain('my.secret.token-value');
    expect(scrub('MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123')).toBe('[redacted]');
    addSecret('MTIz.PLANTED-SECRET-PART.xyz');
    expect(scrub('Provided token: MTIz.PLANTED-SECRET-PART.***')).not.toContain('PLANTED-SECRET-PART');
  });
});
