/**
 * End to end with shards: the real `npm start` with SHARD_COUNT set (discord.js's ShardingManager,
 * one child process per shard) against the Discord test double, which gives each shard only its own
 * servers' events.
 *
 * - Two shards with servers on each: /ask is answered in every server, by the shard that serves it.
 * - A channel setting and a server's own article (/stories add) added under two shards are kept when
 *   the bot restarts with three and the server moves to another shard: on SQLite, and on PostgreSQL.
 *   Each shard loads and indexes only its own servers' articles.
 * - Killing one shard's process leaves the other answering while the manager respawns it.
 * - SIGTERM: answers in flight on every shard are finished; everything exits 0 within 10 s.
 * - Two "machines" (SHARD_LIST=0 and SHARD_LIST=1) share one PostgreSQL.
 * - An unsharded bot in too many servers (4011) and bad sharding settings stop with what to fix.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MEMBER_PERMISSIONS,
  DiscordDouble,
  shardOf,
  type InteractionHandle,
  type SettledReply,
} from '../support/discord-double.ts';
import {
  shardPids,
  spawnBot,
  startShardedBot,
  tempDir,
  type BotProcess,
  type LogLine,
} from '../support/bot-process.ts';
import { postgresForTests } from '../support/postgres-tests.ts';

/** Real-looking server ids: under two shards on 0, 1, 0, 1; under three on 1, 2, 0, 1. */
const GUILDS = [0n, 1n, 2n, 3n].map((k) => (((214576000000n + k) << 22n) | 5n).toString());
const [MOVING, ONE, ZERO, STAYING] = GUILDS as [string, string, string, string];
const channelOf = (guildId: string, n = 0): string => (BigInt(guildId) + 10n + BigInt(n)).toString();
const MODERATOR = (DEFAULT_MEMBER_PERMISSIONS | 0x20n).toString(); // + Manage Server
const SUBCOMMAND = 1;
const STRING = 3;
const CHANNEL = 7;
const ATTACHMENT = 11;

/** An article a server adds with /stories add, in the corpus format. */
function article(place: string): string {
  return `---
title: ${place} ferry timetable changes
published: 2031-06-01
---

The ferry between ${place} and the island will leave every forty minutes from Monday, the harbour office said.

The last crossing of the day moves from ten to eleven at night during the summer months.

Tickets bought before the change stay valid until the end of June, and season passes are not affected.
`;
}
/** Answered by each article's ¶2 (and declined by the operator's corpus alone). */
const ARTICLE_QUESTION = 'When is the last crossing of the day?';

const { postgres, skip: postgresSkip } = postgresForTests();

let double: DiscordDouble;
const running = new Set<BotProcess>();
const dirs: ReturnType<typeof tempDir>[] = [];
let nextUser = 400000000000000000n;

beforeAll(async () => {
  double = await DiscordDouble.start({
    heartbeatIntervalMs: 500,
    // Many shards may identify at once, so the manager spaces them 5.5 s / 16 apart, not 5.5 s.
    maxConcurrency: 16,
    recommendedShards: 2,
    unshardedGuildLimit: 10,
    guilds: GUILDS.map((id, i) => ({
      id,
      name: `Server ${i}`,
      channels: [
        { id: channelOf(id), name: 'general' },
        { id: channelOf(id, 1), name: 'answers' },
      ],
    })),
  });
});

afterEach(async () => {
  for (const bot of running) await bot.stop('SIGKILL').catch(() => undefined);
  running.clear();
});

afterAll(async () => {
  await double?.close();
  for (const dir of dirs) dir.remove();
});

