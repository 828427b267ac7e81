/**
 * Per-server settings, behind one small interface so the Discord layer never sees SQL.
 * Two implementations: SQLite in DATA_DIR (./sqlite.ts, the embedded default) and PostgreSQL
 * (./postgres.ts, when DATABASE_URL is set, so shards on several machines share one database).
 *
 * The shape of every method follows from what PostgreSQL can and cannot promise:
 * - Reads on the answering path (`listChannels`) are synchronous. The SQLite store reads its file;
 *   the PostgreSQL store serves them from memory, loaded at start and kept fresh, so answers go on
 *   while the database is unreachable and never wait on the network.
 * - Writes are asynchronous and resolve only once the change is durable (committed to disk), so a
 *   confirmation shown to a moderator is never a promise the database has not kept. When the
 *   database cannot be reached they reject with StoreUnavailableError and change nothing; the
 *   Discord layer turns that into a private "try again".
 *
 * A new table (servers' stories, unanswered questions) follows the same rules: a migration appended
 * to both stores' lists (same version number in both), async durable writes, and reads either
 * async (start-up loads, rare lookups) or synchronous from memory when an answer needs them. Add its
 * cases to tests/unit/store-contract.test.ts, which runs every case against both stores.
 */

import { createHash } from 'node:crypto';

/** A channel where moderators allowed public answers (`/channels add`). */
export interface ChannelSetting {
  readonly channelId: string;
  /** Also answer plain questions posted in this channel. */
  readonly auto: boolean;
}

export interface SettingsStore {
  /** Channels configured for a server, oldest first. Empty when none. Never waits on the network. */
  listChannels(guildId: string): ChannelSetting[];
  /** Adds or updates a channel; resolves once durable. True when it was not configured before. */
  addChannel(guildId: string, channelId: string, auto: boolean): Promise<boolean>;
  /** Removes a channel; resolves once durable. True when it was configured. */
  removeChannel(guildId: string, channelId: string): Promise<boolean>;
  /** Forgets a channel in whatever server it was (channel deleted). Resolves with how many rows went. */
  forgetChannel(channelId: string): Promise<number>;
}

/**
 * Questions behind "More passages" buttons whose text does not fit in a custom_id (100 characters).
 * Keys are short and derived from the text, so the same question always gets the same key, on
 * every shard and machine.
 */
export interface QuestionStore {
  /** Keeps the question; resolves with its key once durable. */
  rememberQuestion(question: string): Promise<string>;
  recallQuestion(key: string): Promise<string | undefined>;
}

/** The key of a remembered question: the same text gets the same key in every store and process. */
export function questionKey(question: string): string {
  return createHash('sha256').update(question).digest('base64url').slice(0, 16);
}

/** Questions older than this are forgotten at start-up (their "More passages" buttons then say so). */
export const QUESTION_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** Everything the bot needs of its database, whichever it is. */
export interface Store extends SettingsStore, QuestionStore {
  readonly backend: 'sqlite' | 'postgres';
  /** Where the data lives, for logs: a file path, or a database URL without its password. */
  readonly location: string;
  readonly schemaVersion: number;
  /** Finishes writes in flight and closes the connections. Idempotent. */
  close(): Promise<void>;
}

/** Where a store reports what it does on its own (reconnecting, reloading). pino's Logger fits. */
export interface StoreLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** The database cannot be used; the message names it and says what to do. Nothing was changed. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** True when waiting may help (the server is down or restarting), false when someone must act. */
  readonly temporary: boolean;

  constructor(message: string, options: { temporary?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.temporary = options.temporary ?? false;
  }
}

/**
 * A write could not be made durable just now (database unreachable, busy or restarting).
 * Nothing of it was kept; trying again later is the right thing to do.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
