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
import { StoreError, type Store } from '../../src/store/settings.js';
import { DATABASE_FILE, migrateSqlite, SqliteStore, SCHEMA_VERSION as SQLITE_VERSION } from '../../src/store/sqlite.js';
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
            const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
            const types: Record<string, string> = {};
            for (const { name } of tables) {
              const columns = db.pragma(`table_info(${name})`) as { name: string; type: string }[];
              const column = columns.find((c) => c.name === 'guild_id');
              if (column !== undefined) types[name] = column.type.toLowerCase();
            }
            return types;
          }),
        ),
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
      open: (options: OpenOptions = {}) => PostgresStore.open(url, options.now === undefined ? {} : { now: options.now }),
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
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/store-writer.ts', JSON.stringify({ ...db.location, guildId, channels })], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    // Servers' articles and unanswered questions: only SQLite reads them so far, and
    // tests/unit/store-stories.test.ts checks it does; this entry keeps SEEDS in step with the versions.
    sql: `INSERT INTO stories (guild_id, title, published, url, source, paragraphs, paragraph_count, examples, content_key, added_by, added_at) VALUES
            ('${GUILD_MAX}', 'An old article', '2031-01-02', NULL, 'Gazette', '["First.","Second."]', 2, '[]', 'old-key', '100000000000000050', 7);
          INSERT INTO unanswered (guild_id, channel_id, question, normalised, asked_at) VALUES ('${GUILD_MAX}', NULL, 'Who won?', 'who won', ${Date.now()})`,
    async check(store) {
      expect(store.schemaVersion).toBe(SCHEMA_VERSION);
      await Promise.resolve();
    },
  },
];

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
      const results = await Promise.all([a.addChannel(GUILD_A, 'same', false), b.addChannel(GUILD_A, 'same', true), a.addChannel(GUILD_A, 'same', true)]);
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
  const title = backend.skip === undefined ? `store contract: ${backend.name}` : `store contract: ${backend.name} (skipped: ${backend.skip})`;
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
        await store.close();
      });
    }
  });
}
