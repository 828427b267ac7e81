import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/settings.js';
import { DATABASE_FILE, SCHEMA_VERSION, SqliteStore } from '../../src/store/sqlite.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'footnote-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStore', () => {
  it('creates DATA_DIR and the file on first open, at the current schema version', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const store = SqliteStore.open(dir);
    expect(existsSync(path.join(dir, DATABASE_FILE))).toBe(true);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    store.close();
  });

  it('keeps settings across close and reopen', () => {
    const dir = tempDir();
    const first = SqliteStore.open(dir);
    expect(first.addChannel('g1', 'c1', false)).toBe(true);
    expect(first.addChannel('g1', 'c2', true)).toBe(true);
    expect(first.addChannel('g1', 'c1', true)).toBe(false); // update
    expect(first.addChannel('g2', 'c9', false)).toBe(true);
    const key = first.rememberQuestion('a long question '.repeat(20));
    first.close();
    const second = SqliteStore.open(dir);
    expect(second.listChannels('g1')).toEqual([
      { channelId: 'c1', auto: true },
      { channelId: 'c2', auto: true },
    ]);
    expect(second.listChannels('g2')).toEqual([{ channelId: 'c9', auto: false }]);
    expect(second.recallQuestion(key)).toBe('a long question '.repeat(20));
    expect(second.recallQuestion('missing')).toBeUndefined();
    second.close();
  });

  it('removes channels, per server and everywhere', () => {
    const store = SqliteStore.open(tempDir());
    store.addChannel('g1', 'c1', false);
    store.addChannel('g1', 'c2', false);
    expect(store.removeChannel('g1', 'c1')).toBe(true);
    expect(store.removeChannel('g1', 'c1')).toBe(false);
    expect(store.forgetChannel('c2')).toBe(1);
    expect(store.listChannels('g1')).toEqual([]);
    store.close();
  });

  it('question keys are short, stable and URL-safe', () => {
    const store = SqliteStore.open(tempDir());
    const a = store.rememberQuestion('why?');
    expect(store.rememberQuestion('why?')).toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    store.close();
  });

  it('migrates a version-1 database forward, keeping its rows', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const old = new Database(file);
    old.exec(`CREATE TABLE guild_channels (guild_id TEXT NOT NULL, channel_id TEXT NOT NULL, auto INTEGER NOT NULL DEFAULT 0 CHECK (auto IN (0, 1)), added_at INTEGER NOT NULL, PRIMARY KEY (guild_id, channel_id)) WITHOUT ROWID;
      CREATE INDEX guild_channels_by_channel ON guild_channels (channel_id);
      INSERT INTO guild_channels VALUES ('g', 'c', 1, 1);`);
    old.pragma('user_version = 1');
    old.close();
    const store = SqliteStore.open(dir);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.listChannels('g')).toEqual([{ channelId: 'c', auto: true }]);
    expect(store.recallQuestion(store.rememberQuestion('q'))).toBe('q');
    store.close();
  });

  it('uses WAL with synchronous FULL', () => {
    const dir = tempDir();
    const store = SqliteStore.open(dir);
    store.close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a file that is not a database, naming it and leaving it untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const garbage = Buffer.from('this is not a database, just some text that happens to be here\n'.repeat(200));
    writeFileSync(file, garbage);
    let error: unknown;
    try {
      SqliteStore.open(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain(file);
    expect(readFileSync(file).equals(garbage)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a damaged database (valid header, corrupt pages) without changing it', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const store = SqliteStore.open(dir);
    for (let i = 0; i < 200; i++) store.addChannel(`g${i}`, `c${i}`, i % 2 === 0);
    store.close();
    const bytes = readFileSync(file);
    const damaged = Buffer.from(bytes);
    damaged.fill(0xab, 4096, Math.min(bytes.length, 4096 * 3)); // wreck pages 2–3, keep the header
    writeFileSync(file, damaged);
    expect(() => SqliteStore.open(dir)).toThrow(StoreError);
    expect(readFileSync(file).equals(damaged)).toBe(true);
  });

  it('refuses a database from a newer version', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => SqliteStore.open(dir)).toThrow(/newer/);
  });

  it.skipIf(process.getuid?.() === 0)('refuses an unreadable file', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    SqliteStore.open(dir).close();
    chmodSync(file, 0o000);
    expect(() => SqliteStore.open(dir)).toThrow(StoreError);
    chmodSync(file, 0o600);
  });
});
