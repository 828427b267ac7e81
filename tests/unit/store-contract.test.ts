/**
 * The store contract: every case runs against SQLite and PostgreSQL alike.
 *
 * To add a table (servers' stories, unanswered questions): append its migration to both stores,
 * add a SEEDS entry (rows an older Footnote would have left in it, in SQL both databases accept)
 * with its check, and add CASES for its methods. Every case then runs on both backends, and the
 * migration cases cover the new version from every earlier one.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migratePostgres, PostgresStore, SCHEMA_VERSION as POSTGRES_VERSION } from '../../src/store/postgres.js';
import { StoreError, type NewStory, type Store, type StoredStory } from '../../src/store/settings.js';
import { DATABASE_FILE, migrateSqlite, SqliteStore, SCHEMA_VERSION as SQLITE_VERSION } from '../../src/store/sqlite.js';
import { UNANSWERED_MAX_PER_SERVER, UNANSWERED_RETENTION_MS } from '../../src/store/unanswered.js';
import { REPO_ROOT } from '../support/bot-process.js';
import { postgresForTests } from '../support/postgres-tests.js';

const SCHEMA_VERSION = SQLITE_VERSION;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Real-looking snowflakes, and ids past 2^53 and at 2^64 − 1 that a JS number would corrupt. */
const GUILD_A = '900000000000000001';
const GUILD_B = '9007199254740993';
const GUILD_MAX = '18446744073709551615';

interface OpenOptions {
  readonly now?: () => number;
}

/** One database of one backend, as a test sees it. */
interface Db {
  open(options?: OpenOptions): Promise<Store>;
  /** Runs SQL directly: seeding what an older Footnote left, or marking a newer schema. */
  exec(sql: string): Promise<void>;
  /** Builds the schema of an earlier version, exactly as that version of Footnote did. */
  migrateTo(version: number): Promise<void>;
  /** Marks the database as written by a newer Footnote. */
  markVersion(version: number): Promise<void>;
  /** The declared type of every column named guild_id, by table. */
  guildIdTypes(): Promise<Record<string, string>>;
  /**
   * Whether a store hears of servers' articles another store changed (PostgreSQL: NOTIFY). SQLite
   * need not: only the shard serving a server changes its articles (see src/store/sqlite.ts).
   */
  readonly announcesStoryChanges: boolean;
  /** What another process needs to open the same database. */
  readonly location: { readonly databaseUrl?: string; readonly dataDir: string };
}

interface Backend {
  readonly name: string;
  readonly skip: string | undefined;
  readonly schemaVersion: number;
  create(): Promise<Db>;
}

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'footnote-contract-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const sqlite: Backend = {
  name: 'SQLite',
  skip: undefined,
  schemaVersion: SQLITE_VERSION,
  create() {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const withDb = <T>(work: (db: Database.Database) => T): T => {
      const db = new Database(file);
      try {
        return work(db);
      } finally {
        db.close();
      }
    };
    return Promise.resolve({
      // async: SqliteStore.open throws synchronously, the contract expects a rejection.
      open: async (options: OpenOptions = {}) => SqliteStore.open(dir, options.now),
      exec: (sql: string) => Promise.resolve(withDb((db) => void db.exec(sql))),
      migrateTo: (version: number) => Promise.resolve(withDb((db) => migrateSqlite(db, version))),
      markVersion: (version: number) => Promise.resolve(withDb((db) => void db.pragma(`user_version = ${version}`))),
      guildIdTypes: () =>
        Promise.resolve(
          withDb((db) => {
            const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
              name: string;
            }[];
            const types: Record<string, string> = {};
            for (const { name } of tables) {
              const columns = db.pragma(`table_info(${name})`) as { name: string; type: string }[];
              const column = columns.find((c) => c.name === 'guild_id');
              if (column !== undefined) types[name] = column.type.toLowerCase();
            }
            return types;
          }),
        ),
      announcesStoryChanges: false,
      location: { dataDir: dir },
    });
  },
};

