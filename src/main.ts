/**
 * `npm start`: configuration → corpus → engine → settings database → Discord.
 * Every start-up failure prints one line saying what to do and exits non-zero (no retry loop).
 * SIGTERM/SIGINT: stop taking new work, finish answers in flight, close the database, exit 0 (< 5 s).
 */
import dotenv from 'dotenv';
import { ConfigError, loadBotConfig, loadEngineConfig, loadStoriesConfig } from './config.js';
import { CorpusError, loadCorpus } from './corpus/index.js';
import { FatalBotError, FootnoteBot } from './discord/bot.js';
import { addSecret, createLogger, errorInfo, scrub, type Logger } from './discord/log.js';
import { createEngine } from './engine/index.js';
import { StoreError } from './store/settings.js';
import { SqliteStore } from './store/sqlite.js';
import { Library } from './stories/library.js';
import { UnansweredRecorder } from './stories/unanswered.js';

dotenv.config({ quiet: true });

/** Exit within 5 seconds of a signal: answers in flight get this long, then we go anyway. */
const SHUTDOWN_GRACE_MS = 3_500;
const SHUTDOWN_HARD_LIMIT_MS = 4_500;

let logger: Logger | undefined;
let store: SqliteStore | undefined;
let bot: FootnoteBot | undefined;
let recorder: UnansweredRecorder | undefined;
let exiting = false;

function closeStore(): void {
  try {
    recorder?.flush(); // the last second of declined questions, before the database closes
    store?.close();
  } catch (error) {
    logger?.error({ err: errorInfo(error) }, 'closing the database failed');
  }
}

/** One clear line on stderr (and in the structured log), then exit non-zero. */
function die(message: string): never {
  const line = scrub(message);
  logger?.fatal(line);
  process.stderr.write(`footnote: ${line}\n`);
  closeStore();
  process.exit(1);
}

async function shutdown(signal: string): Promise<void> {
  if (exiting) return;
  exiting = true;
  logger?.info({ signal }, 'shutting down');
  const hard = setTimeout(() => {
    logger?.warn('answers still in flight after the grace period; exiting anyway');
    closeStore();
    process.exit(0);
  }, SHUTDOWN_HARD_LIMIT_MS);
  hard.unref();
  try {
    await bot?.stop(SHUTDOWN_GRACE_MS);
  } catch (error) {
    logger?.warn({ err: errorInfo(error) }, 'disconnecting from Discord failed');
  }
  closeStore();
  logger?.info('stopped');
  process.exit(0);
}

async function main(): Promise<void> {
  // Before anything can echo it (even a misplaced token in another variable's error message).
  if (process.env['DISCORD_TOKEN'] !== undefined) addSecret(process.env['DISCORD_TOKEN']);
  let config;
  let engineConfig;
  let storiesConfig;
  try {
    config = loadBotConfig(process.env);
    engineConfig = loadEngineConfig(process.env);
    storiesConfig = loadStoriesConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) die(`Configuration error: ${error.message}`);
    throw error;
  }
  addSecret(config.token);
  logger = createLogger(config.logLevel);

  let corpus;
  try {
    corpus = await loadCorpus(engineConfig.corpusDir, { furniture: engineConfig.furniture });
  } catch (error) {
    if (error instanceof CorpusError) die(`Corpus error: ${error.message}`);
    throw error;
  }
  const engine = createEngine(corpus);

  try {
    store = SqliteStore.open(config.dataDir);
  } catch (error) {
    if (error instanceof StoreError) die(error.message);
    throw error;
  }

  const log = logger;
  const library = new Library({
    corpus,
    operator: engine,
    stories: store,
    createEngine,
    onBuilt: (report) => log[report.cause === 'warm-up' ? 'debug' : 'info']({ ...report }, "server's articles indexed"),
    onBuildError: (guildId, error) => log.error({ err: errorInfo(error), guild: guildId }, "indexing a server's articles failed; it answers from the built-in articles"),
  });
  const openStore = store;
  recorder = storiesConfig.recordUnanswered
    ? new UnansweredRecorder(store, (error) => log.warn({ err: errorInfo(error) }, 'could not record unanswered questions'))
    : undefined;
  // Declined questions older than the retention period go even from servers that ask nothing new.
  setInterval(() => {
    try {
      openStore.pruneUnanswered();
    } catch (error) {
      log.warn({ err: errorInfo(error) }, 'pruning unanswered questions failed');
    }
  }, 60 * 60 * 1000).unref();

  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  logger.info(
    {
      documents: engine.documents.length,
      paragraphs: engine.documents.reduce((sum, doc) => sum + doc.paragraphs.length, 0),
      database: store.file,
      schema: store.schemaVersion,
      apiUrl: config.apiUrl,
      messageContent: config.messageContent,
      askCooldownSeconds: config.askCooldownSeconds,
      answerPassages: engineConfig.answerPassages,
      serversWithArticles: library.serverCount,
      stories: storiesConfig,
    },
    'starting',
  );

  bot = new FootnoteBot({
    config,
    engine,
    store,
    answerPassages: engineConfig.answerPassages,
    logger,
    stories: {
      store,
      library,
      config: storiesConfig,
      furniture: engineConfig.furniture,
      unanswered: recorder,
    },
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
  // Servers' own articles are indexed after connecting, so DMs and servers without articles are
  // answered at once; a question in a server not indexed yet moves that server to the front.
  const started = performance.now();
  await library.warmUp();
  logger.info({ servers: library.serverCount, ms: Math.round(performance.now() - started) }, "servers' articles ready");
}

process.on('unhandledRejection', (reason) => {
  logger?.error({ err: errorInfo(reason) }, 'unhandled rejection');
});

main().catch((error: unknown) => {
  die(`Unexpected start-up failure: ${errorInfo(error).message}`);
});
