/**
 * SQLite (better-sqlite3) implementation of the store: the embedded default.
 *
 * - One file, `<DATA_DIR>/footnote.sqlite`, created on first start (with DATA_DIR).
 * - Schema versioned with `PRAGMA user_version` and migrated forward in one IMMEDIATE transaction,
 *   so shard processes starting together on one machine never apply a migration twice.
 * - WAL + synchronous=FULL: a change is on disk before the write resolves. Several processes
 *   (shards on one machine) can share the file; a writer waits up to BUSY_TIMEOUT_MS for another.
 * - Reads go to the file every time, so every process on the machine sees the others' writes.
 * - A file that is not a database, is damaged, or comes from a newer version is refused
 *   with a StoreError that names it; the file is left as it was.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ChannelSetting, Store } from './settings.js';
import { QUESTION_RETENTION_MS, StoreError, StoreUnavailableError, questionKey } from './settings.js';

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
];

export const SCHEMA_VERSION = SQLITE_MIGRATIONS.length;

/** How long a write waits for another process's write (shards on one machine) before giving up. */
const BUSY_TIMEOUT_MS = 2_000;

/** Error codes after which trying again later may work: locked by another process, disk trouble. */
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY)/;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
  private closed = false;

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.db = db;
  }

  /** Opens (creating when missing) the database in `dataDir`. Throws StoreError. */
  static open(dataDir: string, now: () => number = Date.now): SqliteStore {
    const file = path.resolve(dataDir, DATABASE_FILE);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
    } catch (error) {
      throw new StoreError(`Cannot create DATA_DIR ${path.dirname(file)}: ${describe(error)}. Fix its permissions or set DATA_DIR.`);
    }
    let db: Database.Database;
    try {
      db = new Database(file);
    } catch (error) {
      throw new StoreError(`Cannot open the settings database ${file}: ${describe(error)}. Check the file's permissions.`);
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
    } catch (error) {
      try {
        db.close();
      } catch {
        // already failing; the original error says more
      }
      throw new StoreError(
        `The settings database ${file} is unreadable or damaged: ${describe(error)}. ` +
          'It was left untouched; restore it from a backup, or move it away to start with empty settings.',
      );
    }
    return new SqliteStore(file, db);
  }

  get location(): string {
    return this.file;
  }

  get schemaVersion(): number {
    return userVersion(this.db);
  }

  /** Runs a write; a lock held too long by another process or a disk error becomes StoreUnavailableError. */
  private write<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(this.db.transaction(work).immediate());
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
        return Promise.reject(new StoreUnavailableError(`the settings database ${this.file} is busy or failing (${code})`, { cause: error }));
      }
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  listChannels(guildId: string): ChannelSetting[] {
    const rows = this.db
      .prepare('SELECT channel_id, auto FROM guild_channels WHERE guild_id = ? ORDER BY added_at, channel_id')
      .all(guildId) as { channel_id: string; auto: number }[];
    return rows.map((row) => ({ channelId: row.channel_id, auto: row.auto === 1 }));
  }

  addChannel(guildId: string, channelId: string, auto: boolean): Promise<boolean> {
    return this.write(() => {
      const existing = this.db
        .prepare('SELECT 1 FROM guild_channels WHERE guild_id = ? AND channel_id = ?')
        .get(guildId, channelId);
      if (existing === undefined) {
        this.db
          .prepare('INSERT INTO guild_channels (guild_id, channel_id, auto, added_at) VALUES (?, ?, ?, ?)')
          .run(guildId, channelId, auto ? 1 : 0, Date.now());
        return true;
      }
      this.db
        .prepare('UPDATE guild_channels SET auto = ? WHERE guild_id = ? AND channel_id = ?')
        .run(auto ? 1 : 0, guildId, channelId);
      return false;
    });
  }

  removeChannel(guildId: string, channelId: string): Promise<boolean> {
    return this.write(
      () => this.db.prepare('DELETE FROM guild_channels WHERE guild_id = ? AND channel_id = ?').run(guildId, channelId).changes > 0,
    );
  }

  forgetChannel(channelId: string): Promise<number> {
    return this.write(() => this.db.prepare('DELETE FROM guild_channels WHERE channel_id = ?').run(channelId).changes);
  }

  rememberQuestion(question: string): Promise<string> {
    const key = questionKey(question);
    return this.write(() => {
      this.db
        .prepare(
          'INSERT INTO questions (key, question, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at',
        )
        .run(key, question, Date.now());
      return key;
    });
  }

  recallQuestion(key: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT question FROM questions WHERE key = ?').get(key) as { question: string } | undefined;
    return Promise.resolve(row?.question);
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.db.close();
    }
    return Promise.resolve();
  }
}