const { postgres, skip: postgresSkip } = postgresForTests();

const postgresBackend: Backend = {
  name: 'PostgreSQL',
  skip: postgresSkip,
  schemaVersion: POSTGRES_VERSION,
  async create() {
    if (postgres === undefined) throw new Error('PostgreSQL is not available');
    const url = await postgres.createDatabase('contract');
    const withClient = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    };
    return {
      open: (options: OpenOptions = {}) =>
        PostgresStore.open(url, options.now === undefined ? {} : { now: options.now }),
      exec: (sql: string) => withClient(async (client) => void (await client.query(sql))),
      migrateTo: (version: number) => withClient(async (client) => void (await migratePostgres(client, version))),
      markVersion: (version: number) =>
        withClient(async (client) => {
          await migratePostgres(client);
          await client.query('INSERT INTO footnote_schema_migrations (version) VALUES ($1)', [version]);
        }),
      guildIdTypes: () =>
        withClient(async (client) => {
          const { rows } = await client.query<{ table_name: string; data_type: string }>(
            "SELECT table_name, data_type FROM information_schema.columns WHERE column_name = 'guild_id' AND table_schema = 'public'",
          );
          return Object.fromEntries(rows.map((row) => [row.table_name, row.data_type]));
        }),
      announcesStoryChanges: true,
      location: { databaseUrl: url, dataDir: tempDir() },
    };
  },
};

/** Waits until `check` passes: another process's writes reach PostgreSQL's memory by notification. */
async function eventually(check: () => void, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** A second process adding `channels` to `guildId`, all at once; resolves with how many it reported added. */
function writerProcess(db: Db, guildId: string, channels: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/support/store-writer.ts', JSON.stringify({ ...db.location, guildId, channels })],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`writer exited ${code}: ${err}`));
      else resolve((JSON.parse(out.trim()) as { added: number }).added);
    });
  });
}

/**
 * What each migration's tables held under an older Footnote (portable SQL: both databases take
 * TRUE/FALSE and plain literals), and how the current store must show it. SEEDS[i] fills the
 * tables migration i created.
 */
const SEEDS: readonly { readonly sql: string; check(store: Store): Promise<void> }[] = [
  {
    sql: `INSERT INTO guild_channels (guild_id, channel_id, auto, added_at) VALUES
            ('${GUILD_A}', '900000000000000011', TRUE, 2),
            ('${GUILD_A}', '900000000000000010', FALSE, 1),
            ('${GUILD_MAX}', '900000000000000012', FALSE, 3)`,
    async check(store) {
      expect(store.listChannels(GUILD_A)).toEqual([
        { channelId: '900000000000000010', auto: false },
        { channelId: '900000000000000011', auto: true },
      ]);
      expect(store.listChannels(GUILD_MAX)).toEqual([{ channelId: '900000000000000012', auto: false }]);
      await Promise.resolve();
    },
  },
  {
    sql: `INSERT INTO questions (key, question, created_at) VALUES ('oldKey0123456789', 'an old long question', ${Date.now()})`,
    async check(store) {
      expect(await store.recallQuestion('oldKey0123456789')).toBe('an old long question');
    },
  },
  {
    // Paragraphs and examples are JSON arrays: text in SQLite, jsonb in PostgreSQL (which reads the literal).
    sql: `INSERT INTO stories (guild_id, title, published, url, source, paragraphs, paragraph_count, examples, content_key, added_by, added_at) VALUES
            ('${GUILD_MAX}', 'An old article', '2031-01-02', NULL, 'Gazette', '["First “one”.","Second."]', 2, '["What came first?"]', 'old-key', '100000000000000050', 7);
          INSERT INTO unanswered (guild_id, channel_id, question, normalised, asked_at) VALUES
            ('${GUILD_MAX}', '900000000000000010', 'Who won?', 'who won', ${Date.now()}),
            ('${GUILD_MAX}', NULL, 'who WON', 'who won', ${Date.now() + 1})`,
    async check(store) {
      expect(await store.loadStories([GUILD_MAX, GUILD_A])).toEqual([GUILD_MAX]);
      expect(store.listStories(GUILD_MAX)).toEqual([
        {
          id: 'story-1',
          guildId: GUILD_MAX,
          title: 'An old article',
          published: '2031-01-02',
          url: undefined,
          source: 'Gazette',
          paragraphs: ['First “one”.', 'Second.'],
          examples: ['What came first?'],
          addedBy: '100000000000000050',
          addedAt: 7,
        },
      ]);
      expect(store.storyTotals(GUILD_MAX)).toEqual({ count: 1, paragraphs: 2 });
      expect(await store.topUnanswered(GUILD_MAX, 0, 15)).toEqual([
        { question: 'who WON', count: 2, lastAskedAt: expect.any(Number) as number },
      ]);
      // New ids follow the old ones.
      const added = await store.addStory(newStory(GUILD_MAX, 'Newer', ['Third.']), LIMITS);
      expect(added.ok && added.story.id).toBe('story-2');
    },
  },
];

