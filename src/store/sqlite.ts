/**
 * SQLite (better-sqlite3) implementation of the store: the embedded default.
 *
 * - One file, `<DATA_DIR>/footnote.sqlite`, created on first start (with DATA_DIR).
 * - Schema versioned with `PRAGMA user_version` and migrated forward in one IMMEDIATE transaction,
 *   so shard processes starting together on one machine never apply a migration twice.
 * - WAL + synchronous=FULL: a change is on disk before the write resolves. Several processes
 *   (shards on one machine) can share the file; a writer waits up to BUSY_TIMEOUT_MS for another.
 * - Reads go to the file every time, so every process on the machine sees the others' writes.
 *   Servers' articles too, for the servers loaded (`loadStories`; as in PostgreSQL, a server not
 *   loaded shows none). `onStoriesChanged` never fires: a server's articles are changed only by the
 *   shard serving it (Discord sends each server's interactions to one shard), which rebuilds its
 *   engine itself, and every engine built afterwards reads the file.
 * - Each statement is prepared once and reused: preparing costs more than running these small queries.
 * - A file that is not a database, is damaged, or comes from a newer version is refused
 *   with a StoreError that names it; the file is left as it was.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {
  AddStoryResult,
  ChannelSetting,
  DeclinedQuestion,
  NewStory,
  Store,
  StoredStory,
  StoryLimits,
  UnansweredGroup,
} from './settings.js';
import {
  QUESTION_RETENTION_MS,
  STORY_ID,
  StoreError,
  StoreUnavailableError,
  errorMessage,
  questionKey,
  storyContentKey,
} from './settings.js';
import { STORY_COLUMNS, STORY_INSERT_COLUMNS, storyFromRow, storyInsertValues, type StoryRow } from './story-rows.js';
import {
  UNANSWERED_MAX_LENGTH,
  UNANSWERED_MAX_PER_SERVER,
  UNANSWERED_RETENTION_MS,
  normaliseQuestion,
} from './unanswered.js';

export const DATABASE_FILE = 'footnote.sqlite';

/**
 * Each entry takes the schema from version `index` to `index + 1`. Never edit a shipped one; append,
 * and append the same version to POSTGRES_MIGRATIONS in ./postgres.ts.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE guild_channels (
     guild_id   TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     auto       INTEGER NOT NULL DEFAULT 0 CHECK (auto IN (0, 1)),
     added_at   INTEGER NOT NULL,
     PRIMARY KEY (guild_id, channel_id)
   ) WITHOUT ROWID;
   CREATE INDEX guild_channels_by_channel ON guild_channels (channel_id);`,
  `CREATE TABLE questions (
     key        TEXT PRIMARY KEY,
     question   TEXT NOT NULL,
     created_at INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // Articles servers add with /stories add. AUTOINCREMENT: an id is never reused, so a button
  // citing a removed article can never come to name another one. Paragraphs are a JSON array of
  // their texts as cut when added (¶ numbers never move).
  `CREATE TABLE stories (
     id          INTEGER PRIMARY KEY AUTOINCREMENT,
     guild_id    TEXT NOT NULL,
     title       TEXT NOT NULL,
     published   TEXT,
     url         TEXT,
     source      TEXT,
     paragraphs  TEXT NOT NULL,
     paragraph_count INTEGER NOT NULL,
     examples    TEXT NOT NULL DEFAULT '[]',
     content_key TEXT NOT NULL,
     added_by    TEXT NOT NULL,
     added_at    INTEGER NOT NULL
   );
   CREATE INDEX stories_by_guild ON stories (guild_id, id);
   CREATE TABLE unanswered (
     id         INTEGER PRIMARY KEY AUTOINCREMENT,
     guild_id   TEXT NOT NULL,
     channel_id TEXT,
     question   TEXT NOT NULL,
     normalised TEXT NOT NULL,
     asked_at   INTEGER NOT NULL
   );
   CREATE INDEX unanswered_by_guild ON unanswered (guild_id, asked_at);`,
];

export const SCHEMA_VERSION = SQLITE_MIGRATIONS.length;

/** How long a write waits for another process's write (shards on one machine) before giving up. */
const BUSY_TIMEOUT_MS = 2_000;

