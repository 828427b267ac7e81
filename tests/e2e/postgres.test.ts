/**
 * End to end on PostgreSQL (DATABASE_URL): the real bot against a throwaway server of its own, so
 * the server can be stopped under it.
 *
 * - Settings are kept in PostgreSQL across restarts.
 * - While PostgreSQL is down the bot goes on answering, with the channel rules it had loaded; a
 *   change gets a private "try again, nothing was changed" and is indeed not kept.
 * - It reconnects by itself, and changes work again.
 * - A server's own articles (/stories) too: kept across restarts, answered from during the outage,
 *   an add then refused with the same "try again" and not kept; /stories unanswered likewise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_PERMISSIONS, DiscordDouble, type SettledReply } from '../support/discord-double.ts';
import { startBot, tempDir, type BotProcess } from '../support/bot-process.ts';
import { postgresForTests } from '../support/postgres-tests.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { STORE_UNAVAILABLE_TEXT } from '../../src/discord/render.ts';

const GUILD = '900000000000000001';
const GENERAL = '900000000000000010';
const ANSWERS = '900000000000000020';
const LATER = '900000000000000030';
const OUTAGE = '900000000000000040';
const MODERATOR = (DEFAULT_MEMBER_PERMISSIONS | 0x20n).toString(); // + Manage Server
const SUBCOMMAND = 1;
const STRING = 3;
const CHANNEL = 7;
const ATTACHMENT = 11;

const ARTICLE = `---
title: Harbour ferry timetable changes
---

The ferry between the harbour and the island will leave every forty minutes from Monday, the harbour office said.

The last crossing of the day moves from ten to eleven at night during the summer months.
`;
const ARTICLE_QUESTION = 'When is the last crossing of the day?';

const { skip } = postgresForTests();

describe.skipIf(skip !== undefined)(`the bot on PostgreSQL${skip === undefined ? '' : ` (skipped: ${skip})`}`, () => {
  let double: DiscordDouble;
  let server: PostgresServer;
  let url: string;
  let data: ReturnType<typeof tempDir>;
  let bot: BotProcess | undefined;
  let nextUser = 300000000000000000n;

  beforeAll(async () => {
    double = await DiscordDouble.start({
      heartbeatIntervalMs: 500,
      guilds: [
        {
          id: GUILD,
          name: 'Test Guild',
          channels: [GENERAL, ANSWERS, LATER, OUTAGE].map((id, i) => ({ id, name: `room-${i}` })),
        },
      ],
    });
    server = await startPostgres();
    url = await server.createDatabase('e2e');
    data = tempDir('footnote-pg-e2e-');
  }, 60_000);

  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await double?.close();
    await server?.destroy();
    data?.remove();
  });

  function env(): Record<string, string> {
    // DATA_DIR is set too, and must stay unused: the settings go to PostgreSQL.
    return {
      DISCORD_API_URL: double.apiUrl,
      DISCORD_TOKEN: double.token,
      DATA_DIR: data.dir,
      DATABASE_URL: url,
      STORIES_FETCH_ALLOW_LOOPBACK: 'true',
    };
  }

  function stories(sub: 'add' | 'unanswered', content?: string): Promise<SettledReply> {
    const options =
      content === undefined
        ? []
        : [
            {
              name: 'file',
              type: ATTACHMENT,
              value: double.addAttachment({ filename: 'ferry.md', content, contentType: 'text/plain; charset=utf-8' })
                .id,
            },
          ];
    return double
      .sendSlashCommand({
        name: 'stories',
        channelId: GENERAL,
        memberPermissions: MODERATOR,
        options: [{ name: sub, type: SUBCOMMAND, options }],
      })
      .settled(20_000);
  }

  function askAbout(question: string): Promise<SettledReply> {
    nextUser += 1n;
    return double
      .sendSlashCommand({
        name: 'ask',
        channelId: ANSWERS,
        userId: nextUser.toString(),
        options: [{ name: 'question', type: STRING, value: question }],
      })
      .settled(10_000);
  }

  function citation(reply: SettledReply): string | undefined {
    return (reply.embeds[0] as { fields?: { name: string }[] } | undefined)?.fields?.[0]?.name;
  }

  function channels(sub: 'add' | 'list', channelId?: string): Promise<SettledReply> {
    const options = channelId === undefined ? [] : [{ name: 'channel', type: CHANNEL, value: channelId }];
    return double
      .sendSlashCommand({
        name: 'channels',
        channelId: GENERAL,
        memberPermissions: MODERATOR,
        options: [{ name: sub, type: SUBCOMMAND, options }],
      })
      .settled(15_000);
  }

  function ask(channelId: string): Promise<SettledReply> {
    nextUser += 1n;
    return double
      .sendSlashCommand({
        name: 'ask',
        channelId,
        userId: nextUser.toString(),
        options: [{ name: 'question', type: STRING, value: 'Why did Iraq’s parliament vote?' }],
      })
      .settled(10_000);
  }

  it('keeps settings, answers through an outage with what it loaded, refuses changes cleanly, and reconnects', async () => {
    bot = await startBot(env());
    expect(bot.logs.find((line) => line.msg === 'starting')).toMatchObject({ storage: 'postgres' });
    expect((await channels('add', ANSWERS)).content).toContain(`Added <#${ANSWERS}>`);
    expect((await stories('add', ARTICLE)).embeds[0]).toMatchObject({
      title: 'Added: Harbour ferry timetable changes',
    });

    await bot.stop();
    bot = await startBot(env());
    const listed = await channels('list');
    expect(listed.content).toContain(`<#${ANSWERS}>`);

    // The outage.
    await server.stop();
    await bot.waitForLog(
      (line) => /lost the PostgreSQL connection/.test(String(line.msg)),
      15_000,
      'the bot to notice the outage',
    );
    const publicAnswer = await ask(ANSWERS);
    expect(publicAnswer.embeds.length).toBeGreaterThan(0);
    expect(publicAnswer.ephemeral).toBe(false);
    const elsewhere = await ask(GENERAL); // still restricted to ANSWERS, from memory
    expect(elsewhere.embeds.length).toBeGreaterThan(0);
    expect(elsewhere.ephemeral).toBe(true);
    const refused = await channels('add', OUTAGE);
    expect(refused.content).toBe(STORE_UNAVAILABLE_TEXT);
    expect(refused.ephemeral).toBe(true);
    expect((await channels('list')).content).not.toContain(`<#${OUTAGE}>`);
    // The server's article still answers (its engine is in memory); adding another cannot be kept.
    expect(citation(await askAbout(ARTICLE_QUESTION))).toBe('¶2 · Harbour ferry timetable changes');
    const storyRefused = await stories(
      'add',
      ARTICLE.replace('Harbour ferry', 'Outage ferry').replace('forty', 'fifty'),
    );
    expect(storyRefused.content).toBe(STORE_UNAVAILABLE_TEXT);
    expect(storyRefused.ephemeral).toBe(true);
    // A question declined now cannot be recorded: dropped, and the report says try again.
    expect((await askAbout('What colour is the harbour master’s boat?')).embeds.length).toBe(0);
    expect((await stories('unanswered')).content).toBe(STORE_UNAVAILABLE_TEXT);
    await bot.waitForLog(
      (line) => /could not record unanswered questions/.test(String(line.msg)),
      5_000,
      'the dropped questions to be logged',
    );

    // Back again, without a restart of the bot.
    await server.start();
    await bot.waitForLog((line) => /connection restored/.test(String(line.msg)), 30_000, 'the bot to reconnect');
    expect((await channels('add', LATER)).content).toContain(`Added <#${LATER}>`);

    await bot.stop();
    bot = await startBot(env());
    const after = await channels('list');
    expect(after.content).toContain(`<#${ANSWERS}>`);
    expect(after.content).toContain(`<#${LATER}>`);
    expect(after.content).not.toContain(`<#${OUTAGE}>`);
    expect(citation(await askAbout(ARTICLE_QUESTION))).toBe('¶2 · Harbour ferry timetable changes');
    const articles = JSON.stringify(
      await double.sendSlashCommand({ name: 'article', channelId: ANSWERS }).settled(10_000),
    );
    expect(articles).toContain('Harbour ferry timetable changes');
    expect(articles).not.toContain('Outage ferry'); // refused during the outage: not kept
    expect((await askAbout('Who runs the ferry kiosk?')).embeds.length).toBe(0);
    const report = await stories('unanswered');
    expect(JSON.stringify(report)).toContain('Who runs the ferry kiosk?');
    expect(JSON.stringify(report)).not.toContain('harbour master');
    expect(bot.logs.filter((line) => line.level >= 50)).toEqual([]);
    await bot.stop();
    bot = undefined;
    expect(double.validationErrors).toEqual([]);
  }, 120_000);
});