/** Whether a process still runs. An exited orphan nobody has reaped yet (a zombie) does not count. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function dataDir(): string {
  const dir = tempDir('footnote-shards-');
  dirs.push(dir);
  return dir.dir;
}

async function start(env: Record<string, string>): Promise<BotProcess> {
  const bot = await startShardedBot({ DISCORD_API_URL: double.apiUrl, DISCORD_TOKEN: double.token, ...env });
  running.add(bot);
  return bot;
}

async function stop(bot: BotProcess): Promise<void> {
  const exit = await bot.stop('SIGTERM', 12_000);
  running.delete(bot);
  expect(exit.code).toBe(0);
}

function ask(guildId: string, channelId = channelOf(guildId)): InteractionHandle {
  nextUser += 1n;
  return double.sendSlashCommand({
    name: 'ask',
    guildId,
    channelId,
    userId: nextUser.toString(),
    options: [{ name: 'question', type: STRING, value: 'Why did Iraq’s parliament vote?' }],
  });
}

function channels(guildId: string, sub: 'add' | 'list', channelId?: string): Promise<SettledReply> {
  const options = channelId === undefined ? [] : [{ name: 'channel', type: CHANNEL, value: channelId }];
  return double
    .sendSlashCommand({
      name: 'channels',
      guildId,
      channelId: channelOf(guildId),
      memberPermissions: MODERATOR,
      options: [{ name: sub, type: SUBCOMMAND, options }],
    })
    .settled(15_000);
}

function storiesAdd(guildId: string, filename: string, content: string): Promise<SettledReply> {
  const file = double.addAttachment({ filename, content, contentType: 'text/plain; charset=utf-8' });
  return double
    .sendSlashCommand({
      name: 'stories',
      guildId,
      channelId: channelOf(guildId),
      memberPermissions: MODERATOR,
      options: [{ name: 'add', type: SUBCOMMAND, options: [{ name: 'file', type: ATTACHMENT, value: file.id }] }],
    })
    .settled(20_000);
}

function askAbout(guildId: string, question: string, channelId = channelOf(guildId, 1)): Promise<SettledReply> {
  nextUser += 1n;
  return double
    .sendSlashCommand({
      name: 'ask',
      guildId,
      channelId,
      userId: nextUser.toString(),
      options: [{ name: 'question', type: STRING, value: question }],
    })
    .settled(10_000);
}

/** The heading of an answer's first quoted passage: "¶N · title". */
function firstCitation(reply: SettledReply): string | undefined {
  return (reply.embeds[0] as { fields?: { name: string }[] } | undefined)?.fields?.[0]?.name;
}

/** What each shard said when it had loaded its servers' articles: shard id → servers with articles. */
function articlesLoaded(bot: BotProcess): Map<number, number> {
  return new Map(
    bot.logs
      .filter((line) => line.msg === "servers' articles loaded")
      .map((line) => [line['shard'] as number, line['withArticles'] as number]),
  );
}

/** The shards that logged answering /ask in this server, in order. */
function answeredBy(bot: BotProcess, guildId: string): number[] {
  return bot.logs
    .filter((line: LogLine) => line.msg === 'interaction' && line['guild'] === guildId && line['command'] === '/ask')
    .map((line) => line['shard'] as number);
}

