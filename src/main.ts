/**
 * `npm start`: configuration → corpus → engine → settings database → Discord.
 * Every start-up failure prints one line saying what to do and exits non-zero (no retry loop).
 * SIGTERM/SIGINT: stop taking new work, finish answers in flight, close the database, exit 0 (< 5 s).
 */
import dotenv from 'dotenv';
import { ConfigError, loadBotConfig, loadEngineConfig } from './config.js';
import { CorpusError, loadCorpus } from './corpus/index.js';
import { FatalBotError, FootnoteBot } from './discord/bot.js';
import { addSecret, createLogger, errorInfo, scrub, type Logger } from './discord/log.js';
import { createEngine } from './engine/index.js';
import { openStore, StoreError, type Store } from './store/index.js';

dotenv.config({ quiet: true });

/** Exit within 5 seconds of a signal: answers in flight get this long, then we go anyway. */
const SHUTDOWN_GRACE_MS = 3_500;
const SHUTDOWN_HARD_LIMIT_MS = 4_500;

let logger: Logger | undefined;
let store: Store | undefined;
let bot: FootnoteBot | undefined;
let exiting = false;

function closeStore(): Promise<void> {
  // SQLite closes synchronously inside close(), so even a caller that cannot wait gets a closed file.
  return (store?.close() ?? Promise.resolve()).catch((error: unknown) => {
    logger?.error({ err: errorInfo(error) }, 'closing the database failed');
  });
}

/** One clear line on stderr (and in the structured log), then exit non-zero. */
function die(message: string): never {
  const line = scrub(message);
  logger?.fatal(line);
  process.stderr.write(`footnote: ${line}\n`);
  void closeStore();
  process.exit(1);
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

async function main(): Promise<void> {
  // Before anything can echo it (even a misplaced token in another variable's error message).
  if (process.env['DISCORD_TOKEN'] !== undefined) addSecret(process.env['DISCORD_TOKEN']);
  let config;
  let engineConfig;
  try {
    config = loadBotConfig(process.env);
    engineConfig = loadEngineConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) die(`Configuration error: ${error.message}`);
    throw error;
  }
  addSecret(config.token);
  if (config.databaseUrl !== undefined) {
    const password = decodeURIComponent(new URL(config.databaseUrl).password);
    if (password !== '') addSecret(password);
  }
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
    store = await openStore(config, logger);
  } catch (error) {
    if (error instanceof StoreError) die(error.message);
    throw error;
  }

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
    },
    'starting',
  );

  bot = new FootnoteBot({
    config,
    engine,
    store,
    answerPassages: engineConfig.answerPassages,
    logger,
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
