/**
 * End to end, issue 4 "never crash, never ping": every hostile input goes through /ask, /passage's
 * document option, both autocompletes, the "Ask Footnote" menu and an auto channel (with and
 * without a mention) of the real bot process. Each gets an answer or a polite message (or, in an
 * auto channel without a mention, silence), never a 400, a failed interaction, an unescaped echo,
 * or a message whose allowed_mentions could ping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordDouble, InteractionHandle, SettledReply } from '../support/discord-double.ts';
import type { BotProcess } from '../support/bot-process.ts';
import { startAutoChannelBot, type AutoChannelBot } from '../support/auto-channel-bot.ts';
import { HOSTILE_INPUTS, messagesWithUnsafeMentions } from '../support/mentions.ts';

const GUILD = '900000000000000001';
const GENERAL = '900000000000000010';
const AUTO = '900000000000000030';
const STRING = 3;
const INTEGER = 4;

let running: AutoChannelBot | undefined;
let double: DiscordDouble;
let bot: BotProcess;

beforeAll(async () => {
  running = await startAutoChannelBot({ guild: GUILD, general: GENERAL, auto: AUTO }, 0);
  ({ double, bot } = running);
});

afterAll(async () => {
  await running?.stop();
});

/** What a user sees of a reply: content and every embed text. */
function shown(reply: { content: string; embeds: unknown[] }): string {
  const embeds = reply.embeds as { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
  return [
    reply.content,
    ...embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ].join('\n');
}

/** User text echoed back never renders as a masked link or a code block. */
function expectEscaped(text: string): void {
  expect(text).not.toMatch(/(^|[^\\])\[why did iraq vote\]\(/);
  expect(text).not.toMatch(/(^|[^\\])```/);
  expect(text).not.toMatch(/(^|[^\\])\*\*why\*\*/);
}

async function expectAnswered(send: () => InteractionHandle): Promise<SettledReply> {
  const before = double.validationErrors.length;
  const handle = send();
  const reply = await handle.settled();
  expect(handle.failed).toBe(false);
  expect(handle.errors).toEqual([]);
  expect(double.validationErrors.slice(before)).toEqual([]);
  return reply;
}

describe.each(HOSTILE_INPUTS)('hostile input: %s', (_label, text) => {
  it('/ask: an answer or a polite message', async () => {
    const reply = await expectAnswered(() =>
      double.sendSlashCommand({ name: 'ask', options: [{ name: 'question', type: STRING, value: text }] }),
    );
    expect(reply.content.trim() !== '' || reply.embeds.length > 0).toBe(true);
    expectEscaped(shown(reply));
  });

  it("/passage's document option: the passage or a polite private message", async () => {
    const reply = await expectAnswered(() =>
      double.sendSlashCommand({
        name: 'passage',
        options: [
          { name: 'number', type: INTEGER, value: 3 },
          { name: 'document', type: STRING, value: text },
        ],
      }),
    );
    expect(reply.content.trim() !== '' || reply.embeds.length > 0).toBe(true);
    if (reply.embeds.length === 0) expect(reply.ephemeral).toBe(true);
    expectEscaped(shown(reply));
  });

  it('autocomplete (/ask question and /passage document): valid choices, never a failure', async () => {
    for (const [name, options] of [
      ['ask', [{ name: 'question', type: STRING, value: text, focused: true }]],
      [
        'passage',
        [
          { name: 'number', type: INTEGER },
          { name: 'document', type: STRING, value: text, focused: true },
        ],
      ],
    ] as const) {
      const reply = await expectAnswered(() => double.sendAutocomplete({ name, options: [...options] }));
      expect(reply.kind).toBe('autocomplete');
      const choices = reply.choices ?? [];
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) {
        expect(choice.name.length).toBeGreaterThan(0);
        expect(choice.name.length).toBeLessThanOrEqual(100);
        expect(String(choice.value).length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('the "Ask Footnote" menu: an answer or a polite message', async () => {
    const reply = await expectAnswered(() =>
      double.sendMessageCommand({ name: 'Ask Footnote', targetMessage: { content: text } }),
    );
    expect(reply.content.trim() !== '' || reply.embeds.length > 0).toBe(true);
    expectEscaped(shown(reply));
  });

  it('an auto channel: one reply when mentioned; at most one otherwise', async () => {
    const before = double.validationErrors.length;
    const mentioned = double.dispatchMessage({
      channelId: AUTO,
      content: text,
      mentionsBot: true,
      authorId: '500000000000000001',
    });
    const plain = double.dispatchMessage({ channelId: AUTO, content: `${text}?`, authorId: '500000000000000002' });
    const repliesTo = (id: string) => double.channelMessages(AUTO).filter((m) => m.messageReference?.messageId === id);
    await double.waitUntil(() => (repliesTo(mentioned).length > 0 ? true : undefined), 5000, 'a reply to the mention');
    // Both messages handled (one log line each, naming the message), then a moment for stray replies.
    for (const id of [mentioned, plain])
      await bot.waitForLog((line) => line.msg === 'message' && line['message'] === id, 5000, `the log line for ${id}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(repliesTo(mentioned)).toHaveLength(1);
    expect(repliesTo(plain).length).toBeLessThanOrEqual(1);
    for (const reply of [...repliesTo(mentioned), ...repliesTo(plain)]) {
      expect(reply.content.trim() !== '' || reply.embeds.length > 0).toBe(true);
      expectEscaped(shown(reply));
    }
    expect(double.validationErrors.slice(before)).toEqual([]);
  });
});

describe('after every hostile input', () => {
  it('every message the bot sent carries allowed_mentions that parse nothing, and none could ping', () => {
    expect(double.botMessages().length).toBeGreaterThan(HOSTILE_INPUTS.length * 3);
    expect(messagesWithUnsafeMentions(double)).toEqual([]);
    expect(double.messagesThatCouldPing({ includeReplies: true })).toEqual([]);
  });

  it('no 400s, no failed interactions, no crash, no logged error', () => {
    expect(double.validationErrors).toEqual([]);
    expect(bot.exitCode).toBeUndefined();
    expect(bot.logs.filter((line) => line.level >= 50)).toEqual([]);
    expect(bot.stderr).toBe('');
  });
});
