/**
 * Environment → typed configuration, validated once at start-up.
 * Every variable is documented in README.md and .env.example.
 * Errors name the variable and say exactly what to put there.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface EngineConfig {
  /** Folder of articles (`CORPUS_DIR`, default `./corpus`). */
  readonly corpusDir: string;
  /** Lines dropped as page furniture (`CORPUS_FURNITURE`, `|`-separated, default `Advertisement`). */
  readonly furniture: readonly string[];
  /** Passages per answer (`ANSWER_PASSAGES`, 1–10, default 3). */
  readonly answerPassages: number;
}

export const DEFAULT_FURNITURE: readonly string[] = ['Advertisement'];

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function integerSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return Number(raw);
}

export function booleanSetting(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}").`);
}

export function stringSetting(env: Env, name: string, fallback: string): string;
export function stringSetting(env: Env, name: string): string | undefined;
export function stringSetting(env: Env, name: string, fallback?: string): string | undefined {
  return text(env, name) ?? fallback;
}

export function loadEngineConfig(env: Env): EngineConfig {
  const furnitureRaw = env['CORPUS_FURNITURE'];
  const furniture =
    furnitureRaw === undefined
      ? DEFAULT_FURNITURE
      : furnitureRaw
          .split('|')
          .map((line) => line.trim())
          .filter((line) => line !== '');
  return {
    corpusDir: stringSetting(env, 'CORPUS_DIR', './corpus'),
    furniture,
    answerPassages: integerSetting(env, 'ANSWER_PASSAGES', 3, 1, 10),
  };
}

// ---------------------------------------------------------------------------
// The Discord bot's part (src/main.ts, scripts/deploy-commands.ts).
// ---------------------------------------------------------------------------

/** Discord's own REST API base (without version), the default for `DISCORD_API_URL`. */
export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface BotConfig {
  /** `DISCORD_TOKEN` (required). Never log this object as a whole. */
  readonly token: string;
  /** `DISCORD_CLIENT_ID`; when absent the id is read from the token's application. */
  readonly clientId: string | undefined;
  /** `DISCORD_GUILD_ID`: `npm run deploy-commands` registers to this one server instead of globally. */
  readonly guildId: string | undefined;
  /** `DISCORD_API_URL`: REST base URL without version (discord.js `rest.api`). */
  readonly apiUrl: string;
  /** `DATA_DIR` (default `./data`): where the SQLite settings file lives. */
  readonly dataDir: string;
  /** `DATABASE_URL` (`postgres://…`): PostgreSQL instead of SQLite, shared by every shard and machine. */
  readonly databaseUrl: string | undefined;
  /** `LOG_LEVEL` (pino level, default `info`). */
  readonly logLevel: LogLevel;
  /** `DISCORD_MESSAGE_CONTENT` (default false): request the privileged Message Content intent. */
  readonly messageContent: boolean;
  /** `ASK_COOLDOWN_SECONDS` (default 3, 0 = off): per-user pause between answers. */
  readonly askCooldownSeconds: number;
}

const SNOWFLAKE = /^\d{1,20}$/;

function snowflakeSetting(env: Env, name: string): string | undefined {
  const value = stringSetting(env, name);
  if (value !== undefined && !SNOWFLAKE.test(value)) {
    throw new ConfigError(
      `${name} must be a Discord id (digits only; right-click → Copy ID with Developer Mode on), got "${value}".`,
    );
  }
  return value;
}

