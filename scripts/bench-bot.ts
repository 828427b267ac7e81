/**
 * `npm run bench:bot`: the real bot (a child process, as `npm start`) against the Discord API test
 * double. Drives 500 `/ask` interactions, 50 in flight at a time, from distinct users, and measures
 * from dispatch to the settled (first visible, final) reply. Prints p50/p95/p99/max and every
 * failure (unanswered, 400s, deadline misses). Exits 0 with figures; 1 only if it could not run.
 *
 * Two runs:
 * 1. one server and the operator's story alone (the figures the README has tracked);
 * 2. 100 servers with 25 articles each of their own (issue #17), asked about their articles and
 *    the story, round-robin over the servers. It prints the time to each server's first answer
 *    (which builds that server's index if the start-up warm-up has not yet), and the memory those
 *    articles take: the bot's resident memory minus that of run 1 at the same point.
 *
 *   npm run bench:bot                 both runs
 *   npm run bench:bot -- --stories    run 2 only (its memory figure then has no baseline)
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DiscordDouble, type GuildSpec, type InteractionHandle } from '../tests/support/discord-double.js';
import { spawnBot, tempDir, type BotProcess } from '../tests/support/bot-process.js';
import { DATABASE_FILE, SqliteStore } from '../src/store/sqlite.js';
import { serverStories } from './lib/server-stories.js';

const TOTAL = 500;
const CONCURRENCY = 50;
const SETTLE_TIMEOUT_MS = 15_000;
const STRING = 3;

const QUESTIONS = [
  'Why did Iraq’s parliament vote?',
  'When did the vote happen?',
  'Who called for US troops to leave?',
  'What did the resolution say?',
  'How many lawmakers were present?',
  'Who is Qassem Soleimani?',
  'What happened at Baghdad airport?',
  'How did the United States respond?',
  'What did Trump say about sanctions?',
  'Was the vote binding?',
  'who boycotted the session',
  'what about the Kurdish MPs?',
  'prime minister Abdul Mahdi',
  'what is the weather on Mars?',
  'parliament',
  'troops',
  'Iran retaliation',
  '**bold** <@123> @everyone why?',
];

const SERVERS = 100;
const ARTICLES_PER_SERVER = 25;
const PARAGRAPHS_PER_ARTICLE = 20;

interface Asked {
  readonly question: string;
  readonly guildId?: string;
  readonly channelId?: string;
}

interface Result {
  index: number;
  question: string;
  latencyMs?: number;
  failure?: string;
  found?: boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

function ms(value: number): string {
  return Number.isNaN(value) ? 'n/a' : `${value.toFixed(1)} ms`;
}

/** The bot's resident memory in MB (Linux), or NaN where /proc is not there. */
function rssMb(bot: BotProcess): number {
  try {
    const status = readFileSync(`/proc/${bot.child.pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)/m.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

function mb(value: number): string {
  return Number.isNaN(value) ? 'n/a' : `${value.toFixed(0)} MB`;
}

async function one(double: DiscordDouble, index: number, asked: Asked): Promise<Result> {
  const { question } = asked;
  const userId = (500000000000000000n + BigInt(index)).toString();
  const started = Date.now(); // the double stamps messages with Date.now() too
  let handle: InteractionHandle;
  try {
    handle = double.sendSlashCommand({
      name: 'ask',
      userId,
      options: [{ name: 'question', type: STRING, value: question }],
      ...(asked.guildId !== undefined && { guildId: asked.guildId, channelId: asked.channelId }),
    });
  } catch (error) {
    return { index, question, failure: `dispatch failed: ${String(error)}` };
  }
  // settled() waits for a quiet period after the last change; the latency is taken from the time
  // the visible reply (initial reply, or the edit of a deferred one) was recorded.
  const outcome = await handle.outcome(SETTLE_TIMEOUT_MS);
  const errors = handle.errors.map((e) => `${e.status} ${e.code}: ${e.reasons.join('; ') || e.message}`);
  if (!outcome.ok) {
    return { index, question, failure: `${outcome.reason}${errors.length > 0 ? ` [${errors.join(' | ')}]` : ''}` };
  }
  // When the settled reply became visible: the type 4 callback, else the edit of the deferred
  // original (or the follow-up that replaced it).
  const callback = handle.callbacks[0];
  const original = handle.original;
  let visibleAt: number | undefined;
  if (callback?.type === 4) visibleAt = callback.at;
  else if (outcome.reply.kind === 'followup') visibleAt = handle.followUps[0]?.createdAt;
  else if (original !== null) visibleAt = original.editedAt ?? original.createdAt;
  const latencyMs = (visibleAt ?? Date.now()) - started;
  if (errors.length > 0) return { index, question, latencyMs, failure: `answered, but with errors: ${errors.join(' | ')}` };
  return { index, question, latencyMs, found: outcome.reply.embeds.length > 0 };
}

interface RunOptions {
  readonly title: string;
  readonly guilds?: GuildSpec[];
  /** Prepares DATA_DIR before the bot starts. */
  readonly seed?: (dataDir: string) => void;
  readonly pick: (index: number) => Asked;
  /** Untimed questions after connecting (JIT, caches, first builds); their latencies are printed. */
  readonly warmUp: readonly Asked[];
  readonly baselineRssMb?: number;
}

interface RunFigures {
  readonly rssAfterWarmUpMb: number;
  readonly p99Ms: number;
}

async function run(options: RunOptions): Promise<RunFigures | undefined> {
  let double: DiscordDouble | undefined;
  let bot: BotProcess | undefined;
  const data = tempDir('footnote-bench-bot-');
  const lines: string[] = [];
  try {
    const seedStarted = performance.now();
    options.seed?.(data.dir);
    if (options.seed !== undefined) {
      const size = statSync(path.join(data.dir, DATABASE_FILE)).size;
      lines.push(`seeded         ${ms(performance.now() - seedStarted)} (database ${(size / 1024 / 1024).toFixed(1)} MB on disk)`);
    }
    double = await DiscordDouble.start({ heartbeatIntervalMs: 5_000, ...(options.guilds !== undefined && { guilds: options.guilds }) });
    bot = spawnBot({
      DISCORD_API_URL: double.apiUrl,
      DISCORD_TOKEN: double.token,
      DATA_DIR: data.dir,
      ASK_COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'warn',
    });
    const ready = double.waitForReady({ timeoutMs: 60_000 });
    const exited = bot.exited.then((exit) => {
      throw new Error(`the bot exited before it was ready (${JSON.stringify(exit)}): ${bot?.stderr ?? ''}`);
    });
    await Promise.race([ready, exited]);
    const warmStarted = performance.now();
    const warmLatencies: number[] = [];
    for (const asked of options.warmUp) {
      const started = performance.now();
      await double
        .sendSlashCommand({
          name: 'ask',
          userId: '499999999999999999',
          options: [{ name: 'question', type: STRING, value: asked.question }],
          ...(asked.guildId !== undefined && { guildId: asked.guildId, channelId: asked.channelId }),
        })
        .settled(SETTLE_TIMEOUT_MS);
      warmLatencies.push(performance.now() - started);
    }
    if (options.warmUp.length > 1) {
      warmLatencies.sort((a, b) => a - b);
      lines.push(
        `first answer in each of ${options.warmUp.length} servers, one after another (settled; includes building the server's index when not built yet):`,
        `  total ${ms(performance.now() - warmStarted)}, p50 ${ms(percentile(warmLatencies, 50))}, max ${ms(warmLatencies.at(-1) ?? Number.NaN)}`,
      );
    }
  } catch (error) {
    process.stderr.write(`bench:bot could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    await bot?.stop('SIGKILL').catch(() => undefined);
    await double?.close();
    data.remove();
    return undefined;
  }
  const rssAfterWarmUp = rssMb(bot);

  const validationBefore = double.validationErrors.length;
  const results: Result[] = [];
  let next = 0;
  const wallStart = performance.now();
  const d = double;
  async function worker(): Promise<void> {
    while (next < TOTAL) {
      const index = next++;
      results.push(await one(d, index, options.pick(index)));
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
  const wallMs = performance.now() - wallStart;
  const rssAfterRun = rssMb(bot);

  const latencies = results.filter((r) => r.latencyMs !== undefined).map((r) => r.latencyMs!).sort((a, b) => a - b);
  const failures = results.filter((r) => r.failure !== undefined).sort((a, b) => a.index - b.index);
  const found = results.filter((r) => r.found === true).length;
  const deadlineMisses = failures.filter((r) => /deadline|late-response/.test(r.failure!)).length;
  const http400 = double.validationErrors.slice(validationBefore);
  const p99 = percentile(latencies, 99);

  lines.unshift(`bench:bot — ${options.title}: ${TOTAL} /ask interactions, ${CONCURRENCY} in flight, real bot process vs the Discord double`);
  lines.push(
    `wall time      ${ms(wallMs)} (${((TOTAL / wallMs) * 1000).toFixed(1)} interactions/s)`,
    `answered       ${latencies.length}/${TOTAL} (${found} quoting an article, ${latencies.length - found} "doesn't say")`,
    `dispatch → settled reply:`,
    `  p50          ${ms(percentile(latencies, 50))}`,
    `  p95          ${ms(percentile(latencies, 95))}`,
    `  p99          ${ms(p99)}`,
    `  max          ${ms(latencies.at(-1) ?? Number.NaN)}`,
    `deadline (${double.interactionDeadlineMs} ms) misses: ${deadlineMisses}`,
    `400 responses: ${http400.length}`,
    `failures:      ${failures.length}`,
    `bot memory (resident): ${mb(rssAfterWarmUp)} after warm-up, ${mb(rssAfterRun)} after the run`,
  );
  if (options.baselineRssMb !== undefined) {
    lines.push(
      `memory the servers' articles take: ${mb(rssAfterWarmUp - options.baselineRssMb)} ` +
        `(${mb(rssAfterWarmUp)} with them, ${mb(options.baselineRssMb)} without, both after warm-up)`,
    );
  }
  for (const failure of failures) lines.push(`  #${failure.index} “${failure.question}”: ${failure.failure}`);
  for (const error of http400) lines.push(`  400 ${error.method} ${error.route}: ${error.reasons.join('; ') || error.message}`);
  process.stdout.write(lines.join('\n') + '\n\n');

  const exit = await bot.stop('SIGTERM').catch(async () => bot?.stop('SIGKILL'));
  if (exit !== undefined && exit.code !== 0) process.stdout.write(`note: the bot exited with ${JSON.stringify(exit)} on SIGTERM\n`);
  await double.close();
  data.remove();
  return { rssAfterWarmUpMb: rssAfterWarmUp, p99Ms: p99 };
}

