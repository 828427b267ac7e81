/**
 * End to end: /channels add|remove|list and the channel rules, auto channels without the Message
 * Content intent (mentions only), permissions in auto channels, deleted channels, settings across
 * restarts, the per-user cooldown, and Discord faults (gateway drop, 429).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble, type SettledReply } from '../support/discord-double.ts';
import { startBot, tempDir, type BotProcess } from '../support/bot-process.ts';
import { messagesWithUnsafeMentions } from '../support/mentions.ts';

const GUILD = '900000000000000001';
const GENERAL = '900000000000000010';
const ANSWERS = '900000000000000020';
const AUTO = '900000000000000030';
const NO_EMBED = '900000000000000040';
const NO_SEND = '900000000000000050';
const DOOMED = '900000000000000060';
const DOOMED_OFFLINE = '900000000000000070';

const SUBCOMMAND = 1;
const STRING = 3;
const BOOLEAN = 5;
const CHANNEL = 7;

let double: DiscordDouble;
let bot: BotProcess;
let data: ReturnType<typeof tempDir>;
let nextUser = 200000000000000000n;
/** A fresh user per ask, so the 30 s cooldown only bites where a test wants it to. */
function user(): string {
  nextUser += 1n;
  return nextUser.toString();
}

function env(): Record<string, string> {
  return {
    DISCORD_API_URL: double.apiUrl,
    DISCORD_TOKEN: double.token,
    DATA_DIR: data.dir,
    ASK_COOLDOWN_SECONDS: '30',
  };
}

beforeAll(async () => {
  double = await DiscordDouble.start({
    guilds: [
      {
        id: GUILD,
        name: 'Test Guild',
        channels: [
          { id: GENERAL, name: 'general' },
          { id: ANSWERS, name: 'answers' },
          { id: AUTO, name: 'ask-the-story' },
          { id: NO_EMBED, name: 'no-embeds', missingPermissions: ['EmbedLinks'] },
          { id: NO_SEND, name: 'read-only', missingPermissions: ['SendMessages'] },
          { id: DOOMED, name: 'doomed' },
          { id: DOOMED_OFFLINE, name: 'doomed-offline' },
        ],
      },
    ],
  });
  data = tempDir();
  bot = await startBot(env());
});

afterAll(async () => {
  await bot?.stop();
  await double?.close();
  data?.remove();
});

function channels(sub: 'add' | 'remove' | 'list', channelId?: string, auto?: boolean): Promise<SettledReply> {
  const options: { name: string; type: number; value?: string | boolean }[] = [];
  if (channelId !== undefined) options.push({ name: 'channel', type: CHANNEL, value: channelId });
  if (auto !== undefined) options.push({ name: 'auto', type: BOOLEAN, value: auto });
  return double
    .sendSlashCommand({ name: 'channels', channelId: GENERAL, options: [{ name: sub, type: SUBCOMMAND, options }] })
    .settled();
}