function databaseUrlSetting(env: Env): string | undefined {
  const value = stringSetting(env, 'DATABASE_URL');
  if (value === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  // The value itself is never echoed: it may carry a password.
  if (
    parsed === undefined ||
    (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') ||
    parsed.hostname === ''
  ) {
    throw new ConfigError(
      'DATABASE_URL must be a PostgreSQL URL such as postgres://footnote:PASSWORD@db.example.com:5432/footnote, ' +
        'or be left empty to keep the settings in SQLite in DATA_DIR.',
    );
  }
  return value;
}

/** Reads and validates the bot's settings. Throws ConfigError naming the variable and the fix. */
export function loadBotConfig(env: Env): BotConfig {
  const token = stringSetting(env, 'DISCORD_TOKEN');
  if (token === undefined) {
    throw new ConfigError(
      'DISCORD_TOKEN is not set. Copy .env.example to .env and put your bot token there ' +
        '(Discord Developer Portal → your application → Bot → Reset Token).',
    );
  }
  if (/\s/.test(token)) {
    throw new ConfigError('DISCORD_TOKEN contains spaces. Paste only the token itself (without "Bot ").');
  }

  const apiUrl = stringSetting(env, 'DISCORD_API_URL', DEFAULT_DISCORD_API_URL).replace(/\/+$/, '');
  let parsed: URL | undefined;
  try {
    parsed = new URL(apiUrl);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new ConfigError(
      `DISCORD_API_URL must be an http(s) URL such as ${DEFAULT_DISCORD_API_URL} (got "${apiUrl}").`,
    );
  }
  if (/\/v\d+$/.test(parsed.pathname)) {
    throw new ConfigError(
      `DISCORD_API_URL must not include the API version (use e.g. ${DEFAULT_DISCORD_API_URL}, got "${apiUrl}").`,
    );
  }

  const logLevelRaw = stringSetting(env, 'LOG_LEVEL', 'info').toLowerCase();
  const logLevel = LOG_LEVELS.find((level) => level === logLevelRaw);
  if (logLevel === undefined) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevelRaw}").`);
  }

  return {
    token,
    clientId: snowflakeSetting(env, 'DISCORD_CLIENT_ID'),
    guildId: snowflakeSetting(env, 'DISCORD_GUILD_ID'),
    apiUrl,
    dataDir: stringSetting(env, 'DATA_DIR', './data'),
    databaseUrl: databaseUrlSetting(env),
    logLevel,
    messageContent: booleanSetting(env, 'DISCORD_MESSAGE_CONTENT', false),
    askCooldownSeconds: integerSetting(env, 'ASK_COOLDOWN_SECONDS', 3, 0, 3600),
  };
}

// ---------------------------------------------------------------------------
// Sharding (src/main.ts, src/discord/sharding.ts).
// ---------------------------------------------------------------------------

/** Discord's own ceiling is far lower per bot; this only catches typos like an extra zero or two. */
export const MAX_SHARD_COUNT = 4096;

/**
 * How this process takes part:
 * - `single`: the one-process bot (SHARD_COUNT unset), shard 0 of 1;
 * - `manager`: SHARD_COUNT is set; discord.js's ShardingManager runs SHARD_LIST (default: all) as child processes;
 * - `shard`: a child the manager spawned (it sets SHARDING_MANAGER, SHARDS and SHARD_COUNT).
 */
export type ShardingConfig =
  | { readonly mode: 'single' }
  | { readonly mode: 'manager'; readonly count: number | 'auto'; readonly list: readonly number[] | undefined }
  | { readonly mode: 'shard'; readonly id: number; readonly count: number };

/** Throws ConfigError unless every id of `list` is a shard of `count`. */
function checkShardList(list: readonly number[], count: number): void {
  const outside = list.filter((id) => id >= count);
  if (outside.length > 0) {
    throw new ConfigError(
      `SHARD_LIST names shard ${outside.join(', ')}, but SHARD_COUNT is ${count} (shards 0 to ${count - 1}). ` +
        'Use ids below the shard count, or raise SHARD_COUNT.',
    );
  }
}

