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

// What every store must do is in store-contract.test.ts; these are SQLite's own file checks.
describe('SqliteStore', () => {
  it('creates DATA_DIR and the file on first open, at the current schema version', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const store = SqliteStore.open(dir);
    expect(existsSync(path.join(dir, DATABASE_FILE))).toBe(true);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
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

  it('refuses a damaged database (valid header, corrupt pages) without changing it', async () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const store = SqliteStore.open(dir);
    for (let i = 0; i < 200; i++) await store.addChannel(`g${i}`, `c${i}`, i % 2 === 0);
    await store.close();
    const bytes = readFileSync(file);
    const damaged = Buffer.from(bytes);
    damaged.fill(0xab, 4096, Math.min(bytes.length, 4096 * 3)); // wreck pages 2–3, keep the header
    writeFileSync(file, damaged);
    expect(() => SqliteStore.open(dir)).toThrow(StoreError);
    expect(readFileSync(file).equals(damaged)).toBe(true);
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