/** Error codes after which trying again later may work: locked by another process, disk trouble. */
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY)/;

/** A row as SQLite returns it: the lists are JSON text. */
interface SqliteStoryRow extends StoryRow {
  paragraphs: string;
  examples: string;
}

function storyFromSqliteRow(row: SqliteStoryRow): StoredStory {
  return storyFromRow({ ...row, paragraphs: JSON.parse(row.paragraphs), examples: JSON.parse(row.examples) });
}

function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings `db` forward to `target` (default: the current version) in one IMMEDIATE transaction that
 * re-reads the version under the write lock. Tests use `target` to build databases of earlier versions.
 */
export function migrateSqlite(db: Database.Database, target = SCHEMA_VERSION): void {
  db.transaction(() => {
    for (let next = userVersion(db); next < target; next++) {
      db.exec(SQLITE_MIGRATIONS[next]!);
      db.pragma(`user_version = ${next + 1}`);
    }
  }).immediate();
}

export class SqliteStore implements Store {
  readonly backend = 'sqlite';
  readonly file: string;
  private readonly db: Database.Database;
  private readonly now: () => number;
  /** Prepared once, reused. */
  private readonly statements = new Map<string, Database.Statement>();
  /** The servers whose articles this process reads (it serves them). */
  private readonly storyGuilds = new Set<string>();
  private closed = false;

  private constructor(file: string, db: Database.Database, now: () => number) {
    this.file = file;
    this.db = db;
    this.now = now;
  }

