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
 * Servers' own articles (/stories) and unanswered questions follow the same rules. Articles are read
 * when answering (a server's engine is built from them), so they are served from memory too, but
 * only for the servers this process serves: `loadStories` is called when a shard gets a server
 * (GUILD_CREATE), since servers move between shards at a restart. Unanswered questions are written
 * in batches and read only by /stories unanswered (async).
 *
 * A new table follows the same rules: a migration appended to both stores' lists (same version
 * number in both), async durable writes, and reads either async (start-up loads, rare lookups) or
 * synchronous from memory when an answer needs them. Add its cases to
 * tests/unit/store-contract.test.ts, which runs every case against both stores.
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

/** The same paragraphs make the same article, whatever its title: a server cannot add one twice. */
export function storyContentKey(paragraphs: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(paragraphs)).digest('base64url');
}

/** Questions older than this are forgotten at start-up (their "More passages" buttons then say so). */
export const QUESTION_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** An article a server added with /stories add. Paragraph texts are kept as they were cut then, so ¶ numbers never move. */
export interface StoredStory {
  /** `story-<n>`, unique across servers and never reused: buttons and autocomplete values name it. */
  readonly id: string;
  readonly guildId: string;
  readonly title: string;
  readonly published?: string | undefined;
  readonly url?: string | undefined;
  readonly source?: string | undefined;
  readonly paragraphs: readonly string[];
  /** Example questions checked against the server's answers when it was added. */
  readonly examples: readonly string[];
  /** The Discord user who added it. */
  readonly addedBy: string;
  /** Milliseconds since the epoch. */
  readonly addedAt: number;
}

export type NewStory = Omit<StoredStory, 'id' | 'addedAt'>;

export interface StoryLimits {
  readonly maxPerServer: number;
  readonly maxParagraphs: number;
}

/** Why an article was not added; `addStory` checks the limits in the same transaction as the insert. */
export type AddStoryResult =
  | { readonly ok: true; readonly story: StoredStory }
  | { readonly ok: false; readonly reason: 'too-many'; readonly count: number }
  | { readonly ok: false; readonly reason: 'too-many-paragraphs'; readonly paragraphs: number }
  | { readonly ok: false; readonly reason: 'duplicate'; readonly existing: StoredStory };

/** Ids of servers' own articles: `story-<n>`. */
export const STORY_ID = /^story-([1-9]\d{0,15})$/;

export interface StoryStore {
  /**
   * Reads these servers' articles and keeps them for `listStories` (this process serves them now).
   * Resolves with those of them that have at least one article, most recently added to first.
   * Rejects with StoreUnavailableError when the database cannot be reached.
   */
  loadStories(guildIds: readonly string[]): Promise<string[]>;
  /** Forgets these servers' articles from memory (this process no longer serves them). Nothing is deleted. */
  releaseStories(guildIds: readonly string[]): void;
  /** A loaded server's articles, oldest first; empty for a server not loaded. Never waits on the network. */
  listStories(guildId: string): StoredStory[];
  /** How many articles and paragraphs a loaded server has. Never waits on the network. */
  storyTotals(guildId: string): { readonly count: number; readonly paragraphs: number };
  /** Adds an article when the limits allow it (checked in the insert's transaction); resolves once durable. */
  addStory(story: NewStory, limits: StoryLimits): Promise<AddStoryResult>;
  /** Removes one of the server's articles; resolves once durable with the removed article, or undefined. */
  removeStory(guildId: string, storyId: string): Promise<StoredStory | undefined>;
  /** Sets the example questions of one of the server's articles; resolves once durable. */
  setStoryExamples(guildId: string, storyId: string, examples: readonly string[]): Promise<void>;
  /**
   * `listener` hears of a loaded server whose articles another process changed, once memory holds
   * the change (PostgreSQL: by notification, or after a lost connection). A change this store made
   * itself is not announced: its caller knows. SQLite never calls it (see ./sqlite.ts).
   */
  onStoriesChanged(listener: (guildId: string) => void): void;
}

/** A question the bot declined in a server, grouped for /stories unanswered. */
export interface UnansweredGroup {
  /** The wording asked most recently in the group. */
  readonly question: string;
  readonly count: number;
  readonly lastAskedAt: number;
}

/** One declined question as kept: never who asked. */
export interface DeclinedQuestion {
  readonly guildId: string;
  readonly channelId: string | null;
  readonly question: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

export interface UnansweredStore {
  /**
   * Keeps declined questions (text cut to 300 characters, channel, time; never who asked), in one
   * transaction, and drops each of their servers' questions past the retention period and the cap,
   * oldest first. Resolves once durable.
   */
  recordUnanswered(entries: readonly DeclinedQuestion[]): Promise<void>;
  /** The questions asked most often since `since` (ms), grouped by normalised text, most asked first. */
  topUnanswered(guildId: string, since: number, limit: number): Promise<UnansweredGroup[]>;
  /** Forgets every server's questions past the retention period. Resolves with how many went. */
  pruneUnanswered(): Promise<number>;
}

/** Everything the bot needs of its database, whichever it is. */
export interface Store extends SettingsStore, QuestionStore, StoryStore, UnansweredStore {
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

/** An error's message, for the stores' own messages and logs. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
