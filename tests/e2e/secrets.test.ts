/**
 * End to end: the bot token never reaches stdout or stderr, whatever happens: normal running at
 * every log level (with /ask, autocomplete and a gateway drop), a handler error, a token Discord
 * rejects (401), a configuration error and a damaged database. And `.env` is git-ignored.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble } from '../support/discord-double.ts';
import { REPO_ROOT, spawnBot, startBot, tempDir, type BotProcess } from '../support/bot-process.ts';

const PLANTED = 'MTIz.SECRET-PLANTED-TOKEN.HMACxPLANTEDxSIGNATUREx';
/**
 * The token's last segment (the signature: the part that makes it a credential). discord.js's own
 * trace line "Provided token: MTIz.SECRET-PLANTED-TOKEN.***" shows the first two segments (the bot's
 * id in base64 and a timestamp) by design, so those are not searched for on their own.
 */
const MARKER = 'HMACxPLANTEDxSIGNATUREx';
const STRING = 3;

let double: DiscordDouble;
let data: ReturnType<typeof tempDir>;
let running: BotProcess | undefined;
/** Everything every bot process printed, for the final sweep. */
const transcripts: { scenario: string; output: string }[] = [];
let nextUser = 400000000000000000n;

beforeAll(async () => {
  double = await DiscordDouble.start({ token: PLANTED, heartbeatIntervalMs: 500, interactionDeadlineMs: 1500 });
  data = tempDir('footnote-secrets-');
});

afterAll(async () => {
  await running?.stop('SIGKILL');
  await double?.close();
  data?.remove();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { DISCORD_API_URL: double.apiUrl, DISCORD_TOKEN: PLANTED, DATA_DIR: data.dir, ...extra };
}

function record(scenario: string, bot: BotProcess): string {
  const output = bot.stdout + bot.stderr;
  transcripts.push({ scenario, output });
  return output;
}

function expectNoToken(output: string): void {
  expect(output).not.toContain(PLANTED);
  expect(output).not.toContain(MARKER);
}

async function ask(question: string): Promise<void> {
  nextUser += 1n;
  const reply = await double
    .sendSlashCommand({
      name: 'ask',
      userId: nextUser.toString(),
      options: [{ name: 'question', type: STRING, value: question }],
    })
    .settled(10_000);
  expect(reply.kind).toBe('reply');
}

describe('the token never appears in output', () => {
  for (const level of ['info', 'debug', 'trace'] as const) {
    it(`normal running at LOG_LEVEL=${level}: /ask, autocomplete, a gateway drop, shutdown`, async () => {
      const identifies = double.identifyCount;
      const heartbeats = double.heartbeatsReceived;
      running = await startBot(env({ LOG_LEVEL: level }));
      await double.waitForReady({ timeoutMs: 15_000 });
      // The double only accepts the planted token, so the bot really did use it.
      expect(double.lastIdentify?.token).toBe(PLANTED);
      await ask('Why did Iraq’s parliament vote?');
      await ask(`who voted? ${PLANTED}`);
      await ask('what is the weather on Mars?');
      const choices = await double
        .sendAutocomplete({ name: 'ask', options: [{ name: 'question', type: STRING, value: 'parl', focused: true }] })
        .settled(10_000);
      expect(choices.kind).toBe('autocomplete');
      double.dropConnection({ code: 4000 });
      await double.waitUntil(
        () => (double.identifyCount > identifies || double.resumes.length > 0 ? true : undefined),
        15_000,
        'a reconnect',
      );
      await ask('When did the vote happen?');
      // A heartbeat is sent at a random point of its 500 ms interval; a quick run can end before
      // the first one, and the trace check below needs one to have been logged.
      await double.waitUntil(() => (double.heartbeatsReceived > heartbeats ? true : undefined), 5_000, 'a heartbeat');
      const exit = await running.stop();
      expect(exit.code).toBe(0);
      const output = record(`LOG_LEVEL=${level}`, running);
      running = undefined;
      // At trace, discord.js's own debug output (gateway, heartbeats) is logged as well.
      if (level === 'trace') expect(output).toMatch(/"level":(10|20),.*Heartbeat/);
      expectNoToken(output);
    }, 60_000);
  }

  it('a handler error (the reply is held up by a 429 past the deadline) is logged without the token', async () => {
    running = await startBot(env({ LOG_LEVEL: 'trace' }));
    double.rateLimitNext(1, { route: /^\/interactions\//, retryAfterMs: 2500 });
    nextUser += 1n;
    const handle = double.sendSlashCommand({
      name: 'ask',
      userId: nextUser.toString(),
      options: [{ name: 'question', type: STRING, value: 'Why did Iraq’s parliament vote?' }],
    });
    await handle.waitForFailure(10_000);
    await running.waitForLog(
      (line) => line.level >= 40 && /fail|error|late|expired/i.test(String(line.msg)),
      10_000,
      'the error log',
    );
    await running.stop();
    const output = record('handler error', running);
    running = undefined;
    expectNoToken(output);
  }, 40_000);

  it('a token Discord rejects (401)', async () => {
    const other = await DiscordDouble.start({ token: 'MTAw.some-other-token.abc' });
    try {
      const bot = spawnBot({
        DISCORD_API_URL: other.apiUrl,
        DISCORD_TOKEN: PLANTED,
        DATA_DIR: data.dir,
        LOG_LEVEL: 'trace',
      });
      const exit = await bot.waitForExit(20_000);
      expect(exit.code).toBe(1);
      expect(bot.stderr).toMatch(/401/);
      expect(
        other.requests.some((request) => request.authorization === `Bot ${PLANTED}`) ||
          other.lastIdentify?.token === PLANTED,
      ).toBe(true);
      expectNoToken(record('401', bot));
    } finally {
      await other.close();
    }
  }, 30_000);

  it('a configuration error and a damaged database', async () => {
    const config = spawnBot(env({ LOG_LEVEL: 'trace', ASK_COOLDOWN_SECONDS: 'soon' }));
    expect((await config.waitForExit(20_000)).code).toBe(1);
    expect(config.stderr).toMatch(/ASK_COOLDOWN_SECONDS/);
    expectNoToken(record('config error', config));

    const broken = tempDir('footnote-secrets-db-');
    try {
      writeFileSync(path.join(broken.dir, 'footnote.sqlite'), `garbage ${PLANTED} `.repeat(500));
      const db = spawnBot({ ...env({ LOG_LEVEL: 'trace' }), DATA_DIR: broken.dir });
      expect((await db.waitForExit(20_000)).code).toBe(1);
      expect(db.stderr).toMatch(/footnote\.sqlite/);
      expectNoToken(record('damaged database', db));
    } finally {
      broken.remove();
    }
  }, 40_000);

  it('swept every transcript', () => {
    expect(transcripts.length).toBeGreaterThanOrEqual(7);
    for (const { scenario, output } of transcripts) {
      expect(output.length, scenario).toBeGreaterThan(0);
      expect(output.includes(MARKER), scenario).toBe(false);
    }
  });
});

describe('.env is never committed', () => {
  it('.gitignore lists .env', () => {
    const lines = readFileSync(path.join(REPO_ROOT, '.gitignore'), 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim());
    expect(lines.some((line) => line === '.env' || line === '/.env' || line === '.env*' || line === '/.env*')).toBe(
      true,
    );
  });
});
