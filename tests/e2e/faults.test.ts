/**
 * End to end, issue 4 "Discord faults" against the real bot process: REST 429s are waited out
 * with no duplicate answers (interaction callback, deferred edit, auto-channel reply, a global
 * limit), a dropped gateway connection resumes (close 4000, abnormal close, op 7 reconnect, zombie
 * connection), an invalidated session identifies again, and after each the bot keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordDouble } from '../support/discord-double.ts';
import { addAutoChannel, startBot, tempDir, type BotProcess } from '../support/bot-process.ts';
import { messagesWithUnsafeMentions } from '../support/mentions.ts';

const GUILD = '900000000000000001';
const GENERAL = '900000000000000010';
const AUTO = '900000000000000030';
const STRING = 3;

let double: DiscordDouble;
let bot: BotProcess;
let data: ReturnType<typeof tempDir>;
let nextUser = 600000000000000000n;
const user = (): string => (++nextUser).toString();

beforeAll(async () => {
  double = await DiscordDouble.start({
    heartbeatIntervalMs: 400,
    guilds: [
      {
        id: GUILD,
        name: 'Test Guild',
        channels: [
          { id: GENERAL, name: 'general' },
          { id: AUTO, name: 'ask-the-story' },
        ],
      },
    ],
  });
  data = tempDir();
  bot = await startBot({
    DISCORD_API_URL: double.apiUrl,
    DISCORD_TOKEN: double.token,
    DATA_DIR: data.dir,
    ASK_COOLDOWN_SECONDS: '3',
  });
  await addAutoChannel(double, AUTO);
});

afterAll(async () => {
  await bot?.stop();
  await double?.close();
  data?.remove();
});

/** Asks (as a fresh user, so the cooldown never interferes) and returns the handle and its reply. */
async function askOnce(question = 'Why did Iraq’s parliament vote?') {
  const handle = double.sendSlashCommand({
    name: 'ask',
    userId: user(),
    options: [{ name: 'question', type: STRING, value: question }],
  });
  const reply = await handle.settled(8000);
  return { handle, reply };
}

/** The bot keeps answering, and answers exactly once. */
async function expectStillAnswering(): Promise<void> {
  const { handle, reply } = await askOnce();
  expect(reply.embeds).toHaveLength(1);
  expect(double.botMessages().filter((m) => m.interactionId === handle.id)).toHaveLength(1);
}

/** Counts resumes and identifies now; the function it returns waits for either to happen again. */
function reconnection(): () => Promise<boolean> {
  const resumes = double.resumes.length;
  const identifies = double.identifyCount;
  return () =>
    double.waitUntil(
      () => (double.resumes.length > resumes || double.identifyCount > identifies ? true : undefined),
      15_000,
      'a resume or identify',
    );
}

