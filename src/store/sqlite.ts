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
import type {
  AddStoryResult,
  ChannelSetting,
  DeclinedQuestion,
  NewStory,
  QuestionStore,
  SettingsStore,
  StoredStory,
  StoryLimits,
  StoryStore,
  UnansweredGroup,
  UnansweredStore,
} from './settings.js';
import { StoreError } from './settings.js';
import { UNANSWERED_MAX_LENGTH, UNANSWERED_MAX_PER_SERVER, UNANSWERED_RETENTION_MS, normaliseQuestion } from './unanswered.js';

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

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Questions older than this are forgotten at start-up (their "More passages" buttons then say so). */
const QUESTION_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

const STORY_ID = /^story-([1-9]\d{0,15})$/;

interface StoryRow {
  id: number;
  guild_id: string;
  title: string;
  published: string | null;
  url: string | null;
  source: string | null;
  paragraphs: string;
  examples: string;
  added_by: string;
  added_at: number;
}

function stringList(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function storyFromRow(row: StoryRow): StoredStory {
  return {
    id: `story-${row.id}`,
    guildId: row.guild_id,
    title: row.title,
    published: row.published ?? undefined,
    url: row.url ?? undefined,
    source: row.source ?? undefined,
    paragraphs: stringList(row.paragraphs),
    examples: stringList(row.examples),
    addedBy: row.added_by,
    addedAt: row.added_at,
  };
}

/** The same paragraphs make the same article, whatever its title. */
function contentKey(paragraphs: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(paragraphs)).digest('base64url');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SqliteStore implements SettingsStore, QuestionStore, StoryStore, UnansweredStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly now: () => number;
  /** Prepared once, reused: preparing costs more than running these small queries. */
  private readonly statements = new Map<string, Database.Statement>();
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
      db.prepare('DELETE FROM unanswered WHERE asked_at < ?').run(now() - UNANSWERED_RETENTION_MS);
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

  get schemaVersion(): number {
    return Number(this.db.pragma('user_version', { simple: true }));
  }

  listChannels(guildId: string): ChannelSetting[] {
    const rows = this.statement('SELECT channel_id, auto FROM guild_channels WHERE guild_id = ? ORDER BY added_at, channel_id')
      .all(guildId) as { channel_id: string; auto: number }[];
    return rows.map((row) => ({ channelId: row.channel_id, auto: row.auto === 1 }));
  }

  addChannel(guildId: string, channelId: string, auto: boolean): boolean {
    return this.db.transaction(() => {
      const existing = this.statement('SELECT 1 FROM guild_channels WHERE guild_id = ? AND channel_id = ?')
        .get(guildId, channelId);
      if (existing === undefined) {
        this.statement('INSERT INTO guild_channels (guild_id, channel_id, auto, added_at) VALUES (?, ?, ?, ?)')
          .run(guildId, channelId, auto ? 1 : 0, Date.now());
        return true;
      }
      this.statement('UPDATE guild_channels SET auto = ? WHERE guild_id = ? AND channel_id = ?')
        .run(auto ? 1 : 0, guildId, channelId);
      return false;
    })();
  }

  removeChannel(guildId: string, channelId: string): boolean {
    const result = this.statement('DELETE FROM guild_channels WHERE guild_id = ? AND channel_id = ?')
      .run(guildId, channelId);
    return result.changes > 0;
  }

  forgetChannel(channelId: string): number {
    return this.statement('DELETE FROM guild_channels WHERE channel_id = ?').run(channelId).changes;
  }

  rememberQuestion(question: string): string {
    const key = createHash('sha256').update(question).digest('base64url').slice(0, 16);
    this.statement('INSERT INTO questions (key, question, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at')
      .run(key, question, Date.now());
    return key;
  }

  recallQuestion(key: string): string | undefined {
    const row = this.statement('SELECT question FROM questions WHERE key = ?').get(key) as
      | { question: string }
      | undefined;
    return row?.question;
  }

  listStories(guildId: string): StoredStory[] {
    const rows = this.statement('SELECT id, guild_id, title, published, url, source, paragraphs, examples, added_by, added_at FROM stories WHERE guild_id = ? ORDER BY id')
      .all(guildId) as StoryRow[];
    return rows.map(storyFromRow);
  }

  storyTotals(guildId: string): { count: number; paragraphs: number } {
    const row = this.statement('SELECT COUNT(*) AS count, COALESCE(SUM(paragraph_count), 0) AS paragraphs FROM stories WHERE guild_id = ?')
      .get(guildId) as { count: number; paragraphs: number };
    return { count: row.count, paragraphs: row.paragraphs };
  }

  guildsWithStories(): string[] {
    const rows = this.statement('SELECT guild_id FROM stories GROUP BY guild_id ORDER BY MAX(id) DESC').all() as { guild_id: string }[];
    return rows.map((row) => row.guild_id);
  }

  addStory(story: NewStory, limits: StoryLimits): AddStoryResult {
    // One transaction: two adds racing in the same server cannot both slip under a limit.
    return this.db.transaction((): AddStoryResult => {
      const key = contentKey(story.paragraphs);
      const existing = this.statement('SELECT id, guild_id, title, published, url, source, paragraphs, examples, added_by, added_at FROM stories WHERE guild_id = ? AND content_key = ?')
        .get(story.guildId, key) as StoryRow | undefined;
      if (existing !== undefined) return { ok: false, reason: 'duplicate', existing: storyFromRow(existing) };
      const totals = this.storyTotals(story.guildId);
      if (totals.count >= limits.maxPerServer) return { ok: false, reason: 'too-many', count: totals.count };
      if (totals.paragraphs + story.paragraphs.length > limits.maxParagraphs) {
        return { ok: false, reason: 'too-many-paragraphs', paragraphs: totals.paragraphs };
      }
      const addedAt = this.now();
      const result = this.statement(
          `INSERT INTO stories (guild_id, title, published, url, source, paragraphs, paragraph_count, examples, content_key, added_by, added_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          story.guildId,
          story.title,
          story.published ?? null,
          story.url ?? null,
          story.source ?? null,
          JSON.stringify(story.paragraphs),
          story.paragraphs.length,
          JSON.stringify(story.examples),
          key,
          story.addedBy,
          addedAt,
        );
      return { ok: true, story: { ...story, id: `story-${Number(result.lastInsertRowid)}`, addedAt } };
    })();
  }

  removeStory(guildId: string, storyId: string): StoredStory | undefined {
    const match = STORY_ID.exec(storyId);
    if (match === null) return undefined;
    return this.db.transaction(() => {
      const row = this.statement('SELECT id, guild_id, title, published, url, source, paragraphs, examples, added_by, added_at FROM stories WHERE id = ? AND guild_id = ?')
        .get(Number(match[1]), guildId) as StoryRow | undefined;
      if (row === undefined) return undefined;
      this.statement('DELETE FROM stories WHERE id = ?').run(row.id);
      return storyFromRow(row);
    })();
  }

  setStoryExamples(guildId: string, storyId: string, examples: readonly string[]): void {
    const match = STORY_ID.exec(storyId);
    if (match === null) return;
    this.statement('UPDATE stories SET examples = ? WHERE id = ? AND guild_id = ?').run(JSON.stringify(examples), Number(match[1]), guildId);
  }

  recordUnanswered(guildId: string, channelId: string | null, question: string): void {
    this.recordUnansweredBatch([{ guildId, channelId, question, at: this.now() }]);
  }

  recordUnansweredBatch(entries: readonly DeclinedQuestion[]): void {
    if (entries.length === 0) return;
    const insert = this.statement('INSERT INTO unanswered (guild_id, channel_id, question, normalised, asked_at) VALUES (?, ?, ?, ?, ?)');
    const expire = this.statement('DELETE FROM unanswered WHERE guild_id = ? AND asked_at < ?');
    // Past the cap, the oldest go: every row older than the newest UNANSWERED_MAX_PER_SERVER.
    const cap = this.statement(
      `DELETE FROM unanswered WHERE guild_id = ? AND id <= (
         SELECT id FROM unanswered WHERE guild_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?
       )`,
    );
    const now = this.now();
    this.db.transaction(() => {
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
    })();
  }

  topUnanswered(guildId: string, since: number, limit: number): UnansweredGroup[] {
    const rows = this.statement(
        `SELECT normalised, COUNT(*) AS count, MAX(asked_at) AS last_asked_at,
                (SELECT question FROM unanswered AS latest
                  WHERE latest.guild_id = grouped.guild_id AND latest.normalised = grouped.normalised
                  ORDER BY latest.id DESC LIMIT 1) AS question
           FROM unanswered AS grouped
          WHERE guild_id = ? AND asked_at >= ?
          GROUP BY guild_id, normalised
          ORDER BY count DESC, last_asked_at DESC
          LIMIT ?`,
      )
      .all(guildId, since, limit) as { question: string; count: number; last_asked_at: number }[];
    return rows.map((row) => ({ question: row.question, count: row.count, lastAskedAt: row.last_asked_at }));
  }

  pruneUnanswered(): number {
    return this.statement('DELETE FROM unanswered WHERE asked_at < ?').run(this.now() - UNANSWERED_RETENTION_MS).changes;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
