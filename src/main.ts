/**
 * `npm start`: configuration → corpus → engine → settings database → Discord.
 * Every start-up failure prints one line saying what to do and exits non-zero (no retry loop).
 * SIGTERM/SIGINT: stop taking new work, finish answers in flight, close the database, exit 0 (< 5 s).
 *
 * With SHARD_COUNT set this process is discord.js's sharding manager instead (src/discord/sharding.ts):
 * it runs this same file once per shard, and stops them all within 10 s of a signal.
 */
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import {
  ConfigError,
  loadBotConfig,
  loadEngineConfig,
  loadShardingConfig,
  loadStoriesConfig,
  type BotConfig,
  type ShardingConfig,
  type StoriesConfig,
} from './config.js';
import { CorpusError, loadCorpus, type Corpus } from './corpus/index.js';
import { FatalBotError, FootnoteBot } from './discord/bot.js';
import type { StoriesDeps } from './discord/context.js';
import { addSecret, createLogger, errorInfo, scrub, type Logger } from './discord/log.js';
import { EXIT_FATAL, EXIT_TEMPORARY, ShardSupervisor } from './discord/sharding.js';
import { createEngine, extendEngineAsync, type Engine } from './engine/index.js';
import { openStore, StoreError, type Store, type StoryStore, type UnansweredStore } from './store/index.js';
import { Library } from './stories/library.js';
import { UnansweredRecorder } from './stories/unanswered.js';

dotenv.config({ quiet: true });

/** Exit within 5 seconds of a signal: answers in flight get this long, then we go anyway. */
const SHUTDOWN_GRACE_MS = 3_500;
const SHUTDOWN_HARD_LIMIT_MS = 4_500;
/** Declined questions past their retention period go even from servers that ask nothing new. */
const PRUNE_UNANSWERED_EVERY_MS = 60 * 60 * 1000;
/** The manager waits this long for its shards (each stops within SHUTDOWN_HARD_LIMIT_MS), so all is over within 10 s. */
const MANAGER_STOP_LIMIT_MS = 8_000;

let logger: Logger | undefined;
let store: Store | undefined;
let bot: FootnoteBot | undefined;
let recorder: UnansweredRecorder | undefined;
let supervisor: ShardSupervisor | undefined;
/** This process's shard when the manager spawned it. */
let shard: { id: number; count: number } | undefined;
let exiting = false;

function closeStore(): Promise<void> {
  // The last second of declined questions first: close() waits for the write this starts (SQLite
  // makes it at once). SQLite closes synchronously inside close(), so even a caller that cannot
  // wait gets them on disk and a closed file.
  void recorder?.flush();
  return (store?.close() ?? Promise.resolve()).catch((error: unknown) => {
    logger?.error({ err: errorInfo(error) }, 'closing the database failed');
  });
}

/**
 * One clear line on stderr (and in the structured log), then exit non-zero. A shard tells its
 * manager, by the exit code, whether respawning it could help.
 */
function die(message: string, options: { temporary?: boolean } = {}): never {
  const line = scrub(message);
  logger?.fatal(line);
  process.stderr.write(`footnote: ${shard === undefined ? '' : `shard ${shard.id}: `}${line}\n`);
  void closeStore();
  process.exit(shard === undefined ? 1 : options.temporary === true ? EXIT_TEMPORARY : EXIT_FATAL);
}

async function shutdown(signal: string): Promise<void> {
  if (exiting) return;
  exiting = true;
  logger?.info({ signal }, 'shutting down');
  const hard = setTimeout(() => {
    logger?.warn('answers still in flight after the grace period; exiting anyway');
    void closeStore();
    process.exit(0);
  }, SHUTDOWN_HARD_LIMIT_MS);
  hard.unref();
  try {
    await bot?.stop(SHUTDOWN_GRACE_MS);
  } catch (error) {
    logger?.warn({ err: errorInfo(error) }, 'disconnecting from Discord failed');
  }
  await closeStore();
  logger?.info('stopped');
  process.exit(0);
}

/**
 * Servers' own articles (/stories) and the record of questions declined in them. Only the servers
 * this shard serves are loaded and indexed, as Discord sends them (bot.ts).
 */
function startStories(
  store: StoryStore & UnansweredStore,
  corpus: Corpus,
  engine: Engine,
  config: StoriesConfig,
  furniture: readonly string[],
  log: Logger,
): StoriesDeps {
  const library = new Library({
    corpus,
    operator: engine,
    stories: store,
    createEngine: (stories) => extendEngineAsync(engine, stories),
    onBuilt: (report) => log[report.cause === 'warm-up' ? 'debug' : 'info']({ ...report }, "server's articles indexed"),
    onBuildError: (guildId, error) =>
      log.error(
        { err: errorInfo(error), guild: guildId },
        "indexing a server's articles failed; it answers from the built-in articles",
      ),
    onLoadError: (guildIds, error) =>
      log.warn(
        { err: errorInfo(error), servers: guildIds.length },
        "could not read servers' articles; they answer from the built-in articles until it can",
      ),
  });
  recorder = config.recordUnanswered
    ? new UnansweredRecorder(store, (error, dropped) =>
        log.warn(
          { err: errorInfo(error), dropped },
          'could not record unanswered questions; dropped them (statistics, not settings)',
        ),
      )
    : undefined;
  setInterval(() => {
    store
      .pruneUnanswered()
      .catch((error: unknown) => log.warn({ err: errorInfo(error) }, 'pruning unanswered questions failed'));
  }, PRUNE_UNANSWERED_EVERY_MS).unref();
  return { store, library, config, furniture, unanswered: recorder };
}