describe('REST 429s are waited out, with no duplicate answers', () => {
  it('on the interaction callback', async () => {
    const limited = double.rateLimitedRequests.length;
    double.rateLimitNext(1, { route: /^\/interactions\//, retryAfterMs: 400 });
    const { handle, reply } = await askOnce();
    expect(double.rateLimitedRequests.length).toBe(limited + 1);
    expect(reply.embeds).toHaveLength(1);
    expect(double.botMessages().filter((m) => m.interactionId === handle.id)).toHaveLength(1);
    const callbacks = double.requests.filter(
      (r) => r.interactionId === handle.id && r.route.startsWith('/interactions') && r.status < 300,
    );
    expect(callbacks).toHaveLength(1);
  });

  it('on the edit of a deferred reply (/channels list)', async () => {
    const limited = double.rateLimitedRequests.length;
    double.rateLimitNext(1, { route: /^\/webhooks\//, method: 'PATCH', retryAfterMs: 300 });
    const handle = double.sendSlashCommand({ name: 'channels', options: [{ name: 'list', type: 1, options: [] }] });
    const reply = await handle.settled(8000);
    expect(double.rateLimitedRequests.length).toBe(limited + 1);
    expect(reply.content).toContain(`<#${AUTO}>`);
    expect(double.botMessages().filter((m) => m.interactionId === handle.id)).toHaveLength(1);
  });

  it('on an auto-channel reply', async () => {
    const limited = double.rateLimitedRequests.length;
    double.rateLimitNext(2, { route: /^\/channels\/\d+\/messages$/, method: 'POST', retryAfterMs: 300 });
    const id = double.dispatchMessage({
      channelId: AUTO,
      content: 'why did iraq’s parliament vote?',
      mentionsBot: true,
      authorId: user(),
    });
    await double.waitUntil(
      () => (double.channelMessages(AUTO).some((m) => m.messageReference?.messageId === id) ? true : undefined),
      8000,
      'the reply',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(double.rateLimitedRequests.length).toBe(limited + 2);
    expect(double.channelMessages(AUTO).filter((m) => m.messageReference?.messageId === id)).toHaveLength(1);
  });

  it('on a global rate limit', async () => {
    double.rateLimitNext(1, { global: true, retryAfterMs: 300 });
    await expectStillAnswering();
  });
});

describe('gateway faults: resume or identify again, then keep answering', () => {
  it('a dropped connection (close 4000) resumes', async () => {
    const resumes = double.resumes.length;
    double.dropConnection({ code: 4000 });
    await double.waitForResume({ count: resumes + 1, timeoutMs: 10_000 });
    await expectStillAnswering();
  });

  it('an abnormal close (1006, no close frame) resumes', async () => {
    const resumes = double.resumes.length;
    double.dropConnection({ terminate: true });
    await double.waitForResume({ count: resumes + 1, timeoutMs: 10_000 });
    await expectStillAnswering();
  });

  it('op 7 Reconnect resumes', async () => {
    const resumes = double.resumes.length;
    double.sendReconnect();
    await double.waitForResume({ count: resumes + 1, timeoutMs: 10_000 });
    await expectStillAnswering();
  });

  it('a zombie connection (no heartbeat ACKs) is replaced', async () => {
    const reconnected = reconnection();
    const closed = double.gatewayConnections.filter((c) => c.closedBy === 'client').length;
    double.setHeartbeatAcks(false);
    await double.waitUntil(
      () => (double.gatewayConnections.filter((c) => c.closedBy === 'client').length > closed ? true : undefined),
      10_000,
      'the client to close the zombie',
    );
    double.setHeartbeatAcks(true);
    await reconnected();
    await expectStillAnswering();
  }, 30_000);

  it('an interaction sent while disconnected is replayed on resume and answered once', async () => {
    const resumes = double.resumes.length;
    double.dropConnection({ code: 4000 });
    const handle = double.sendSlashCommand({
      name: 'ask',
      userId: user(),
      options: [{ name: 'question', type: STRING, value: 'Who is Abdul Mahdi?' }],
    });
    await double.waitForResume({ count: resumes + 1, timeoutMs: 10_000 });
    const reply = await handle.settled(8000);
    expect(reply.embeds).toHaveLength(1);
    expect(double.botMessages().filter((m) => m.interactionId === handle.id)).toHaveLength(1);
  });

  it('an invalidated session (op 9, not resumable) identifies again', async () => {
    const identifies = double.identifyCount;
    double.invalidateSession({ resumable: false });
    await double.waitForReady({ count: identifies + 1, timeoutMs: 15_000 });
    await expectStillAnswering();
  }, 25_000);

  it('an invalidated session (op 9, resumable) recovers (resume or identify)', async () => {
    const reconnected = reconnection();
    double.invalidateSession({ resumable: true });
    await reconnected();
    await expectStillAnswering();
  }, 25_000);
});

describe('after the faults', () => {
  it('the process is still up; no 400s, no logged errors, no pings', () => {
    expect(bot.exitCode).toBeUndefined();
    expect(double.validationErrors).toEqual([]);
    expect(bot.logs.filter((line) => line.level >= 50)).toEqual([]);
    expect(messagesWithUnsafeMentions(double)).toEqual([]);
    const interactionIds = double
      .botMessages()
      .map((m) => m.interactionId)
      .filter((id) => id !== null);
    expect(new Set(interactionIds).size).toBe(interactionIds.length);
  });
});
