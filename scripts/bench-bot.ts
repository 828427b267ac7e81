/**
 * `npm run bench:bot`: the real bot (a child process, as `npm start`) against the Discord API test
 * double. Each run drives 500 `/ask` interactions, 50 in flight at a time, from distinct users, and
 * measures from dispatch to the settled (first visible, final) reply. Prints p50/p95/p99/max and
 * every failure (unanswered, 400s, deadline misses). Exits 0 with figures; 1 only if it could not run.
 *
 * Runs (all by default; `-- --runs sqlite-2,stories` and so on for some):
 * - `one`: one process, SQLite, one server and the operator's story alone (the figures earlier
 *   sessions measured);
 * - `sqlite-2`: SHARD_COUNT=2 (two shard processes sharing the SQLite file), four servers, two per shard;
 * - `postgres-2`: the same on a throwaway PostgreSQL server (skipped, saying why, without PostgreSQL);
 * - `stories`: one process, 100 servers with 25 articles each of their own (issue #17), asked about
 *   their articles and the story, round-robin over the servers. It prints the time to each server's
 *   first answer (which builds that server's index if the start-up warm-up has not yet), and the
 *   memory those articles take: the bot's resident memory minus that of `one` at the same point
 *   (no baseline when `one` is not run).
 */
import { readFileSync } from 'node:fs';
import { DiscordDouble, shardOf, type GuildSpec, type InteractionHandle } from '../tests/support/discord-double.js';
import { spawnBot, tempDir, type BotProcess } from '../tests/support/bot-process.js';
import { findPostgres, startPostgres, type PostgresServer } from '../tests/support/postgres.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { serverStories, type ServerStories } from './lib/server-stories.js';

const TOTAL = 500;
const CONCURRENCY = 50;
const SETTLE_TIMEOUT_MS = 15_000;
const STRING = 3;
const P99_TARGET_MS = 200;

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
  readonly guildId: string;
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

function ask(double: DiscordDouble, userId: string, asked: Asked): InteractionHandle {
  return double.sendSlashCommand({
    name: 'ask',
    userId,
    guildId: asked.guildId,
    ...(asked.channelId !== undefined && { channelId: asked.channelId }),
    options: [{ name: 'question', type: STRING, value: asked.question }],
  });
}