/** SHARD_COUNT set: this process only supervises the shards. */
async function runManager(config: BotConfig, sharding: Extract<ShardingConfig, { mode: 'manager' }>): Promise<void> {
  const log = createLogger(config.logLevel, { role: 'manager' });
  logger = log;
  const stopAll = async (): Promise<void> => {
    await supervisor?.stop(MANAGER_STOP_LIMIT_MS);
  };
  const onSignal = (signal: string): void => {
    if (exiting) return;
    exiting = true;
    log.info({ signal }, 'stopping every shard');
    void stopAll().then(() => {
      log.info('stopped');
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  const fail = (message: string): void => {
    if (exiting) return;
    exiting = true;
    void stopAll().then(() => die(message));
  };
  supervisor = new ShardSupervisor({
    config,
    count: sharding.count,
    list: sharding.list,
    logger: log,
    entry: fileURLToPath(import.meta.url),
    execArgv: process.execArgv,
    onFatal: fail,
  });
  try {
    await supervisor.start();
  } catch (error) {
    // Shards may be running already: they are stopped before the manager goes.
    fail(error instanceof FatalBotError ? error.message : `Unexpected start-up failure: ${errorInfo(error).message}`);
  }
}

async function main(): Promise<void> {
  // Before anything can echo it (even a misplaced token in another variable's error message).
  if (process.env['DISCORD_TOKEN'] !== undefined) addSecret(process.env['DISCORD_TOKEN']);
  let config;
  let engineConfig;
  let sharding;
  let storiesConfig;
  try {
    config = loadBotConfig(process.env);
    engineConfig = loadEngineConfig(process.env);
    sharding = loadShardingConfig(process.env);
    storiesConfig = loadStoriesConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) die(`Configuration error: ${error.message}`);
    throw error;
  }
  addSecret(config.token);
  if (config.databaseUrl !== undefined) {
    const password = decodeURIComponent(new URL(config.databaseUrl).password);
    if (password !== '') addSecret(password);
  }
  if (sharding.mode === 'manager') return runManager(config, sharding);
  if (sharding.mode === 'shard') {
    shard = { id: sharding.id, count: sharding.count };
    // The manager went away (killed): nobody would stop or respawn this shard, so it stops itself.
    process.once('disconnect', () => void shutdown('manager gone'));
  } else {
    // discord.js's Client reads SHARD_COUNT from the environment; an empty one would mean 0 shards.
    delete process.env['SHARD_COUNT'];
  }
  logger = createLogger(config.logLevel, shard === undefined ? {} : { shard: shard.id });

  let corpus;
  try {
    corpus = await loadCorpus(engineConfig.corpusDir, { furniture: engineConfig.furniture });
  } catch (error) {
    if (error instanceof CorpusError) die(`Corpus error: ${error.message}`);
    throw error;
  }
  const engine = createEngine(corpus);

  try {
    store = await openStore(config, logger);
  } catch (error) {
    if (error instanceof StoreError) die(error.message, { temporary: error.temporary });
    throw error;
  }

  const stories = startStories(store, corpus, engine, storiesConfig, engineConfig.furniture, logger);

  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  logger.info(
    {
      documents: engine.documents.length,
      paragraphs: engine.documents.reduce((sum, doc) => sum + doc.paragraphs.length, 0),
      database: store.location,
      storage: store.backend,
      schema: store.schemaVersion,
      apiUrl: config.apiUrl,
      messageContent: config.messageContent,
      askCooldownSeconds: config.askCooldownSeconds,
      answerPassages: engineConfig.answerPassages,
      stories: storiesConfig,
      ...(shard === undefined ? {} : { shardCount: shard.count, pid: process.pid }),
    },
    'starting',
  );

  bot = new FootnoteBot({
    config,
    engine,
    store,
    answerPassages: engineConfig.answerPassages,
    logger,
    ...(shard === undefined ? {} : { shard }),
    stories,
    onFatal: (message) => {
      if (!exiting) die(message);
    },
  });
  try {
    await bot.start();
  } catch (error) {
    if (exiting) return;
    if (error instanceof FatalBotError) die(error.message);
    throw error;
  }
}

process.on('unhandledRejection', (reason) => {
  logger?.error({ err: errorInfo(reason) }, 'unhandled rejection');
});

main().catch((error: unknown) => {
  die(`Unexpected start-up failure: ${errorInfo(error).message}`);
});
