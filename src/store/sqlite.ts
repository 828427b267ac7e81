/**
 * SQLite (better-sqlite3) implementation of the settings and question stores.
 *
 * - One file, `<DATA_DIR>/footnote.sqlite`, created on first start (with DATA_DIR).
 * - Schema versioned with `PRAGMA user_version` and migrated forward in transactions.
 * - WAL + synchronous=FULL: a change is on disk before the method returns.
 * - A file that is not a database, is damaged, or comes from a newer version is refused
 *   with a StoreError that names it; the file is left as it was.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ChannelSetting, QuestionStore, SettingsStore } from './settings.js';
import { StoreError } from './settings.js';

export const DATABASE_FILE = 'footnote.sqlite';

/** Each entry takes the schema from version `index` to `index + 1`. Never edit a shipped one; append. */
const MIGRATIONS: readonly string[] = [
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

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Questions older than this are forgotten at start-up (their "More passages" buttons then say so). */
const QUESTION_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SqliteStore implements SettingsStore, QuestionStore {
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
      // Read-only checks first: nothing is written to a file we are going to refuse.
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`integrity check failed (${String(check)})`);
      const version = Number(db.pragma('user_version', { simple: true }));
      if (version > SCHEMA_VERSION) {
        throw new Error(
          `it has schema version ${version}, newer than this Footnote understands (${SCHEMA_VERSION}); run a newer Footnote or restore a backup`,
        );
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 2000');
      for (let next = version; next < SCHEMA_VERSION; next++) {
        const sql = MIGRATIONS[next]!;
        db.transaction(() => {
          db.exec(sql);
          db.pragma(`user_version = ${next + 1}`);
        })();
      }
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

  get schemaVersion(): number {
    return Number(this.db.pragma('user_version', { simple: true }));
  }

  listChannels(guildId: string): ChannelSetting[] {
    const rows = this.db
      .prepare('SELECT channel_id, auto FROM guild_channels WHERE guild_id = ? ORDER BY added_at, channel_id')
      .all(guildId) as { channel_id: string; auto: number }[];
    return rows.map((row) => ({ channelId: row.channel_id, auto: row.auto === 1 }));
  }

  addChannel(guildId: string, channelId: string, auto: boolean): boolean {
    return this.db.transaction(() => {
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
    })();
  }

  removeChannel(guildId: string, channelId: string): boolean {
    const result = this.db
      .prepare('DELETE FROM guild_channels WHERE guild_id = ? AND channel_id = ?')
      .run(guildId, channelId);
    return result.changes > 0;
  }

  forgetChannel(channelId: string): number {
    return this.db.prepare('DELETE FROM guild_channels WHERE channel_id = ?').run(channelId).changes;
  }

  rememberQuestion(question: string): string {
    const key = createHash('sha256').update(question).digest('base64url').slice(0, 16);
    this.db
      .prepare('INSERT INTO questions (key, question, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at')
      .run(key, question, Date.now());
    return key;
  }

  recallQuestion(key: string): string | undefined {
    const row = this.db.prepare('SELECT question FROM questions WHERE key = ?').get(key) as
      | { question: string }
      | undefined;
    return row?.question;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
