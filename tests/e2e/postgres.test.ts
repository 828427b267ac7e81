/**
 * End to end on PostgreSQL (DATABASE_URL): the real bot against a throwaway server of its own, so
 * the server can be stopped under it.
 *
 * - Settings are kept in PostgreSQL across restarts.
 * - While PostgreSQL is down the bot goes on answering, with the channel rules it had loaded; a
 *   change gets a private "try again, nothing was changed" and is indeed not kept.
 * - It reconnects by itself, and changes work again.
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
    return { DISCORD_API_URL: double.apiUrl, DISCORD_TOKEN: double.token, DATA_DIR: data.dir, DATABASE_URL: url };
  }

  function channels(sub: 'add' | 'list', channelId?: string): Promise<SettledReply> {
    const options = channelId === undefined ? [] : [{ name: 'channel', type: CHANNEL, value: channelId }];
    return double
      .sendSlashCommand({ name: 'channels', channelId: GENERAL, memberPermissions: MODERATOR, options: [{ name: sub, type: SUBCOMMAND, options }] })
      .settled(15_000);
  }

  function ask(channelId: string): Promise<SettledReply> {
    nextUser += 1n;
    return double
      .sendSlashCommand({ name: 'ask', channelId, userId: nextUser.toString(), options: [{ name: 'question', type: STRING, value: 'Why did Iraq’s parliament vote?' }] })
      .settled(10_000);
  }

  it('keeps settings, answers through an outage with what it loaded, refuses changes cleanly, and reconnects', async () => {
    bot = await startBot(env());
    expect(bot.logs.find((line) => line.msg === 'starting')).toMatchObject({ storage: 'postgres' });
    expect((await channels('add', ANSWERS)).content).toContain(`Added <#${ANSWERS}>`);

    await bot.stop();
    bot = await startBot(env());
    const listed = await channels('list');
    expect(listed.content).toContain(`<#${ANSWERS}>`);

    // The outage.
    await server.stop();
    await bot.waitForLog((line) => /lost the PostgreSQL connection/.test(String(line.msg)), 15_000, 'the bot to notice the outage');
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
    expect(bot.logs.filter((line) => line.level >= 50)).toEqual([]);
    await bot.stop();
    bot = undefined;
    expect(double.validationErrors).toEqual([]);
  }, 120_000);
});