function ask(
  channelId: string,
  question = 'Why did Iraq’s parliament vote?',
  extra: { userId?: string; private?: boolean } = {},
): Promise<SettledReply> {
  const options: { name: string; type: number; value: string | boolean }[] = [
    { name: 'question', type: STRING, value: question },
  ];
  if (extra.private !== undefined) options.push({ name: 'private', type: BOOLEAN, value: extra.private });
  return double.sendSlashCommand({ name: 'ask', channelId, userId: extra.userId ?? user(), options }).settled();
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Bot messages in a channel that are not interaction replies (i.e. auto-channel answers). */
function autoReplies(channelId: string): ReturnType<DiscordDouble['channelMessages']> {
  return double.channelMessages(channelId).filter((m) => m.source === 'channel');
}

describe('channel rules', () => {
  it('with no channels set, /ask answers in public anywhere', async () => {
    expect((await channels('list')).content).toMatch(/No channels are set/);
    expect((await ask(GENERAL)).ephemeral).toBe(false);
    expect((await ask(ANSWERS)).ephemeral).toBe(false);
  });

  it('/channels add: a private confirmation; then public only there, private elsewhere naming it', async () => {
    const added = await channels('add', ANSWERS);
    expect(added.ephemeral).toBe(true);
    expect(added.content).toContain(`<#${ANSWERS}>`);
    expect((await ask(ANSWERS)).ephemeral).toBe(false);
    const elsewhere = await ask(GENERAL);
    expect(elsewhere.ephemeral).toBe(true);
    expect(elsewhere.embeds).toHaveLength(1);
    expect(elsewhere.content).toContain(`<#${ANSWERS}>`);
    expect((await ask(ANSWERS, undefined, { private: true })).ephemeral).toBe(true);
    const list = await channels('list');
    expect(list.content).toContain(`<#${ANSWERS}>`);
  });

  it('/channels remove takes a channel off the list', async () => {
    await channels('add', GENERAL);
    const removed = await channels('remove', GENERAL);
    expect(removed.content).toMatch(/Removed/);
    const list = await channels('list');
    expect(list.content).not.toContain(`<#${GENERAL}>`);
    expect(list.content).toContain(`<#${ANSWERS}>`);
    expect((await channels('remove', GENERAL)).content).toMatch(/was not on the list/);
  });

  it('the cooldown makes a fast second ask wait, politely and privately', async () => {
    const asker = user();
    expect((await ask(ANSWERS, undefined, { userId: asker })).embeds).toHaveLength(1);
    const second = await ask(ANSWERS, undefined, { userId: asker });
    expect(second.ephemeral).toBe(true);
    expect(second.content).toMatch(/try again in \d+ s/);
    // Buttons are exempt.
    const more = await double
      .sendButton({ customId: 'ctx:iraq-parliament-votes-to-expel-us-troops:2', userId: asker })
      .settled();
    expect(more.embeds).toHaveLength(1);
  });
});

describe('auto channels without the Message Content intent', () => {
  it('the confirmation says plain messages need a mention', async () => {
    const added = await channels('add', AUTO, true);
    expect(added.content).toMatch(/mention me/);
  });

  it('identified without the Message Content intent', () => {
    expect(double.lastIdentify?.intentNames).toEqual(expect.arrayContaining(['Guilds', 'GuildMessages']));
    expect(double.lastIdentify?.intentNames).not.toContain('MessageContent');
  });

  it('answers a question that mentions the bot, as a reply without pings, mention stripped', async () => {
    const id = double.dispatchMessage({
      channelId: AUTO,
      content: 'why did Iraq’s parliament vote?',
      mentionsBot: true,
      authorId: user(),
    });
    const [reply] = await double.waitForChannelMessages(AUTO, 1);
    expect(reply!.messageReference?.messageId).toBe(id);
    expect(reply!.embeds).toHaveLength(1);
    expect((reply!.embeds[0] as { title?: string }).title).toBe('why did Iraq’s parliament vote?');
    expect(reply!.allowedMentions).toEqual({ parse: [], replied_user: false });
  });

  it('stays silent for messages it cannot read (no mention), for bots, and outside auto channels', async () => {
    const before = autoReplies(AUTO).length;
    double.dispatchMessage({ channelId: AUTO, content: 'Why did Iraq’s parliament vote?', authorId: user() });
    double.dispatchMessage({
      channelId: AUTO,
      content: 'why did iraq vote?',
      mentionsBot: true,
      authorBot: true,
      authorId: '300000000000000001',
    });
    double.dispatchMessage({ channelId: ANSWERS, content: 'why did iraq vote?', mentionsBot: true, authorId: user() });
    await sleep(800);
    expect(autoReplies(AUTO).length).toBe(before);
    expect(autoReplies(ANSWERS)).toHaveLength(0);
  });

  it('when mentioned and the story does not say, says so; a bare mention gets a hint', async () => {
    const before = autoReplies(AUTO).length;
    double.dispatchMessage({
      channelId: AUTO,
      content: 'what is the weather on Mars today?',
      mentionsBot: true,
      authorId: user(),
    });
    const replies = await double.waitForChannelMessages(AUTO, double.channelMessages(AUTO).length + 1);
    expect(replies.at(-1)!.content).toMatch(/the story doesn't say/i);
    double.dispatchMessage({ channelId: AUTO, content: '', mentionsBot: true, authorId: user() });
    await double.waitUntil(() => (autoReplies(AUTO).length >= before + 2 ? true : undefined), 5000, 'a hint');
    expect(autoReplies(AUTO).at(-1)!.content).toMatch(/Ask me a question/);
  });

  it('with Send Messages but no Embed Links: a plain-text answer; the confirmation warned', async () => {
    const added = await channels('add', NO_EMBED, true);
    expect(added.content).toContain('Embed Links');
    double.dispatchMessage({
      channelId: NO_EMBED,
      content: 'why did iraq’s parliament vote?',
      mentionsBot: true,
      authorId: user(),
    });
    const [reply] = await double.waitForChannelMessages(NO_EMBED, 1);
    expect(reply!.embeds).toHaveLength(0);
    expect(reply!.content).toContain('¶');
  });

  it('without Send Messages: silent, and logged; the confirmation warned', async () => {
    const added = await channels('add', NO_SEND, true);
    expect(added.content).toContain('Send Messages');
    double.dispatchMessage({ channelId: NO_SEND, content: 'why did iraq vote?', mentionsBot: true, authorId: user() });
    await bot.waitForLog((line) => /cannot answer in auto channel/.test(String(line.msg)), 5000);
    expect(autoReplies(NO_SEND)).toHaveLength(0);
  });

  it('never sent a 400, a 403 or a message that could ping', () => {
    expect(double.validationErrors).toEqual([]);
    expect(double.errorResponses.filter((e) => e.status === 403)).toEqual([]);
    expect(double.messagesThatCouldPing({ includeReplies: true })).toEqual([]);
  });
});

describe('deleted channels and restarts', () => {
  it('a deleted channel disappears from the list', async () => {
    await channels('add', DOOMED);
    double.deleteChannel(GUILD, DOOMED);
    await bot.waitForLog(
      (line) => line.msg === 'deleted channel removed from settings' && line['channel'] === DOOMED,
      5000,
    );
    expect((await channels('list')).content).not.toContain(`<#${DOOMED}>`);
  });

  it('settings survive a restart; a channel deleted while the bot was down is dropped from the list', async () => {
    await channels('add', DOOMED_OFFLINE);
    expect((await bot.stop()).code).toBe(0);
    double.deleteChannel(GUILD, DOOMED_OFFLINE);
    bot = await startBot(env());
    const list = await channels('list');
    expect(list.content).toContain(`<#${ANSWERS}>`);
    expect(list.content).toContain(`<#${AUTO}> (also answers plain questions)`);
    expect(list.content).not.toContain(`<#${DOOMED_OFFLINE}>`);
    const elsewhere = await ask(GENERAL);
    expect(elsewhere.ephemeral).toBe(true);
    expect(elsewhere.content).not.toContain(`<#${DOOMED_OFFLINE}>`);
    double.dispatchMessage({ channelId: AUTO, content: 'who is Abdul Mahdi?', mentionsBot: true, authorId: user() });
    await double.waitUntil(
      () =>
        autoReplies(AUTO).some((m) => (m.embeds[0] as { title?: string } | undefined)?.title === 'who is Abdul Mahdi?')
          ? true
          : undefined,
      5000,
      'an auto answer after the restart',
    );
  });
});

describe('Discord faults', () => {
  it('resumes after the gateway drops and keeps answering', async () => {
    const resumes = double.resumes.length;
    double.dropConnection();
    await double.waitForResume({ count: resumes + 1, timeoutMs: 10_000 });
    expect((await ask(ANSWERS)).embeds).toHaveLength(1);
    expect(bot.exitCode).toBeUndefined();
  });

  it('waits out a 429 and still answers once', async () => {
    double.rateLimitNext(1, { route: /^\/interactions\//, retryAfterMs: 300 });
    const reply = await ask(ANSWERS);
    expect(reply.embeds).toHaveLength(1);
    expect(double.rateLimitedRequests.length).toBeGreaterThan(0);
  });

  it('never logged an error', () => {
    expect(bot.logs.filter((line) => line.level >= 50)).toEqual([]);
  });
});

describe('mentions', () => {
  it('every message the bot sent (embeds-only ones included) carries allowed_mentions that parse nothing', () => {
    expect(double.botMessages().length).toBeGreaterThan(0);
    expect(messagesWithUnsafeMentions(double)).toEqual([]);
    expect(double.messagesThatCouldPing({ includeReplies: true })).toEqual([]);
  });
});
