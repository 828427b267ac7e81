/**
 * Servers' articles and unanswered questions (migration 3) beyond the store contract: what SQLite
 * keeps on disk, the text questions are grouped by, and the recorder that writes declined questions
 * a second at a time. Adding, listing, limits, retention and migrations are contract cases
 * (tests/unit/store-contract.test.ts), run on SQLite and PostgreSQL alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  StoreUnavailableError,
  type DeclinedQuestion,
  type UnansweredGroup,
  type UnansweredStore,
} from '../../src/store/settings.js';
import { DATABASE_FILE, SqliteStore } from '../../src/store/sqlite.js';
import { normaliseQuestion } from '../../src/store/unanswered.js';
import { FLUSH_AFTER_MS, UnansweredRecorder } from '../../src/stories/unanswered.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'footnote-stories-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Guild ids are snowflakes past 2^53: they must stay text. */
const GUILD = '1234567890123456789';
const OTHER = '9876543210987654321';

function declined(guildId: string, channelId: string | null, question: string, at = 5): DeclinedQuestion {
  return { guildId, channelId, question, at };
}

describe('unanswered questions on disk', () => {
  it('keeps the text (at most 300 characters), channel and time, and nothing about who asked', async () => {
    const dir = tempDir();
    const store = SqliteStore.open(dir, () => 5);
    await store.recordUnanswered([declined(GUILD, 'c1', 'x'.repeat(400)), declined(GUILD, null, '?!')]);
    await store.close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const columns = (db.prepare('PRAGMA table_info(unanswered)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['id', 'guild_id', 'channel_id', 'question', 'normalised', 'asked_at']);
    const rows = db.prepare('SELECT guild_id, channel_id, question, asked_at FROM unanswered').all();
    expect(rows).toEqual([{ guild_id: GUILD, channel_id: 'c1', question: 'x'.repeat(300), asked_at: 5 }]);
    db.close();
  });

  it('normalises case, punctuation, quotes and spacing', () => {
    expect(normaliseQuestion('  Who’s   the MAYOR?! ')).toBe('whos the mayor');
    expect(normaliseQuestion("who's the mayor")).toBe('whos the mayor');
    expect(normaliseQuestion('Ｗｈｏ is it')).toBe('who is it');
    expect(normaliseQuestion('???')).toBe('');
  });
});

/** A store that counts its batches, and can be made unreachable. */
class CountingStore implements UnansweredStore {
  readonly batches: number[] = [];
  failing = false;
  constructor(private readonly inner: UnansweredStore) {}
  recordUnanswered(entries: readonly DeclinedQuestion[]): Promise<void> {
    if (this.failing) return Promise.reject(new StoreUnavailableError('database away'));
    this.batches.push(entries.length);
    return this.inner.recordUnanswered(entries);
  }
  topUnanswered(guildId: string, since: number, limit: number): Promise<UnansweredGroup[]> {
    return this.inner.topUnanswered(guildId, since, limit);
  }
  pruneUnanswered(): Promise<number> {
    return this.inner.pruneUnanswered();
  }
}

describe('UnansweredRecorder', () => {
  it('writes declined questions together, within a second, and before they are listed', async () => {
    const sqlite = SqliteStore.open(tempDir());
    const store = new CountingStore(sqlite);
    const recorder = new UnansweredRecorder(store, (error) => {
      throw error;
    });
    recorder.record(GUILD, 'c', 'First question?');
    recorder.record(GUILD, 'c', 'first question');
    recorder.record(OTHER, null, 'Elsewhere?');
    expect(store.batches).toEqual([]);
    expect(await recorder.top(GUILD, 0, 15)).toEqual([
      expect.objectContaining({ question: 'first question', count: 2 }),
    ]);
    expect(store.batches).toEqual([3]);
    recorder.record(GUILD, 'c', 'Later?');
    await new Promise((resolve) => setTimeout(resolve, FLUSH_AFTER_MS + 200));
    expect(store.batches).toEqual([3, 1]);
    await recorder.flush();
    expect(store.batches).toEqual([3, 1]);
    await sqlite.close();
  });

  it('drops a batch the database cannot take, says how many, and goes on', async () => {
    const sqlite = SqliteStore.open(tempDir());
    const store = new CountingStore(sqlite);
    const dropped: number[] = [];
    const recorder = new UnansweredRecorder(store, (error, count) => {
      expect(error).toBeInstanceOf(StoreUnavailableError);
      dropped.push(count);
    });
    store.failing = true;
    recorder.record(GUILD, 'c', 'Lost?');
    recorder.record(GUILD, 'c', 'Lost too?');
    await recorder.flush();
    expect(dropped).toEqual([2]);
    store.failing = false;
    recorder.record(GUILD, 'c', 'Kept?');
    expect((await recorder.top(GUILD, 0, 15)).map((g) => g.question)).toEqual(['Kept?']);
    await sqlite.close();
  });

  it('a write that fails for another reason (a closed database) is reported too', async () => {
    const store = SqliteStore.open(tempDir());
    await store.close();
    const errors: unknown[] = [];
    const recorder = new UnansweredRecorder(store, (error) => errors.push(error));
    recorder.record(GUILD, 'c', 'Lost?');
    await recorder.flush();
    expect(errors).toHaveLength(1);
  });
});