export function loadShardingConfig(env: Env): ShardingConfig {
  if (env['SHARDING_MANAGER'] === 'true') {
    const id = Number(env['SHARDS']);
    const count = Number(env['SHARD_COUNT']);
    if (!Number.isInteger(id) || !Number.isInteger(count) || id < 0 || id >= count) {
      throw new ConfigError(
        `The sharding manager started this process with shard "${env['SHARDS']}" of "${env['SHARD_COUNT']}"; this is a bug.`,
      );
    }
    return { mode: 'shard', id, count };
  }
  const countRaw = text(env, 'SHARD_COUNT')?.toLowerCase();
  const listRaw = text(env, 'SHARD_LIST');
  if (countRaw === undefined) {
    if (listRaw !== undefined) {
      throw new ConfigError(
        'SHARD_LIST needs SHARD_COUNT: set SHARD_COUNT to the total number of shards across all machines (or auto).',
      );
    }
    return { mode: 'single' };
  }
  let count: number | 'auto';
  if (countRaw === 'auto') count = 'auto';
  else if (/^\d+$/.test(countRaw) && Number(countRaw) >= 1 && Number(countRaw) <= MAX_SHARD_COUNT)
    count = Number(countRaw);
  else {
    throw new ConfigError(
      `SHARD_COUNT must be auto (Discord's recommended count) or a whole number from 1 to ${MAX_SHARD_COUNT} (got "${countRaw}"). ` +
        'Leave it empty to run as one process.',
    );
  }
  let list: number[] | undefined;
  if (listRaw !== undefined) {
    const parts = listRaw.split(',').map((part) => part.trim());
    if (parts.some((part) => !/^\d+$/.test(part))) {
      throw new ConfigError(`SHARD_LIST must be shard ids separated by commas, such as 0,1 (got "${listRaw}").`);
    }
    if (count === 'auto') {
      throw new ConfigError(
        'SHARD_LIST needs a fixed SHARD_COUNT: with auto, machines could disagree on the total. ' +
          'Set SHARD_COUNT to a number, the same on every machine.',
      );
    }
    list = [...new Set(parts.map(Number))].sort((a, b) => a - b);
    checkShardList(list, count);
  }
  return { mode: 'manager', count, list };
}

// ---------------------------------------------------------------------------
// Articles that servers add themselves (/stories), and unanswered questions.
// ---------------------------------------------------------------------------

const MIB = 1024 * 1024;

export interface StoriesConfig {
  /** `STORIES_MAX_PER_SERVER` (default 25): articles one server may add. */
  readonly maxPerServer: number;
  /** `STORIES_MAX_PARAGRAPHS` (default 5,000): paragraphs over all of one server's articles. */
  readonly maxParagraphs: number;
  /** `STORIES_MAX_FILE_BYTES` (default 2 MiB): largest .md/.txt attachment. */
  readonly maxFileBytes: number;
  /** `STORIES_MAX_PAGE_BYTES` (default 5 MiB): largest fetched page. */
  readonly maxPageBytes: number;
  /** `STORIES_FETCH_ALLOW_LOOPBACK` (default false; for tests only): lets 127.0.0.1, and no other private address, be fetched. */
  readonly allowLoopback: boolean;
  /** `RECORD_UNANSWERED` (default true): keep the questions declined in each server for /stories unanswered. */
  readonly recordUnanswered: boolean;
}

/**
 * A size in bytes: a whole number of bytes, or with a unit (KiB, MiB; KB and MB are read as
 * KiB and MiB, as people mean them), e.g. 2097152, 2MiB, 512 KiB.
 */
export function byteSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)\s*(b|bytes?|k|kb|kib|m|mb|mib)?$/i.exec(raw);
  const unit = (match?.[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('m') ? MIB : unit.startsWith('k') ? 1024 : 1;
  const value = match === null ? Number.NaN : Math.floor(Number(match[1]) * factor);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(
      `${name} must be a size from ${min} bytes to ${max / MIB} MiB, as bytes (e.g. ${fallback}) or with a unit (e.g. ${fallback / MIB}MiB) (got "${raw}").`,
    );
  }
  return value;
}

export function loadStoriesConfig(env: Env): StoriesConfig {
  return {
    maxPerServer: integerSetting(env, 'STORIES_MAX_PER_SERVER', 25, 0, 1000),
    maxParagraphs: integerSetting(env, 'STORIES_MAX_PARAGRAPHS', 5000, 1, 1_000_000),
    maxFileBytes: byteSetting(env, 'STORIES_MAX_FILE_BYTES', 2 * MIB, 1, 64 * MIB),
    maxPageBytes: byteSetting(env, 'STORIES_MAX_PAGE_BYTES', 5 * MIB, 1, 64 * MIB),
    allowLoopback: booleanSetting(env, 'STORIES_FETCH_ALLOW_LOOPBACK', false),
    recordUnanswered: booleanSetting(env, 'RECORD_UNANSWERED', true),
  };
}