describe('a sharded bot', () => {
  it('SHARD_COUNT=auto runs the recommended two shards, each identifying as [i, 2]; /ask is answered in every server by its shard', async () => {
    const identifies = double.identifyCount;
    const bot = await start({ SHARD_COUNT: 'auto', DATA_DIR: dataDir() });
    expect(double.identifies.slice(identifies).map((record) => record.shard)).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(new Set(shardPids(bot).values()).size).toBe(2);
    expect(shardPids(bot).has(process.pid)).toBe(false);

    const replies = await Promise.all(GUILDS.map((guildId) => ask(guildId).settled(10_000)));
    for (const reply of replies) expect(reply.embeds.length).toBeGreaterThan(0);
    for (const guildId of GUILDS) expect(answeredBy(bot, guildId)).toEqual([shardOf(guildId, 2)]);
    // Every line of a shard carries its id; the manager's say so.
    const lines = bot.logs.filter((line) => line.msg === 'connected to Discord');
    expect(lines.map((line) => line['shard']).sort()).toEqual([0, 1]);
    expect(bot.logs.find((line) => line.msg === 'all shards ready')).toMatchObject({ role: 'manager', shardCount: 2 });
    expect(bot.logs.filter((line) => typeof line['shard'] !== 'number' && line['role'] !== 'manager')).toEqual([]);
    await stop(bot);
  }, 90_000);

  it('killing one shard process leaves the other answering while the manager respawns it', async () => {
    const bot = await start({ SHARD_COUNT: '2', DATA_DIR: dataDir() });
    const victim = shardOf(ONE, 2);
    const pid = shardPids(bot).get(victim)!;
    const readies = bot.logs.filter((line) => line.msg === 'shard ready' && line['shard'] === victim).length;
    process.kill(pid, 'SIGKILL');
    await bot.waitForLog(
      (line) => line.msg === 'shard died; respawning' && line['shard'] === victim,
      10_000,
      'the manager to see the death',
    );

    // The other shard goes on answering meanwhile.
    const meanwhile = await ask(ZERO).settled(10_000);
    expect(meanwhile.embeds.length).toBeGreaterThan(0);

    await bot.waitForLog(
      (line) =>
        line.msg === 'shard ready' &&
        line['shard'] === victim &&
        bot.logs.filter((l) => l.msg === 'shard ready' && l['shard'] === victim).length > readies,
      30_000,
      'the shard to be respawned',
    );
    expect(shardPids(bot).get(victim)).not.toBe(pid);
    const after = await ask(ONE).settled(10_000);
    expect(after.embeds.length).toBeGreaterThan(0);
    expect(bot.logs.find((line) => line.msg === 'shard died; respawning')).toMatchObject({
      shard: victim,
      signal: 'SIGKILL',
      respawnInMs: 1000,
    });

    // Dying again soon after: the wait doubles.
    process.kill(shardPids(bot).get(victim)!, 'SIGKILL');
    const again = await bot.waitForLog(
      (line) => line.msg === 'shard died; respawning' && line['respawnInMs'] !== 1000,
      10_000,
      'the second death',
    );
    expect(again).toMatchObject({ shard: victim, respawnInMs: 2000 });
    await stop(bot);
  }, 90_000);

  it('SIGTERM finishes the answers in flight on every shard, and all exits 0 within 10 s', async () => {
    const bot = await start({ SHARD_COUNT: '2', DATA_DIR: dataDir() });
    // Hold one answer on each shard: their callbacks get a 429 and wait 1.5 s before retrying.
    const limited = double.rateLimitedRequests.length;
    double.rateLimitNext(2, { route: /^\/interactions\//, retryAfterMs: 1500 });
    const handles = [ask(ZERO), ask(ONE)];
    await double.waitUntil(
      () => (double.rateLimitedRequests.length >= limited + 2 ? true : undefined),
      5000,
      'both answers to be held',
    );
    const started = Date.now();
    const exited = bot.stop('SIGTERM', 12_000);
    const replies = await Promise.all(handles.map((handle) => handle.settled(10_000)));
    for (const reply of replies) expect(reply.embeds.length).toBeGreaterThan(0);
    const exit = await exited;
    running.delete(bot);
    expect(exit.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(
      bot.logs
        .filter((line) => line.msg === 'finishing answers in flight')
        .map((line) => line['shard'])
        .sort(),
    ).toEqual([0, 1]);
    expect(bot.logs.filter((line) => line.msg === 'shard stopped').map((line) => line['code'])).toEqual([0, 0]);
    for (const pid of shardPids(bot).values()) expect(alive(pid)).toBe(false);
    expect(bot.logs.filter((line) => line.level >= 50)).toEqual([]);
  }, 60_000);

  it('a manager that is killed outright leaves no shard behind: each notices and stops itself', async () => {
    const bot = await start({ SHARD_COUNT: '2', DATA_DIR: dataDir() });
    const pids = [...shardPids(bot).values()];
    bot.child.kill('SIGKILL');
    await bot.waitForExit(5_000);
    running.delete(bot);
    await double.waitUntil(
      () => (pids.every((pid) => !alive(pid)) ? true : undefined),
      10_000,
      'the orphaned shards to stop',
    );
  }, 60_000);

  const stores = [
    {
      name: 'SQLite',
      skip: undefined as string | undefined,
      env: async (): Promise<Record<string, string>> => ({ DATA_DIR: dataDir() }),
    },
    {
      name: 'PostgreSQL',
      skip: postgresSkip,
      env: async (): Promise<Record<string, string>> => ({
        DATA_DIR: dataDir(),
        DATABASE_URL: await postgres!.createDatabase('shards'),
      }),
    },
  ];
  for (const store of stores) {
    it.skipIf(store.skip !== undefined)(
      `a channel setting and a server's article made under two shards are kept under three, where the server moved to another shard (${store.name}${store.skip === undefined ? '' : `; skipped: ${store.skip}`})`,
      async () => {
        expect(shardOf(MOVING, 2)).not.toBe(shardOf(MOVING, 3));
        expect(shardOf(STAYING, 2)).toBe(shardOf(STAYING, 3));
        const env = { ...(await store.env()), STORIES_FETCH_ALLOW_LOOPBACK: 'true' };
        const places = new Map([
          [MOVING, 'Moving Bay'],
          [STAYING, 'Staying Point'],
        ]);
        const two = await start({ ...env, SHARD_COUNT: '2' });
        for (const [guildId, place] of places) {
          expect((await channels(guildId, 'add', channelOf(guildId, 1))).content).toContain('Added');
          const added = await storiesAdd(guildId, 'ferry.md', article(place));
          expect(added.embeds[0]).toMatchObject({ title: `Added: ${place} ferry timetable changes` });
          const cited = await askAbout(guildId, ARTICLE_QUESTION);
          expect(firstCitation(cited)).toBe(`¶2 · ${place} ferry timetable changes`);
        }
        expect(articlesLoaded(two)).toEqual(
          new Map([
            [0, 0],
            [1, 0],
          ]),
        ); // a new database: nothing to load at start
        await stop(two);

        const three = await start({ ...env, SHARD_COUNT: '3' });
        // Only the shard that now serves MOVING and STAYING loaded (and indexes) their articles.
        await three.waitForLog(
          (line) => line.msg === "servers' articles loaded" && line['shard'] === 2,
          15_000,
          'every shard to load its articles',
        );
        const serving = shardOf(MOVING, 3);
        expect(articlesLoaded(three)).toEqual(new Map([0, 1, 2].map((shard) => [shard, shard === serving ? 2 : 0])));
        for (const [guildId, place] of places) {
          expect((await channels(guildId, 'list')).content).toContain(`<#${channelOf(guildId, 1)}>`);
          const restricted = await ask(guildId).settled(10_000); // not in the answers channel: private
          expect(restricted.ephemeral).toBe(true);
          const open = await ask(guildId, channelOf(guildId, 1)).settled(10_000);
          expect(open.ephemeral).toBe(false);
          const cited = await askAbout(guildId, ARTICLE_QUESTION);
          expect(cited.ephemeral).toBe(false);
          expect(firstCitation(cited)).toBe(`¶2 · ${place} ferry timetable changes`);
          expect(answeredBy(three, guildId)).toEqual([shardOf(guildId, 3), shardOf(guildId, 3), shardOf(guildId, 3)]);
        }
        // Another server's answers never draw on them.
        const elsewhere = await askAbout(ZERO, ARTICLE_QUESTION, channelOf(ZERO));
        expect(JSON.stringify(elsewhere.embeds)).not.toContain('ferry timetable');
        expect(three.logs.filter((line) => line.level >= 50)).toEqual([]);
        await stop(three);
      },
      150_000,
    );
  }

  it.skipIf(postgresSkip !== undefined)(
    `two machines, SHARD_LIST=0 and SHARD_LIST=1 of SHARD_COUNT=2, share one PostgreSQL${postgresSkip === undefined ? '' : ` (skipped: ${postgresSkip})`}`,
    async () => {
      const databaseUrl = await postgres!.createDatabase('machines');
      const identifies = double.identifyCount;
      const first = await start({ SHARD_COUNT: '2', SHARD_LIST: '0', DATA_DIR: dataDir(), DATABASE_URL: databaseUrl });
      const second = await start({ SHARD_COUNT: '2', SHARD_LIST: '1', DATA_DIR: dataDir(), DATABASE_URL: databaseUrl });
      expect(double.identifies.slice(identifies).map((record) => record.shard)).toEqual([
        [0, 2],
        [1, 2],
      ]);
      expect((await channels(ZERO, 'add', channelOf(ZERO, 1))).content).toContain('Added');
      expect((await channels(ONE, 'add', channelOf(ONE, 1))).content).toContain('Added');
      expect((await ask(ZERO, channelOf(ZERO, 1)).settled(10_000)).ephemeral).toBe(false);
      expect((await ask(ONE).settled(10_000)).ephemeral).toBe(true);
      expect(answeredBy(first, ZERO)).toEqual([0]);
      expect(answeredBy(second, ONE)).toEqual([1]);
      await Promise.all([stop(first), stop(second)]);
    },
    120_000,
  );
});

describe('sharding mistakes stop with what to fix', () => {
  it('an unsharded bot in more servers than Discord allows (4011): says to set SHARD_COUNT', async () => {
    const crowded = await DiscordDouble.start({
      heartbeatIntervalMs: 500,
      unshardedGuildLimit: 3,
      guilds: GUILDS.map((id, i) => ({ id, name: `S${i}`, channels: [{ id: channelOf(id), name: 'general' }] })),
    });
    try {
      const bot = spawnBot({ DISCORD_API_URL: crowded.apiUrl, DISCORD_TOKEN: crowded.token, DATA_DIR: dataDir() });
      const exit = await bot.waitForExit(20_000);
      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      expect(crowded.closeCodesSent).toContain(4011);
      expect(bot.stderr).toMatch(/requires sharding.*4011.*SHARD_COUNT=auto/);
    } finally {
      await crowded.close();
    }
  }, 30_000);

  it.each([
    [{ SHARD_COUNT: 'lots' }, /SHARD_COUNT must be auto .* or a whole number/],
    [{ SHARD_COUNT: '0' }, /SHARD_COUNT must be/],
    [{ SHARD_LIST: '0,1' }, /SHARD_LIST needs SHARD_COUNT/],
    [{ SHARD_COUNT: '2', SHARD_LIST: '1,2' }, /SHARD_LIST names shard 2, but SHARD_COUNT is 2/],
    [{ SHARD_COUNT: '2', SHARD_LIST: 'one' }, /SHARD_LIST must be shard ids/],
    [{ SHARD_COUNT: 'auto', SHARD_LIST: '0' }, /SHARD_LIST needs a fixed SHARD_COUNT/],
  ])(
    '%o: exits non-zero before connecting, naming the variable',
    async (env, message) => {
      const identifies = double.identifyCount;
      const bot = spawnBot({
        DISCORD_API_URL: double.apiUrl,
        DISCORD_TOKEN: double.token,
        DATA_DIR: dataDir(),
        ...env,
      });
      const exit = await bot.waitForExit(20_000);
      expect(exit.code).toBe(1);
      expect(bot.stderr).toMatch(message);
      expect(double.identifyCount).toBe(identifies);
    },
    30_000,
  );

  it('a token Discord rejects: the manager says so before starting any shard', async () => {
    const bot = spawnBot({
      DISCORD_API_URL: double.apiUrl,
      DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAw.wrong.planted-secret-value',
      DATA_DIR: dataDir(),
      SHARD_COUNT: '2',
    });
    const exit = await bot.waitForExit(20_000);
    expect(exit.code).toBe(1);
    expect(bot.stderr).toMatch(/DISCORD_TOKEN was rejected by Discord \(401\)/);
    expect(bot.stderr + bot.stdout).not.toContain('planted-secret-value');
    expect(shardPids(bot).size).toBe(0);
  }, 30_000);

  it('a shard that cannot start (a bad corpus) stops the manager and every shard, saying why', async () => {
    const bot = spawnBot({
      DISCORD_API_URL: double.apiUrl,
      DISCORD_TOKEN: double.token,
      DATA_DIR: dataDir(),
      SHARD_COUNT: '2',
      CORPUS_DIR: 'no-such-corpus',
    });
    const exit = await bot.waitForExit(30_000);
    expect(exit.code).toBe(1);
    expect(bot.stderr).toMatch(/shard 0: Corpus error/);
    expect(bot.stderr).toMatch(/A shard could not start/);
    for (const pid of shardPids(bot).values()) expect(alive(pid)).toBe(false);
  }, 40_000);
});