function guildId(server: number): string {
  return (910000000000000000n + BigInt(server)).toString();
}

function channelId(server: number): string {
  return (920000000000000000n + BigInt(server)).toString();
}

async function main(): Promise<number> {
  const storiesOnly = process.argv.includes('--stories');
  let baseline: RunFigures | undefined;
  if (!storiesOnly) {
    baseline = await run({
      title: 'one server, the operator’s story',
      pick: (index) => ({ question: QUESTIONS[index % QUESTIONS.length]! }),
      warmUp: [{ question: QUESTIONS[0]! }],
    });
    if (baseline === undefined) return 1;
  }

  const servers = Array.from({ length: SERVERS }, (_, server) =>
    serverStories(guildId(server), server, ARTICLES_PER_SERVER, PARAGRAPHS_PER_ARTICLE),
  );
  const figures = await run({
    title: `${SERVERS} servers × ${ARTICLES_PER_SERVER} articles of ${PARAGRAPHS_PER_ARTICLE} paragraphs`,
    guilds: Array.from({ length: SERVERS }, (_, server) => ({
      id: guildId(server),
      name: `Server ${server}`,
      channels: [{ id: channelId(server), name: 'general' }],
    })),
    seed: (dataDir) => {
      const store = SqliteStore.open(dataDir);
      try {
        for (const { stories } of servers) {
          for (const story of stories) {
            const added = store.addStory(story, { maxPerServer: ARTICLES_PER_SERVER, maxParagraphs: 5000 });
            if (!added.ok) throw new Error(`seeding failed: ${added.reason}`);
          }
        }
      } finally {
        store.close();
      }
    },
    // Every other question is about the asking server's own articles; the rest about the story.
    pick: (index) => {
      const server = index % SERVERS;
      const own = servers[server]!.questions;
      const question = index % 2 === 0 ? own[Math.floor(index / SERVERS) % own.length]! : QUESTIONS[index % QUESTIONS.length]!;
      return { question, guildId: guildId(server), channelId: channelId(server) };
    },
    warmUp: Array.from({ length: SERVERS }, (_, server) => ({
      question: servers[server]!.questions[0]!,
      guildId: guildId(server),
      channelId: channelId(server),
    })),
    ...(baseline !== undefined && { baselineRssMb: baseline.rssAfterWarmUpMb }),
  });
  if (figures === undefined) return 1;
  process.stdout.write(`${SERVERS}-server /ask p99 under 200 ms: ${figures.p99Ms < 200 ? 'yes' : 'NO'} (${ms(figures.p99Ms)})\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:bot could not run: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  },
);