  /** Opens (creating when missing) the database in `dataDir`. Throws StoreError. */
  static open(dataDir: string, now: () => number = Date.now): SqliteStore {
    const file = path.resolve(dataDir, DATABASE_FILE);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
    } catch (error) {
      throw new StoreError(
        `Cannot create DATA_DIR ${path.dirname(file)}: ${errorMessage(error)}. Fix its permissions or set DATA_DIR.`,
      );
    }
    let db: Database.Database;
    try {
      db = new Database(file);
    } catch (error) {
      throw new StoreError(
        `Cannot open the settings database ${file}: ${errorMessage(error)}. Check the file's permissions.`,
      );
    }
    try {
      // Before anything that takes a lock: another shard process may be migrating the same file.
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // Read-only checks first: nothing is written to a file we are going to refuse.
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`integrity check failed (${String(check)})`);
      const version = userVersion(db);
      if (version > SCHEMA_VERSION) {
        throw new Error(
          `it has schema version ${version}, newer than this Footnote understands (${SCHEMA_VERSION}); run a newer Footnote or restore a backup`,
        );
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      migrateSqlite(db);
      db.prepare('DELETE FROM questions WHERE created_at < ?').run(now() - QUESTION_RETENTION_MS);
      db.prepare('DELETE FROM unanswered WHERE asked_at < ?').run(now() - UNANSWERED_RETENTION_MS);
    } catch (error) {
      try {
        db.close();
      } catch {
        // already failing; the original error says more
      }
      throw new StoreError(
        `The settings database ${file} is unreadable or damaged: ${errorMessage(error)}. ` +
          'It was left untouched; restore it from a backup, or move it away to start with empty settings.',
      );
    }
    return new SqliteStore(file, db, now);
  }

  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (prepared === undefined) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  get location(): string {
    return this.file;
  }

  get schemaVersion(): number {
    return userVersion(this.db);
  }

  /** A lock held too long by another process or a disk error becomes StoreUnavailableError. */
  private failure(error: unknown): Error {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
      return new StoreUnavailableError(`the settings database ${this.file} is busy or failing (${code})`, {
        cause: error,
      });
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  /** Runs a write in one IMMEDIATE transaction; resolves once it is on disk. */
  private write<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(this.db.transaction(work).immediate());
    } catch (error) {
      return Promise.reject(this.failure(error));
    }
  }

  listChannels(guildId: string): ChannelSetting[] {
    const rows = this.statement(
      'SELECT channel_id, auto FROM guild_channels WHERE guild_id = ? ORDER BY added_at, channel_id',
    ).all(guildId) as { channel_id: string; auto: number }[];
    return rows.map((row) => ({ channelId: row.channel_id, auto: row.auto === 1 }));
  }

  addChannel(guildId: string, channelId: string, auto: boolean): Promise<boolean> {
    return this.write(() => {
      const existing = this.statement('SELECT 1 FROM guild_channels WHERE guild_id = ? AND channel_id = ?').get(
        guildId,
        channelId,
      );
      if (existing === undefined) {
        this.statement('INSERT INTO guild_channels (guild_id, channel_id, auto, added_at) VALUES (?, ?, ?, ?)').run(
          guildId,
          channelId,
          auto ? 1 : 0,
          Date.now(),
        );
        return true;
      }
      this.statement('UPDATE guild_channels SET auto = ? WHERE guild_id = ? AND channel_id = ?').run(
        auto ? 1 : 0,
        guildId,
        channelId,
      );
      return false;
    });
  }

  removeChannel(guildId: string, channelId: string): Promise<boolean> {
    return this.write(
      () =>
        this.statement('DELETE FROM guild_channels WHERE guild_id = ? AND channel_id = ?').run(guildId, channelId)
          .changes > 0,
    );
  }

  forgetChannel(channelId: string): Promise<number> {
    return this.write(() => this.statement('DELETE FROM guild_channels WHERE channel_id = ?').run(channelId).changes);
  }

  rememberQuestion(question: string): Promise<string> {
    const key = questionKey(question);
    return this.write(() => {
      this.statement(
        'INSERT INTO questions (key, question, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at',
      ).run(key, question, Date.now());
      return key;
    });
  }

  recallQuestion(key: string): Promise<string | undefined> {
    const row = this.statement('SELECT question FROM questions WHERE key = ?').get(key) as
      { question: string } | undefined;
    return Promise.resolve(row?.question);
  }

  // ---- servers' articles ----------------------------------------------------------------------

  loadStories(guildIds: readonly string[]): Promise<string[]> {
    for (const guildId of guildIds) this.storyGuilds.add(guildId);
    if (guildIds.length === 0) return Promise.resolve([]);
    try {
      const rows = this.statement(
        `SELECT guild_id FROM stories WHERE guild_id IN (SELECT value FROM json_each(?))
          GROUP BY guild_id ORDER BY MAX(id) DESC`,
      ).all(JSON.stringify(guildIds)) as { guild_id: string }[];
      return Promise.resolve(rows.map((row) => row.guild_id));
    } catch (error) {
      return Promise.reject(this.failure(error));
    }
  }

  releaseStories(guildIds: readonly string[]): void {
    for (const guildId of guildIds) this.storyGuilds.delete(guildId);
  }

  onStoriesChanged(): void {
    // Never called: see the file's comment.
  }

  listStories(guildId: string): StoredStory[] {
    if (!this.storyGuilds.has(guildId)) return [];
    const rows = this.statement(`SELECT ${STORY_COLUMNS} FROM stories WHERE guild_id = ? ORDER BY id`).all(
      guildId,
    ) as SqliteStoryRow[];
    return rows.map(storyFromSqliteRow);
  }

  storyTotals(guildId: string): { count: number; paragraphs: number } {
    if (!this.storyGuilds.has(guildId)) return { count: 0, paragraphs: 0 };
    return this.countStories(guildId);
  }

  private countStories(guildId: string): { count: number; paragraphs: number } {
    const row = this.statement(
      'SELECT COUNT(*) AS count, COALESCE(SUM(paragraph_count), 0) AS paragraphs FROM stories WHERE guild_id = ?',
    ).get(guildId) as { count: number; paragraphs: number };
    return { count: row.count, paragraphs: row.paragraphs };
  }

  addStory(story: NewStory, limits: StoryLimits): Promise<AddStoryResult> {
    this.storyGuilds.add(story.guildId); // a process that writes a server's articles serves it
    // One IMMEDIATE transaction: two adds racing in one server (even from two processes) cannot
    // both slip under a limit.
    return this.write((): AddStoryResult => {
      const key = storyContentKey(story.paragraphs);
      const existing = this.statement(
        `SELECT ${STORY_COLUMNS} FROM stories WHERE guild_id = ? AND content_key = ?`,
      ).get(story.guildId, key) as SqliteStoryRow | undefined;
      if (existing !== undefined) return { ok: false, reason: 'duplicate', existing: storyFromSqliteRow(existing) };
      const totals = this.countStories(story.guildId);
      if (totals.count >= limits.maxPerServer) return { ok: false, reason: 'too-many', count: totals.count };
      if (totals.paragraphs + story.paragraphs.length > limits.maxParagraphs) {
        return { ok: false, reason: 'too-many-paragraphs', paragraphs: totals.paragraphs };
      }
      const addedAt = this.now();
      const result = this.statement(
        `INSERT INTO stories (${STORY_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...storyInsertValues(story, key, addedAt));
      return { ok: true, story: { ...story, id: `story-${Number(result.lastInsertRowid)}`, addedAt } };
    });
  }

  removeStory(guildId: string, storyId: string): Promise<StoredStory | undefined> {
    const match = STORY_ID.exec(storyId);
    if (match === null) return Promise.resolve(undefined);
    this.storyGuilds.add(guildId);
    return this.write(() => {
      const row = this.statement(`SELECT ${STORY_COLUMNS} FROM stories WHERE id = ? AND guild_id = ?`).get(
        Number(match[1]),
        guildId,
      ) as SqliteStoryRow | undefined;
      if (row === undefined) return undefined;
      this.statement('DELETE FROM stories WHERE id = ?').run(row.id);
      return storyFromSqliteRow(row);
    });
  }

  setStoryExamples(guildId: string, storyId: string, examples: readonly string[]): Promise<void> {
    const match = STORY_ID.exec(storyId);
    if (match === null) return Promise.resolve();
    return this.write(() => {
      this.statement('UPDATE stories SET examples = ? WHERE id = ? AND guild_id = ?').run(
        JSON.stringify(examples),
        Number(match[1]),
        guildId,
      );
    });
  }

  // ---- unanswered questions -------------------------------------------------------------------

  recordUnanswered(entries: readonly DeclinedQuestion[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const now = this.now();
    return this.write(() => {
      const insert = this.statement(
        'INSERT INTO unanswered (guild_id, channel_id, question, normalised, asked_at) VALUES (?, ?, ?, ?, ?)',
      );
      const expire = this.statement('DELETE FROM unanswered WHERE guild_id = ? AND asked_at < ?');
      // Past the cap, the oldest go: every row older than the newest UNANSWERED_MAX_PER_SERVER.
      const cap = this.statement(
        `DELETE FROM unanswered WHERE guild_id = ? AND id <= (
           SELECT id FROM unanswered WHERE guild_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?
         )`,
      );
      const guilds = new Set<string>();
      for (const entry of entries) {
        const text = entry.question.slice(0, UNANSWERED_MAX_LENGTH);
        const normalised = normaliseQuestion(text);
        if (normalised === '') continue;
        insert.run(entry.guildId, entry.channelId, text, normalised, entry.at);
        guilds.add(entry.guildId);
      }
      for (const guildId of guilds) {
        expire.run(guildId, now - UNANSWERED_RETENTION_MS);
        cap.run(guildId, guildId, UNANSWERED_MAX_PER_SERVER);
      }
    });
  }

  topUnanswered(guildId: string, since: number, limit: number): Promise<UnansweredGroup[]> {
    try {
      const rows = this.statement(
        `SELECT normalised, COUNT(*) AS count, MAX(asked_at) AS last_asked_at,
                (SELECT question FROM unanswered AS latest
                  WHERE latest.guild_id = grouped.guild_id AND latest.normalised = grouped.normalised
                  ORDER BY latest.id DESC LIMIT 1) AS question
           FROM unanswered AS grouped
          WHERE guild_id = ? AND asked_at >= ?
          GROUP BY guild_id, normalised
          ORDER BY count DESC, last_asked_at DESC, normalised
          LIMIT ?`,
      ).all(guildId, since, limit) as { question: string; count: number; last_asked_at: number }[];
      return Promise.resolve(
        rows.map((row) => ({ question: row.question, count: row.count, lastAskedAt: row.last_asked_at })),
      );
    } catch (error) {
      return Promise.reject(this.failure(error));
    }
  }

  pruneUnanswered(): Promise<number> {
    return this.write(
      () =>
        this.statement('DELETE FROM unanswered WHERE asked_at < ?').run(this.now() - UNANSWERED_RETENTION_MS).changes,
    );
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.db.close();
    }
    return Promise.resolve();
  }
}
