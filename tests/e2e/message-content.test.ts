/**
 * End to end: auto channels with DISCORD_MESSAGE_CONTENT=true (the double grants the intent):
 * questions ending in "?" are answered without a mention; silence when the story doesn't say;
 * statements, bots and the bot itself are ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordDouble } from '../support/discord-double.ts';
import { startAutoChannelBot, type AutoChannelBot } from '../support/auto-channel-bot.ts';
import { messagesWithUnsafeMentions } from '../support/mentions.ts';

const GUILD = '900000000000000001';
const AUTO = '900000000000000030';
const OTHER = '900000000000000010';

let running: AutoChannelBot | undefined;
let double: DiscordDouble;
let nextUser = 400000000000000000n;
const user = (): string => (++nextUser).toString();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  running = await startAutoChannelBot({ guild: GUILD, general: OTHER, auto: AUTO }, 5);
  ({ double } = running);
});

afterAll(async () => {
  await running?.stop();
});

function replies(): ReturnType<DiscordDouble['channelMessages']> {
  return double.channelMessages(AUTO).filter((m) => m.source === 'channel');
}

describe('auto channels with the Message Content intent', () => {
  it('requests the intent', () => {
    expect(double.lastIdentify?.intentNames).toContain('MessageContent');
  });

  it('answers a plain question that ends with "?", as a reply', async () => {
    const id = double.dispatchMessage({
      channelId: AUTO,
      content: 'Why did Iraq’s parliament vote to expel U.S. troops?',
      authorId: user(),
    });
    await double.waitUntil(() => (replies().length >= 1 ? true : undefined), 5000, 'an answer');
    const reply = replies()[0]!;
    expect(reply.messageReference?.messageId).toBe(id);
    expect((reply.embeds[0] as { fields?: { name: string }[] }).fields?.[0]?.name).toMatch(/^¶\d+ · /);
    expect(reply.allowedMentions).toEqual({ parse: [], replied_user: false });
  });

  it('stays silent when the story does not say, for statements, for bots, and outside auto channels', async () => {
    const before = replies().length;
    double.dispatchMessage({ channelId: AUTO, content: 'What is the best banana bread recipe?', authorId: user() });
    double.dispatchMessage({ channelId: AUTO, content: 'The parliament voted on Sunday.', authorId: user() });
    double.dispatchMessage({
      channelId: AUTO,
      content: 'Why did Iraq vote?',
      authorId: '300000000000000002',
      authorBot: true,
    });
    double.dispatchMessage({ channelId: OTHER, content: 'Why did Iraq vote?', authorId: user() });
    await sleep(800);
    expect(replies().length).toBe(before);
    expect(double.channelMessages(OTHER).filter((m) => m.source === 'channel')).toHaveLength(0);
  });

  it('answers only once per user within the cooldown, silently', async () => {
    const asker = user();
    const before = replies().length;
    double.dispatchMessage({ channelId: AUTO, content: 'Who is Abdul Mahdi?', authorId: asker });
    double.dispatchMessage({ channelId: AUTO, content: 'How many lawmakers voted?', authorId: asker });
    await sleep(800);
    expect(replies().length).toBe(before + 1);
  });

  it('never answered its own messages (the double echoes them back)', () => {
    const ownIds = new Set(double.botMessages().map((m) => m.id));
    expect(replies().every((m) => m.messageReference === null || !ownIds.has(m.messageReference.messageId))).toBe(true);
    expect(double.validationErrors).toEqual([]);
  });
});

describe('mentions', () => {
  it('every message the bot sent (embeds-only ones included) carries allowed_mentions that parse nothing', () => {
    expect(double.botMessages().length).toBeGreaterThan(0);
    expect(messagesWithUnsafeMentions(double)).toEqual([]);
    expect(double.messagesThatCouldPing({ includeReplies: true })).toEqual([]);
  });
});
