/**
 * End to end: start-up failures exit non-zero with one clear line (no token, token rejected,
 * Message Content not allowed, bad corpus, damaged database), and signals exit 0 quickly.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble } from '../support/discord-double.ts';
import { spawnBot, startBot, tempDir } from '../support/bot-process.ts';

let double: DiscordDouble;
let data: ReturnType<typeof tempDir>;

beforeAll(async () => {
  double = await DiscordDouble.start();
  data = tempDir();
});
afterAll(async () => {
  await double?.close();
  data?.remove();
});

/** stderr lines that say something. */
function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

describe('start-up failures', () => {
  it('no token: points to .env.example', async () => {
    const bot = spawnBot({ DATA_DIR: data.dir });
    const exit = await bot.waitForExit();
    expect(exit.code).toBe(1);
    expect(lines(bot.stderr)).toHaveLength(1);
    expect(bot.stderr).toMatch(/DISCORD_TOKEN is not set.*\.env\.example/);
  });

  it('a token Discord rejects (401): says to reset it, never prints it', async () => {
    const bot = spawnBot({ DISCORD_API_URL: double.apiUrl, DISCORD_TOKEN: 'bad-token.abc.def', DATA_DIR: data.dir });
    const exit = await bot.waitForExit();
    expect(exit.code).toBe(1);
    expect(lines(bot.stderr)).toHaveLength(1);
    expect(bot.stderr).toContain('DISCORD_TOKEN was rejected by Discord (401) — reset it in the Developer Portal');
    expect(bot.stdout + bot.stderr).not.toContain('bad-token.abc.def');
  });

  it('Message Content requested but not enabled (4014): explains both fixes', async () => {
    const bot = spawnBot({
      DISCORD_API_URL: double.apiUrl,
      DISCORD_TOKEN: double.token,
      DATA_DIR: data.dir,
      DISCORD_MESSAGE_CONTENT: 'true',
    });
    const exit = await bot.waitForExit();
    expect(exit.code).toBe(1);
    expect(double.closeCodesSent).toContain(4014);
    expect(lines(bot.stderr)).toHaveLength(1);
    expect(bot.stderr).toContain('Privileged Gateway Intents');
    expect(bot.stderr).toContain('DISCORD_MESSAGE_CONTENT=false');
  });

  it('a bad corpus: the corpus error, before connecting', async () => {
    const requests = double.requests.length;
    const bot = spawnBot({
      DISCORD_API_URL: double.apiUrl,
      DISCORD_TOKEN: double.token,
      DATA_DIR: data.dir,
      CORPUS_DIR: 'no/such/folder',
    });
    const exit = await bot.waitForExit();
    expect(exit.code).toBe(1);
    expect(bot.stderr).toMatch(/Corpus error: .*no\/such\/folder/);
    expect(double.requests.length).toBe(requests);
  });

  it('a damaged database: names the file, leaves it untouched, never logs in', async () => {
    const broken = tempDir();
    const file = path.join(broken.dir, 'footnote.sqlite');
    const garbage = Buffer.from('SQLite format 3\u0000'.padEnd(8192, '\u00ff'), 'latin1');
    writeFileSync(file, garbage);
    const requests = double.requests.length;
    const bot = spawnBot({ DISCORD_API_URL: double.apiUrl, DISCORD_TOKEN: double.token, DATA_DIR: broken.dir });
    const exit = await bot.waitForExit();
    expect(exit.code).toBe(1);
    expect(lines(bot.stderr)).toHaveLength(1);
    expect(bot.stderr).toContain(file);
    expect(readFileSync(file).equals(garbage)).toBe(true);
    expect(double.requests.length).toBe(requests);
    broken.remove();
  });

  it('a bad setting: names the variable', async () => {
    const bot = spawnBot({ DISCORD_TOKEN: double.token, DATA_DIR: data.dir, ASK_COOLDOWN_SECONDS: 'soon' });
    expect((await bot.waitForExit()).code).toBe(1);
    expect(bot.stderr).toContain('ASK_COOLDOWN_SECONDS');
  });
});

describe('signals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s with an answer in flight: the answer is finished, then exit 0 within 5 seconds',
    async (signal) => {
      const bot = await startBot({ DISCORD_API_URL: double.apiUrl, DISCORD_TOKEN: double.token, DATA_DIR: data.dir });
      // Hold the answer in flight: its callback gets a 429 and the bot waits 1.2 s before retrying.
      const limited = double.rateLimitedRequests.length;
      double.rateLimitNext(1, { route: /^\/interactions\//, retryAfterMs: 1200 });
      const handle = double.sendSlashCommand({
        name: 'ask',
        options: [{ name: 'question', type: 3, value: 'Why did Iraq’s parliament vote?' }],
      });
      await double.waitUntil(
        () => (double.rateLimitedRequests.length > limited ? true : undefined),
        3000,
        'the answer to be held by a 429',
      );
      const started = Date.now();
      const exited = bot.stop(signal, 6000);
      const reply = await handle.settled(6000);
      expect(reply.embeds).toHaveLength(1);
      expect(double.botMessages().filter((m) => m.interactionId === handle.id)).toHaveLength(1);
      const exit = await exited;
      expect(exit.code).toBe(0);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(bot.logs.some((line) => line.msg === 'finishing answers in flight' && line['inflight'] === 1)).toBe(true);
      expect(
        bot.logs.some((line) => line.msg === 'interaction' && line['command'] === '/ask' && line['answered'] === true),
      ).toBe(true);
      expect(bot.logs.some((line) => line.msg === 'stopped')).toBe(true);
      expect(bot.logs.filter((line) => line.level >= 50)).toEqual([]);
      await double.waitUntil(() => (double.liveSessionCount === 0 ? true : undefined), 3000, 'the session to close');
    },
    15_000,
  );

  it.each(['SIGTERM', 'SIGINT'] as const)('%s: exits 0 within 5 seconds and disconnects', async (signal) => {
    const bot = await startBot({ DISCORD_API_URL: double.apiUrl, DISCORD_TOKEN: double.token, DATA_DIR: data.dir });
    const reply = await double.sendSlashCommand({ name: 'article' }).settled();
    expect(reply.embeds).toHaveLength(1);
    const started = Date.now();
    const exit = await bot.stop(signal, 6000);
    expect(exit.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(bot.logs.some((line) => line.msg === 'stopped')).toBe(true);
    await double.waitUntil(() => (double.liveSessionCount === 0 ? true : undefined), 3000, 'the session to close');
  });
});