async function one(double: DiscordDouble, index: number, asked: Asked): Promise<Result> {
  const { question } = asked;
  const userId = (500000000000000000n + BigInt(index)).toString();
  const started = Date.now(); // the double stamps messages with Date.now() too
  let handle: InteractionHandle;
  try {
    handle = ask(double, userId, asked);
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
  if (errors.length > 0)
    return { index, question, latencyMs, failure: `answered, but with errors: ${errors.join(' | ')}` };
  return { index, question, latencyMs, found: outcome.reply.embeds.length > 0 };
}

type RunName = 'one' | 'sqlite-2' | 'postgres-2' | 'stories';

interface RunSpec {
  readonly name: RunName;
  readonly title: string;
  readonly shards: number | undefined;
  readonly postgres: boolean;
}

const RUNS: readonly RunSpec[] = [
  { name: 'one', title: 'one process, SQLite, the operator’s story', shards: undefined, postgres: false },
  { name: 'sqlite-2', title: 'two shards, SQLite', shards: 2, postgres: false },
  { name: 'postgres-2', title: 'two shards, PostgreSQL', shards: 2, postgres: true },
  {
    name: 'stories',
    title: `one process, SQLite, ${SERVERS} servers × ${ARTICLES_PER_SERVER} articles of ${PARAGRAPHS_PER_ARTICLE} paragraphs`,
    shards: undefined,
    postgres: false,
  },
];

/** Four servers, two on each of two shards: ids whose (id >> 22) % 2 alternate. */
function shardedGuilds(): GuildSpec[] {
  return [0n, 1n, 2n, 3n].map((k) => {
    const id = (((214576000000n + k) << 22n) | 5n).toString();
    return { id, name: `Server ${k}`, channels: [{ id: (BigInt(id) + 10n).toString(), name: 'general' }] };
  });
}

function storiesGuildId(server: number): string {
  return (910000000000000000n + BigInt(server)).toString();
}

function storiesChannelId(server: number): string {
  return (920000000000000000n + BigInt(server)).toString();
}

/** What a run asks where, and what it puts in the database first. */
interface Workload {
  readonly guilds: GuildSpec[] | undefined;
  readonly pick: (index: number) => Asked;
  /** Untimed questions after connecting (JIT, caches, first builds); their latencies are printed when many. */
  readonly warmUp: readonly Asked[];
  readonly seed?: (dataDir: string) => Promise<void>;
}

function workload(spec: RunSpec): Workload {
  if (spec.name === 'stories') {
    const servers: ServerStories[] = Array.from({ length: SERVERS }, (_, server) =>
      serverStories(storiesGuildId(server), server, ARTICLES_PER_SERVER, PARAGRAPHS_PER_ARTICLE),
    );
    const where = (server: number): { guildId: string; channelId: string } => ({
      guildId: storiesGuildId(server),
      channelId: storiesChannelId(server),
    });
    return {
      guilds: Array.from({ length: SERVERS }, (_, server) => ({
        id: storiesGuildId(server),
        name: `Server ${server}`,
        channels: [{ id: storiesChannelId(server), name: 'general' }],
      })),
      // Every other question is about the asking server's own articles; the rest about the story.
      pick: (index) => {
        const server = index % SERVERS;
        const own = servers[server]!.questions;
        const question =
          index % 2 === 0 ? own[Math.floor(index / SERVERS) % own.length]! : QUESTIONS[index % QUESTIONS.length]!;
        return { question, ...where(server) };
      },
      warmUp: Array.from({ length: SERVERS }, (_, server) => ({
        question: servers[server]!.questions[0]!,
        ...where(server),
      })),
      seed: async (dataDir) => {
        const store = SqliteStore.open(dataDir);
        try {
          for (const { stories } of servers) {
            for (const story of stories) {
              const added = await store.addStory(story, { maxPerServer: ARTICLES_PER_SERVER, maxParagraphs: 5000 });
              if (!added.ok) throw new Error(`seeding failed: ${added.reason}`);
            }
          }
        } finally {
          await store.close();
        }
      },
    };
  }
  const guildSpecs = spec.shards === undefined ? undefined : shardedGuilds();
  const guilds = guildSpecs?.map((g) => g.id) ?? ['900000000000000001'];
  return {
    guilds: guildSpecs,
    pick: (index) => ({ question: QUESTIONS[index % QUESTIONS.length]!, guildId: guilds[index % guilds.length]! }),
    // A warm-up answer in every server (so on every shard).
    warmUp: guilds.map((guildId) => ({ question: QUESTIONS[0]!, guildId })),
  };
}

interface RunResult {
  readonly spec: RunSpec;
  readonly p99?: number;
  readonly failures?: number;
  readonly skipped?: string;
  /** The one-process bot's resident memory after warm-up (not measured for sharded runs). */
  readonly rssAfterWarmUpMb?: number;
}

async function run(spec: RunSpec, baselineRssMb: number | undefined): Promise<RunResult> {
  let postgres: PostgresServer | undefined;
  let databaseUrl: string | undefined;
  if (spec.postgres) {
    const found = findPostgres();
    if ('missing' in found) return { spec, skipped: found.missing };
    postgres = await startPostgres(found);
    databaseUrl = await postgres.createDatabase('bench');
  }
  let double: DiscordDouble | undefined;
  let bot: BotProcess | undefined;
  const data = tempDir('footnote-bench-bot-');
  const cleanup = async (): Promise<void> => {
    await bot?.stop('SIGKILL').catch(() => undefined);
    await double?.close();
    await postgres?.destroy();
    data.remove();
  };
  const work = workload(spec);
  const guilds = work.guilds?.map((g) => g.id) ?? ['900000000000000001'];
  const lines: string[] = [];
  try {
    if (work.seed !== undefined) {
      const seedStarted = performance.now();
      await work.seed(data.dir);
      lines.push(`seeded         ${ms(performance.now() - seedStarted)}`);
    }
    double = await DiscordDouble.start({
      heartbeatIntervalMs: 5_000,
      maxConcurrency: 16,
      ...(work.guilds === undefined ? {} : { guilds: work.guilds }),
    });
    bot = spawnBot({
      DISCORD_API_URL: double.apiUrl,
      DISCORD_TOKEN: double.token,
      DATA_DIR: data.dir,
      DATABASE_URL: databaseUrl ?? '',
      SHARD_COUNT: spec.shards === undefined ? '' : String(spec.shards),
      ASK_COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'warn',
    });
    const d = double;
    const ready = d.waitUntil(
      () => (d.liveSessionCount >= (spec.shards ?? 1) ? true : undefined),
      60_000,
      'every shard to connect',
    );
    const exited = bot.exited.then((exit) => {
      throw new Error(`the bot exited before it was ready (${JSON.stringify(exit)}): ${bot?.stderr ?? ''}`);
    });
    await Promise.race([ready, exited]);
    // Not measured (first-call JIT, caches, first builds).
    const warmStarted = performance.now();
    const warmLatencies: number[] = [];
    for (const asked of work.warmUp) {
      const started = performance.now();
      await ask(d, '499999999999999999', asked).settled(SETTLE_TIMEOUT_MS);
      warmLatencies.push(performance.now() - started);
    }
    if (spec.name === 'stories') {
      warmLatencies.sort((a, b) => a - b);
      lines.push(
        `first answer in each of ${work.warmUp.length} servers, one after another (settled; includes building the server's index when not built yet):`,
        `  total ${ms(performance.now() - warmStarted)}, p50 ${ms(percentile(warmLatencies, 50))}, max ${ms(warmLatencies.at(-1) ?? Number.NaN)}`,
      );
    }
  } catch (error) {
    await cleanup();
    throw error;
  }

  const rssAfterWarmUp = spec.shards === undefined ? rssMb(bot) : Number.NaN;
  const validationBefore = double.validationErrors.length;
  const results: Result[] = [];
  let next = 0;
  const wallStart = performance.now();
  const d = double;
  async function worker(): Promise<void> {
    while (next < TOTAL) {
      const index = next++;
      results.push(await one(d, index, work.pick(index)));
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
  const wallMs = performance.now() - wallStart;
  const rssAfterRun = spec.shards === undefined ? rssMb(bot) : Number.NaN;

  const latencies = results
    .filter((r) => r.latencyMs !== undefined)
    .map((r) => r.latencyMs!)
    .sort((a, b) => a - b);
  const failures = results.filter((r) => r.failure !== undefined).sort((a, b) => a.index - b.index);
  const found = results.filter((r) => r.found === true).length;
  const deadlineMisses = failures.filter((r) => /deadline|late-response/.test(r.failure!)).length;
  const http400 = double.validationErrors.slice(validationBefore);
  const perShard =
    spec.shards === undefined
      ? ''
      : ` (${Array.from({ length: spec.shards }, (_, shard) => `shard ${shard}: ${results.filter((r) => shardOf(guilds[r.index % guilds.length]!, spec.shards!) === shard).length}`).join(', ')})`;

  const p99 = percentile(latencies, 99);
  lines.unshift(
    `bench:bot [${spec.name}] ${spec.title} — ${TOTAL} /ask interactions, ${CONCURRENCY} in flight, real bot vs the Discord double`,
    `servers        ${guilds.length}${perShard}`,
  );
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
  );
  if (spec.shards === undefined)
    lines.push(`bot memory (resident): ${mb(rssAfterWarmUp)} after warm-up, ${mb(rssAfterRun)} after the run`);
  if (spec.name === 'stories' && baselineRssMb !== undefined) {
    lines.push(
      `memory the servers' articles take: ${mb(rssAfterWarmUp - baselineRssMb)} ` +
        `(${mb(rssAfterWarmUp)} with them, ${mb(baselineRssMb)} without, both after warm-up)`,
    );
  }
  for (const failure of failures) lines.push(`  #${failure.index} “${failure.question}”: ${failure.failure}`);
  for (const error of http400)
    lines.push(`  400 ${error.method} ${error.route}: ${error.reasons.join('; ') || error.message}`);
  process.stdout.write(lines.join('\n') + '\n\n');

  const exit = await bot.stop('SIGTERM', 12_000).catch(async () => bot?.stop('SIGKILL'));
  if (exit !== undefined && exit.code !== 0)
    process.stdout.write(`note: the bot exited with ${JSON.stringify(exit)} on SIGTERM\n`);
  bot = undefined;
  await cleanup();
  return { spec, p99, failures: failures.length + http400.length, rssAfterWarmUpMb: rssAfterWarmUp };
}

function parseRuns(argv: readonly string[]): RunSpec[] {
  const at = argv.indexOf('--runs');
  if (at === -1) return [...RUNS];
  const names = (argv[at + 1] ?? '').split(',').filter((name) => name !== '');
  const unknown = names.filter((name) => !RUNS.some((spec) => spec.name === name));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--runs takes a comma-separated list of ${RUNS.map((spec) => spec.name).join(', ')}`);
  }
  return RUNS.filter((spec) => names.includes(spec.name));
}

async function main(): Promise<number> {
  const specs = parseRuns(process.argv.slice(2));
  const summaries: RunResult[] = [];
  for (const spec of specs) {
    try {
      const baseline = summaries.find((summary) => summary.spec.name === 'one')?.rssAfterWarmUpMb;
      summaries.push(await run(spec, baseline));
    } catch (error) {
      process.stderr.write(
        `bench:bot could not run [${spec.name}]: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return 1;
    }
  }
  const lines = [`summary (p99 target under ${P99_TARGET_MS} ms):`];
  for (const summary of summaries) {
    if (summary.skipped !== undefined) lines.push(`  ${summary.spec.name.padEnd(11)} skipped: ${summary.skipped}`);
    else {
      const met = (summary.p99 ?? Number.POSITIVE_INFINITY) < P99_TARGET_MS ? 'under target' : 'OVER target';
      lines.push(
        `  ${summary.spec.name.padEnd(11)} p99 ${ms(summary.p99 ?? Number.NaN)} (${met}), ${summary.failures ?? 0} failures`,
      );
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench:bot could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
