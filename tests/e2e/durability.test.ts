/**
 * End to end: "never lose a setting".
 *
 * - A burst of /channels add|remove, SIGKILL right after confirmations arrive, restart: every
 *   confirmed change is there (repeated over several cycles, each checked through /channels list).
 * - A corrupt settings database stops start-up with a message naming the file, before logging in,
 *   and the file is left byte for byte as it was.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_PERMISSIONS, DiscordDouble, type InteractionHandle } from '../support/discord-double.ts';
import { spawnBot, startBot, tempDir, type BotProcess } from '../support/bot-process.ts';
import { DATABASE_FILE } from '../../src/store/sqlite.ts';

const GUILD = '900000000000000001';
const GENERAL = '900000000000000010';
const CHANNELS = Array.from({ length: 16 }, (_, i) => (900000000000000100n + BigInt(i)).toString());
const MODERATOR = (DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild).toString();
const SUBCOMMAND = 1;
const CHANNEL = 7;
const CYCLES = 6;
const BURST = 8;

let double: DiscordDouble;
let data: ReturnType<typeof tempDir>;
let bot: BotProcess | undefined;

beforeAll(async () => {
  double = await DiscordDouble.start({
    heartbeatIntervalMs: 500,
    guilds: [
      {
        id: GUILD,
        name: 'Test Guild',
        channels: [{ id: GENERAL, name: 'general' }, ...CHANNELS.map((id, i) => ({ id, name: `room-${i}` }))],
      },
    ],
  });
  data = tempDir('footnote-durability-');
});

afterAll(async () => {
  await bot?.stop('SIGKILL');
  await double?.close();
  data?.remove();
});

function env(dataDir: string): Record<string, string> {
  return { DISCORD_API_URL: double.apiUrl, DISCORD_TOKEN: double.token, DATA_DIR: dataDir };
}

function channelsCommand(sub: 'add' | 'remove' | 'list', channelId?: string): InteractionHandle {
  const options = channelId === undefined ? [] : [{ name: 'channel', type: CHANNEL, value: channelId }];
  return double.sendSlashCommand({
    name: 'channels',
    channelId: GENERAL,
    userId: '100000000000000050',
    memberPermissions: MODERATOR,
    options: [{ name: sub, type: SUBCOMMAND, options }],
  });
}

/** The channels /channels list shows. */
async function listed(): Promise<Set<string>> {
  const reply = await channelsCommand('list').settled(10_000);
  expect(reply.ephemeral).toBe(true);
  if (/No channels are set/.test(reply.content)) return new Set();
  expect(reply.content).toMatch(/I answer in public in:/);
  return new Set([...reply.content.matchAll(/<#(\d+)>/g)].map((match) => match[1]!));
}

/** The confirmation text once the deferred reply has been edited, else undefined. */
function confirmation(handle: InteractionHandle): string | undefined {
  const original = handle.original;
  if (original === null || original.loading) return undefined;
  return original.content;
}

interface Op {
  kind: 'add' | 'remove';
  channelId: string;
  handle: InteractionHandle;
}

describe('settings survive SIGKILL', () => {
  it(`${CYCLES} cycles of a burst of changes, killed right after confirmations, are all there after a restart`, async () => {
    // The state the database must hold: exact, except channels whose change was never confirmed
    // (those may or may not have happened; the next /channels list tells us which).
    let expected = new Set<string>();
    let unsure = new Set<string>();
    let confirmedTotal = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      bot = await startBot(env(data.dir));
      await double.waitForReady({ timeoutMs: 15_000 });

      const actual = await listed();
      for (const id of [...expected, ...actual]) {
        if (unsure.has(id)) continue;
        expect
          .soft(
            actual.has(id),
            `cycle ${cycle}: <#${id}> ${expected.has(id) ? 'was confirmed added' : 'was confirmed removed'}`,
          )
          .toBe(expected.has(id));
      }
      expect(actual).toEqual(
        new Set([...expected].filter((id) => !unsure.has(id)).concat([...actual].filter((id) => unsure.has(id)))),
      );
      expected = actual;
      unsure = new Set();

      // A burst on distinct channels, all in flight at once; which ones depends on the cycle.
      const picked = CHANNELS.filter((_, i) => (i * 7 + cycle * 3) % CHANNELS.length < BURST);
      const ops: Op[] = picked.map((channelId) => {
        const kind = expected.has(channelId) ? 'remove' : 'add';
        return { kind, channelId, handle: channelsCommand(kind, channelId) };
      });
      // Kill as soon as a few (1 to 4, varying by cycle) confirmations have arrived.
      const killAfter = 1 + (cycle % 4);
      await double.waitUntil(
        () => (ops.filter((op) => confirmation(op.handle) !== undefined).length >= killAfter ? true : undefined),
        15_000,
        `${killAfter} confirmations`,
      );
      bot.child.kill('SIGKILL');
      const exit = await bot.waitForExit();
      expect(exit.signal).toBe('SIGKILL');
      bot = undefined;

      for (const op of ops) {
        const text = confirmation(op.handle);
        if (text === undefined) {
          unsure.add(op.channelId);
          continue;
        }
        confirmedTotal++;
        expect(text).toContain(op.kind === 'add' ? `Added <#${op.channelId}>` : `Removed <#${op.channelId}>`);
        if (op.kind === 'add') expected.add(op.channelId);
        else expected.delete(op.channelId);
      }
    }

    // Final check after the last kill.
    bot = await startBot(env(data.dir));
    await double.waitForReady({ timeoutMs: 15_000 });
    const final = await listed();
    for (const id of CHANNELS) {
      if (!unsure.has(id)) expect(final.has(id), `<#${id}> after the last restart`).toBe(expected.has(id));
    }
    expect(confirmedTotal).toBeGreaterThanOrEqual(CYCLES);
    await bot.stop();
    bot = undefined;
    expect(double.validationErrors).toEqual([]);
  }, 180_000);
});

describe('a corrupt settings database', () => {
  it('stops start-up before logging in, names the file, and leaves its bytes alone', async () => {
    const dir = tempDir('footnote-corrupt-');
    try {
      const file = path.join(dir.dir, DATABASE_FILE);
      const garbage = Buffer.alloc(8192);
      for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 17) % 251;
      garbage.write('this is not a database', 0);
      writeFileSync(file, garbage);
      const identifiesBefore = double.identifyCount;

      const corrupt = spawnBot(env(dir.dir));
      const exit = await corrupt.waitForExit(20_000);

      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      expect(corrupt.stderr).toContain(file);
      expect(corrupt.stderr).toMatch(/unreadable or damaged|not a database/i);
      expect(corrupt.logs.some((line) => line.msg === 'connected to Discord')).toBe(false);
      expect(double.identifyCount).toBe(identifiesBefore);
      expect(readFileSync(file).equals(garbage)).toBe(true);
    } finally {
      dir.remove();
    }
  }, 30_000);
});