const LIMITS = { maxPerServer: 3, maxParagraphs: 10 };

function newStory(guildId: string, title: string, paragraphs: string[], examples: string[] = []): NewStory {
  return {
    guildId,
    title,
    paragraphs,
    examples,
    addedBy: '100000000000000050',
    published: '2031-05-02',
    url: 'https://example.org/a',
    source: undefined,
  };
}

function titles(stories: readonly StoredStory[]): string[] {
  return stories.map((story) => story.title);
}

interface Case {
  readonly name: string;
  run(db: Db): Promise<void>;
}

const CASES: readonly Case[] = [
  {
    name: 'a new database is created at the current schema version, with every guild id column as text',
    async run(db) {
      const store = await db.open();
      expect(store.schemaVersion).toBe(SCHEMA_VERSION);
      await store.close();
      const types = await db.guildIdTypes();
      expect(Object.keys(types).length).toBeGreaterThan(0);
      for (const [table, type] of Object.entries(types)) expect(`${table}: ${type}`).toBe(`${table}: text`);
    },
  },
  {
    name: 'adds, updates and lists channels per server, oldest first',
    async run(db) {
      const store = await db.open();
      expect(store.listChannels(GUILD_A)).toEqual([]);
      expect(await store.addChannel(GUILD_A, 'c1', false)).toBe(true);
      expect(await store.addChannel(GUILD_A, 'c2', true)).toBe(true);
      expect(await store.addChannel(GUILD_A, 'c1', true)).toBe(false); // an update keeps its place
      expect(await store.addChannel(GUILD_B, 'c9', false)).toBe(true);
      expect(store.listChannels(GUILD_A)).toEqual([
        { channelId: 'c1', auto: true },
        { channelId: 'c2', auto: true },
      ]);
      expect(store.listChannels(GUILD_B)).toEqual([{ channelId: 'c9', auto: false }]);
      await store.close();
    },
  },
  {
    name: 'keeps every confirmed write across close and reopen',
    async run(db) {
      const first = await db.open();
      await first.addChannel(GUILD_A, 'c1', false);
      await first.addChannel(GUILD_A, 'c2', true);
      await first.removeChannel(GUILD_A, 'c1');
      await first.addChannel(GUILD_MAX, 'c3', true);
      const key = await first.rememberQuestion('a long question '.repeat(20));
      await first.close();
      const second = await db.open();
      expect(second.listChannels(GUILD_A)).toEqual([{ channelId: 'c2', auto: true }]);
      expect(second.listChannels(GUILD_MAX)).toEqual([{ channelId: 'c3', auto: true }]);
      expect(await second.recallQuestion(key)).toBe('a long question '.repeat(20));
      expect(await second.recallQuestion('missing')).toBeUndefined();
      await second.close();
    },
  },
  {
    name: 'guild ids past 2^53 are kept exactly, apart from their neighbours',
    async run(db) {
      const store = await db.open();
      await store.addChannel('9007199254740993', 'odd', false);
      await store.addChannel('9007199254740992', 'even', false);
      await store.close();
      const reopened = await db.open();
      expect(reopened.listChannels('9007199254740993')).toEqual([{ channelId: 'odd', auto: false }]);
      expect(reopened.listChannels('9007199254740992')).toEqual([{ channelId: 'even', auto: false }]);
      await reopened.close();
    },
  },
  {
    name: 'removes channels, per server and everywhere',
    async run(db) {
      const store = await db.open();
      await store.addChannel(GUILD_A, 'c1', false);
      await store.addChannel(GUILD_A, 'c2', false);
      await store.addChannel(GUILD_B, 'c2', false);
      expect(await store.removeChannel(GUILD_A, 'c1')).toBe(true);
      expect(await store.removeChannel(GUILD_A, 'c1')).toBe(false);
      expect(await store.forgetChannel('c2')).toBe(2);
      expect(await store.forgetChannel('c2')).toBe(0);
      expect(store.listChannels(GUILD_A)).toEqual([]);
      expect(store.listChannels(GUILD_B)).toEqual([]);
      await store.close();
    },
  },
  {
    name: 'question keys are short, stable, URL-safe and the same in every store',
    async run(db) {
      const store = await db.open();
      const key = await store.rememberQuestion('why?');
      expect(await store.rememberQuestion('why?')).toBe(key);
      expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(key).toBe('9bK5i_RLYIgahkmd'); // sha256, base64url, 16 characters: the same on SQLite and PostgreSQL
      await store.close();
    },
  },
  {
    name: 'forgets questions older than 90 days when it opens',
    async run(db) {
      const store = await db.open();
      const key = await store.rememberQuestion('an ageing question');
      await store.close();
      const later = await db.open({ now: () => Date.now() + 91 * DAY_MS });
      expect(await later.recallQuestion(key)).toBeUndefined();
      await later.close();
    },
  },
  {
    name: "another store's writes on the same database become visible",
    async run(db) {
      const a = await db.open();
      const b = await db.open();
      await b.addChannel(GUILD_A, 'from-b', true);
      await eventually(() => expect(a.listChannels(GUILD_A)).toEqual([{ channelId: 'from-b', auto: true }]));
      await b.removeChannel(GUILD_A, 'from-b');
      await eventually(() => expect(a.listChannels(GUILD_A)).toEqual([]));
      await b.addChannel(GUILD_B, 'gone', false);
      await eventually(() => expect(a.listChannels(GUILD_B)).toHaveLength(1));
      await b.forgetChannel('gone');
      await eventually(() => expect(a.listChannels(GUILD_B)).toEqual([]));
      const key = await b.rememberQuestion('asked on another shard');
      expect(await a.recallQuestion(key)).toBe('asked on another shard');
      await Promise.all([a.close(), b.close()]);
    },
  },
  {
    name: 'concurrent writers: two stores and another process add to one server at once, and every write is kept',
    async run(db) {
      const a = await db.open();
      const b = await db.open();
      const channels = (prefix: string): string[] => Array.from({ length: 40 }, (_, i) => `${prefix}-${i}`);
      const [fromA, fromB, fromProcess] = await Promise.all([
        Promise.all(channels('a').map((c) => a.addChannel(GUILD_A, c, false))),
        Promise.all(channels('b').map((c) => b.addChannel(GUILD_A, c, true))),
        writerProcess(db, GUILD_A, channels('p')),
      ]);
      expect(fromA.every(Boolean)).toBe(true);
      expect(fromB.every(Boolean)).toBe(true);
      expect(fromProcess).toBe(40);
      const expected = new Set([...channels('a'), ...channels('b'), ...channels('p')]);
      for (const store of [a, b]) {
        await eventually(() => expect(new Set(store.listChannels(GUILD_A).map((s) => s.channelId))).toEqual(expected));
      }
      await Promise.all([a.close(), b.close()]);
      const reopened = await db.open();
      expect(reopened.listChannels(GUILD_A)).toHaveLength(120);
      await reopened.close();
    },
  },
  {
    name: 'concurrent adds of the same channel: exactly one reports it new',
    async run(db) {
      const a = await db.open();
      const b = await db.open();
      const results = await Promise.all([
        a.addChannel(GUILD_A, 'same', false),
        b.addChannel(GUILD_A, 'same', true),
        a.addChannel(GUILD_A, 'same', true),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      await eventually(() => expect(a.listChannels(GUILD_A)).toHaveLength(1));
      await Promise.all([a.close(), b.close()]);
    },
  },
  {
    name: 'stores opening a new database at the same moment migrate it once',
    async run(db) {
      const stores = await Promise.all([db.open(), db.open(), db.open()]);
      for (const store of stores) expect(store.schemaVersion).toBe(SCHEMA_VERSION);
      await stores[0]!.addChannel(GUILD_A, 'c', false);
      await Promise.all(stores.map((store) => store.close()));
    },
  },
  {
    name: 'reads the rows every earlier Footnote wrote, as SEEDS has them',
    async run(db) {
      const store = await db.open();
      await store.close();
      for (const seed of SEEDS) await db.exec(seed.sql);
      const reopened = await db.open();
      for (const seed of SEEDS) await seed.check(reopened);
      await reopened.close();
    },
  },
  {
    name: "adds, lists, counts and removes a server's articles, never another server's",
    async run(db) {
      const store = await db.open({ now: () => 1_000 });
      expect(await store.loadStories([GUILD_A, GUILD_B])).toEqual([]);
      expect(store.listStories(GUILD_A)).toEqual([]);
      const added = await store.addStory(newStory(GUILD_A, 'First', ['One.', 'Two.']), LIMITS);
      expect(added).toEqual({
        ok: true,
        story: {
          id: 'story-1',
          guildId: GUILD_A,
          title: 'First',
          paragraphs: ['One.', 'Two.'],
          examples: [],
          addedBy: '100000000000000050',
          addedAt: 1_000,
          published: '2031-05-02',
          url: 'https://example.org/a',
          source: undefined,
        },
      });
      expect((await store.addStory(newStory(GUILD_B, 'Elsewhere', ['Three.']), LIMITS)).ok).toBe(true);
      expect(titles(store.listStories(GUILD_A))).toEqual(['First']);
      expect(store.listStories(GUILD_A)[0]).toEqual(added.ok ? added.story : undefined);
      expect(store.storyTotals(GUILD_A)).toEqual({ count: 1, paragraphs: 2 });
      expect(await store.loadStories([GUILD_A, GUILD_B, GUILD_MAX])).toEqual([GUILD_B, GUILD_A]); // most recently added to first
      expect(await store.removeStory(GUILD_B, 'story-1')).toBeUndefined();
      expect((await store.removeStory(GUILD_A, 'story-1'))?.title).toBe('First');
      expect(await store.removeStory(GUILD_A, 'story-1')).toBeUndefined();
      expect(await store.removeStory(GUILD_A, 'not-an-id')).toBeUndefined();
      expect(store.listStories(GUILD_A)).toEqual([]);
      expect(store.storyTotals(GUILD_A)).toEqual({ count: 0, paragraphs: 0 });
      expect(await store.loadStories([GUILD_A, GUILD_B])).toEqual([GUILD_B]);
      await store.close();
    },
  },
  {
    name: 'never reuses an article id, so a button citing a removed article cannot name another',
    async run(db) {
      const store = await db.open();
      await store.addStory(newStory(GUILD_A, 'A', ['a']), LIMITS);
      await store.addStory(newStory(GUILD_A, 'B', ['b']), LIMITS);
      await store.removeStory(GUILD_A, 'story-2');
      const next = await store.addStory(newStory(GUILD_A, 'C', ['c']), LIMITS);
      expect(next.ok && next.story.id).toBe('story-3');
      await store.close();
    },
  },
  {
    name: "checks an article's limits and duplicates in the insert's transaction",
    async run(db) {
      const store = await db.open();
      const six = ['1', '2', '3', '4', '5', '6'];
      expect((await store.addStory(newStory(GUILD_A, 'A', six), LIMITS)).ok).toBe(true);
      expect(await store.addStory(newStory(GUILD_A, 'Again', six), LIMITS)).toMatchObject({
        ok: false,
        reason: 'duplicate',
        existing: { title: 'A' },
      });
      expect(await store.addStory(newStory(GUILD_A, 'Long', ['1', '2', '3', '4', '5']), LIMITS)).toEqual({
        ok: false,
        reason: 'too-many-paragraphs',
        paragraphs: 6,
      });
      expect((await store.addStory(newStory(GUILD_A, 'B', ['b']), LIMITS)).ok).toBe(true);
      expect((await store.addStory(newStory(GUILD_A, 'C', ['c']), LIMITS)).ok).toBe(true);
      expect(await store.addStory(newStory(GUILD_A, 'D', ['d']), LIMITS)).toEqual({
        ok: false,
        reason: 'too-many',
        count: 3,
      });
      // The same text in another server is that server's own article.
      expect((await store.addStory(newStory(GUILD_B, 'A', six), LIMITS)).ok).toBe(true);
      expect(titles(store.listStories(GUILD_A))).toEqual(['A', 'B', 'C']);
      await store.close();
    },
  },
  {
    name: 'keeps articles, their paragraphs and examples across close and reopen; a server not loaded shows none',
    async run(db) {
      const first = await db.open();
      await first.addStory(newStory(GUILD_MAX, 'Kept', ['Ünïcode “quotes” ¶.', 'Second.']), LIMITS);
      await first.setStoryExamples(GUILD_MAX, 'story-1', ['What about Kept?']);
      await first.setStoryExamples(GUILD_MAX, 'not-an-id', ['ignored']);
      expect(first.listStories(GUILD_MAX)[0]?.examples).toEqual(['What about Kept?']);
      await first.close();
      const second = await db.open();
      expect(second.listStories(GUILD_MAX)).toEqual([]); // this process does not serve it (yet)
      expect(await second.loadStories([GUILD_MAX])).toEqual([GUILD_MAX]);
      expect(second.listStories(GUILD_MAX)).toEqual([
        expect.objectContaining({
          id: 'story-1',
          paragraphs: ['Ünïcode “quotes” ¶.', 'Second.'],
          examples: ['What about Kept?'],
          url: 'https://example.org/a',
          source: undefined,
        }),
      ]);
      second.releaseStories([GUILD_MAX]);
      expect(second.listStories(GUILD_MAX)).toEqual([]);
      await second.close();
    },
  },
  {
    name: "another store's article changes reach a store that loaded the server",
    async run(db) {
      const a = await db.open();
      const b = await db.open();
      const heard: string[] = [];
      a.onStoriesChanged((guildId) => heard.push(guildId));
      await a.loadStories([GUILD_A]);
      await b.addStory(newStory(GUILD_A, 'From b', ['b.']), LIMITS);
      await eventually(() => expect(titles(a.listStories(GUILD_A))).toEqual(['From b']));
      await b.setStoryExamples(GUILD_A, 'story-1', ['Asked?']);
      await eventually(() => expect(a.listStories(GUILD_A)[0]?.examples).toEqual(['Asked?']));
      await b.removeStory(GUILD_A, 'story-1');
      await eventually(() => expect(a.listStories(GUILD_A)).toEqual([]));
      // A server `a` does not serve is none of its business.
      await b.addStory(newStory(GUILD_B, 'Not for a', ['n.']), LIMITS);
      await a.addStory(newStory(GUILD_A, 'From a', ['a.']), LIMITS);
      await eventually(() => expect(titles(a.listStories(GUILD_A))).toEqual(['From a']));
      expect(a.listStories(GUILD_B)).toEqual([]);
      if (db.announcesStoryChanges) await eventually(() => expect(heard).toEqual([GUILD_A, GUILD_A, GUILD_A]));
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Three changes by b; none for GUILD_B, and a's own add is not news to a.
      expect(heard).toEqual(db.announcesStoryChanges ? [GUILD_A, GUILD_A, GUILD_A] : []);
      await Promise.all([a.close(), b.close()]);
    },
  },
  {
    name: 'concurrent adds to one server from two stores stop exactly at its limit',
    async run(db) {
      const a = await db.open();
      const b = await db.open();
      const limits = { maxPerServer: 6, maxParagraphs: 1000 };
      const adds = (store: Store, prefix: string): Promise<boolean>[] =>
        Array.from({ length: 5 }, (_, i) =>
          store.addStory(newStory(GUILD_A, `${prefix}${i}`, [`${prefix} paragraph ${i}.`]), limits).then((r) => r.ok),
        );
      const results = await Promise.all([...adds(a, 'a'), ...adds(b, 'b')]);
      expect(results.filter(Boolean)).toHaveLength(6);
      await Promise.all([a.close(), b.close()]);
      const reopened = await db.open();
      await reopened.loadStories([GUILD_A]);
      expect(reopened.storyTotals(GUILD_A)).toEqual({ count: 6, paragraphs: 6 });
      await reopened.close();
    },
  },
  {
    name: 'groups unanswered questions by normalised text, counts them, shows the latest wording, per server',
    async run(db) {
      const store = await db.open();
      let at = Date.now() - 60_000; // recent: older ones would be past the retention period
      const asked = (
        guildId: string,
        channelId: string | null,
        question: string,
      ): { guildId: string; channelId: string | null; question: string; at: number } => ({
        guildId,
        channelId,
        question,
        at: (at += 1000),
      });
      // Two batches, as the recorder writes them.
      await store.recordUnanswered([
        asked(GUILD_A, 'c1', 'Who won the match?'),
        asked(GUILD_A, 'c1', 'who won the MATCH'),
      ]);
      await store.recordUnanswered([
        asked(GUILD_A, 'c1', 'Who won… the match!!'),
        asked(GUILD_A, 'c2', 'When does the bakery open?'),
        asked(GUILD_B, 'c9', 'Who won the match?'),
        asked(GUILD_A, null, '?!'), // nothing left once normalised: not kept
      ]);
      const last = at;
      expect(await store.topUnanswered(GUILD_A, 0, 15)).toEqual([
        { question: 'Who won… the match!!', count: 3, lastAskedAt: last - 3000 },
        { question: 'When does the bakery open?', count: 1, lastAskedAt: last - 2000 },
      ]);
      expect(await store.topUnanswered(GUILD_B, 0, 15)).toEqual([
        { question: 'Who won the match?', count: 1, lastAskedAt: last - 1000 },
      ]);
      expect(await store.topUnanswered(GUILD_A, last - 2000, 15)).toEqual([
        { question: 'When does the bakery open?', count: 1, lastAskedAt: last - 2000 },
      ]);
      expect(await store.topUnanswered(GUILD_A, 0, 1)).toHaveLength(1);
      await store.recordUnanswered([asked(GUILD_A, 'c1', 'x'.repeat(400))]);
      expect((await store.topUnanswered(GUILD_A, at, 15))[0]?.question).toBe('x'.repeat(300));
      await store.close();
    },
  },
  {
    name: `forgets unanswered questions after 30 days (at open, on a write, by pruning) and keeps ${UNANSWERED_MAX_PER_SERVER} per server, oldest out first`,
    async run(db) {
      let now = 50 * UNANSWERED_RETENTION_MS;
      const store = await db.open({ now: () => now });
      const q = (
        guildId: string,
        question: string,
      ): { guildId: string; channelId: string; question: string; at: number } => ({
        guildId,
        channelId: 'c',
        question,
        at: now,
      });
      await store.recordUnanswered([
        q(GUILD_A, 'old question'),
        q(GUILD_B, 'old elsewhere'),
        q(GUILD_MAX, 'old at the edge'),
      ]);
      now += UNANSWERED_RETENTION_MS + 1;
      await store.recordUnanswered([q(GUILD_A, 'new question')]);
      expect((await store.topUnanswered(GUILD_A, 0, 15)).map((g) => g.question)).toEqual(['new question']);
      // The others asked nothing since: pruning (hourly, and at start-up) forgets their old ones.
      expect(await store.topUnanswered(GUILD_B, 0, 15)).toHaveLength(1);
      expect(await store.pruneUnanswered()).toBe(2);
      expect(await store.topUnanswered(GUILD_B, 0, 15)).toEqual([]);
      await store.recordUnanswered([q(GUILD_B, 'kept a while')]);
      await store.close();
      now += UNANSWERED_RETENTION_MS + 1;
      const reopened = await db.open({ now: () => now });
      expect(await reopened.topUnanswered(GUILD_B, 0, 15)).toEqual([]);
      const many = Array.from({ length: UNANSWERED_MAX_PER_SERVER + 5 }, (_, i) => q(GUILD_A, `question number ${i}`));
      await reopened.recordUnanswered(many.slice(0, 600));
      await reopened.recordUnanswered(many.slice(600));
      const kept = await reopened.topUnanswered(GUILD_A, 0, 5000);
      expect(kept).toHaveLength(UNANSWERED_MAX_PER_SERVER);
      expect(kept.some((g) => g.question === 'question number 4')).toBe(false);
      expect(kept.some((g) => g.question === 'question number 5')).toBe(true);
      await reopened.close();
    },
  },
  {
    name: 'refuses a database from a newer Footnote',
    async run(db) {
      const store = await db.open();
      await store.addChannel(GUILD_A, 'kept', false);
      await store.close();
      await db.markVersion(SCHEMA_VERSION + 5);
      await expect(db.open()).rejects.toThrow(StoreError);
      await expect(db.open()).rejects.toThrow(/newer/);
    },
  },
];

for (const backend of [sqlite, postgresBackend]) {
  const title =
    backend.skip === undefined
      ? `store contract: ${backend.name}`
      : `store contract: ${backend.name} (skipped: ${backend.skip})`;
  describe.skipIf(backend.skip !== undefined)(title, () => {
    it('has as many migrations as the other store', () => {
      expect(backend.schemaVersion).toBe(SCHEMA_VERSION);
      expect(SEEDS).toHaveLength(SCHEMA_VERSION);
    });

    for (const testCase of CASES) it(testCase.name, async () => testCase.run(await backend.create()), 30_000);

    for (let version = 0; version < SCHEMA_VERSION; version++) {
      it(`migrates a version-${version} database to version ${SCHEMA_VERSION}, keeping its rows`, async () => {
        const db = await backend.create();
        await db.migrateTo(version);
        for (const seed of SEEDS.slice(0, version)) await db.exec(seed.sql);
        const store = await db.open();
        expect(store.schemaVersion).toBe(SCHEMA_VERSION);
        for (const seed of SEEDS.slice(0, version)) await seed.check(store);
        // And it works as a current one.
        expect(await store.addChannel(GUILD_B, 'after-migration', true)).toBe(true);
        expect(await store.recallQuestion(await store.rememberQuestion('after migration'))).toBe('after migration');
        expect((await store.addStory(newStory(GUILD_B, 'After migration', ['New.']), LIMITS)).ok).toBe(true);
        await store.recordUnanswered([
          { guildId: GUILD_B, channelId: null, question: 'after migration?', at: Date.now() },
        ]);
        expect(await store.topUnanswered(GUILD_B, 0, 15)).toHaveLength(1);
        await store.close();
      });
    }
  });
}
