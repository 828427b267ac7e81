/**
 * Servers' articles and unanswered questions (migration 3) in the SQLite store, the text questions
 * are grouped by, and the recorder that writes declined questions a second at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError, type DeclinedQuestion, type NewStory, type UnansweredGroup, type UnansweredStore } from '../../src/store/settings.js';
import { DATABASE_FILE, SCHEMA_VERSION, SqliteStore } from '../../src/store/sqlite.js';
import { UNANSWERED_MAX_PER_SERVER, UNANSWERED_RETENTION_MS, normaliseQuestion } from '../../src/store/unanswered.js';
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

const LIMITS = { maxPerServer: 3, maxParagraphs: 10 };

function story(title: string, paragraphs: string[], guildId = GUILD): NewStory {
  return { guildId, title, paragraphs, examples: [], addedBy: '100000000000000050', published: '2031-05-02', url: 'https://example.org/a', source: undefined };
}

describe('articles', () => {
  it('adds, lists, counts and removes a server’s articles, never another server’s', async () => {
    const store = SqliteStore.open(tempDir(), () => 1_000);
    expect(await store.loadStories([GUILD, OTHER])).toEqual([]);
    const added = await store.addStory(story('First', ['One.', 'Two.']), LIMITS);
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(added.story).toMatchObject({ id: 'story-1', guildId: GUILD, title: 'First', paragraphs: ['One.', 'Two.'], addedAt: 1_000, published: '2031-05-02' });
    expect((await store.addStory(story('Elsewhere', ['Three.'], OTHER), LIMITS)).ok).toBe(true);
    expect(store.listStories(GUILD).map((s) => s.title)).toEqual(['First']);
    expect(store.storyTotals(GUILD)).toEqual({ count: 1, paragraphs: 2 });
    expect(await store.loadStories([GUILD, OTHER])).toEqual([OTHER, GUILD]);
    expect(await store.removeStory(OTHER, 'story-1')).toBeUndefined();
    expect((await store.removeStory(GUILD, 'story-1'))?.title).toBe('First');
    expect(await store.removeStory(GUILD, 'story-1')).toBeUndefined();
    expect(await store.removeStory(GUILD, 'not-an-id')).toBeUndefined();
    expect(await store.loadStories([GUILD, OTHER])).toEqual([OTHER]);
    await store.close();
  });

  it('never reuses an id, so a button citing a removed article cannot name another', async () => {
    const store = SqliteStore.open(tempDir());
    await store.addStory(story('A', ['a']), LIMITS);
    await store.addStory(story('B', ['b']), LIMITS);
    await store.removeStory(GUILD, 'story-2');
    const next = await store.addStory(story('C', ['c']), LIMITS);
    expect(next.ok && next.story.id).toBe('story-3');
    await store.close();
  });

  it('checks the limits and duplicates in the same transaction as the insert', async () => {
    const store = SqliteStore.open(tempDir());
    expect((await store.addStory(story('A', ['1', '2', '3', '4', '5', '6']), LIMITS)).ok).toBe(true);
    expect(await store.addStory(story('Again', ['1', '2', '3', '4', '5', '6']), LIMITS)).toMatchObject({ ok: false, reason: 'duplicate', existing: { title: 'A' } });
    expect(await store.addStory(story('Long', ['1', '2', '3', '4', '5']), LIMITS)).toEqual({ ok: false, reason: 'too-many-paragraphs', paragraphs: 6 });
    expect((await store.addStory(story('B', ['b']), LIMITS)).ok).toBe(true);
    expect((await store.addStory(story('C', ['c']), LIMITS)).ok).toBe(true);
    expect(await store.addStory(story('D', ['d']), LIMITS)).toEqual({ ok: false, reason: 'too-many', count: 3 });
    // The same text in another server is that server's own article.
    expect((await store.addStory(story('A', ['1', '2', '3', '4', '5', '6'], OTHER), LIMITS)).ok).toBe(true);
    await store.close();
  });

  it('keeps articles, their paragraphs and examples across a reopen; a server not loaded shows none', async () => {
    const dir = tempDir();
    const first = SqliteStore.open(dir);
    await first.addStory(story('Kept', ['Ünïcode “quotes” ¶.', 'Second.']), LIMITS);
    await first.setStoryExamples(GUILD, 'story-1', ['What about Kept?']);
    await first.close();
    const second = SqliteStore.open(dir);
    expect(second.listStories(GUILD)).toEqual([]);
    await second.loadStories([GUILD]);
    expect(second.listStories(GUILD)).toEqual([
      expect.objectContaining({ id: 'story-1', paragraphs: ['Ünïcode “quotes” ¶.', 'Second.'], examples: ['What about Kept?'], url: 'https://example.org/a', source: undefined }),
    ]);
    await second.close();
  });

  it('migrates a version 2 database, keeping its settings', async () => {
    const dir = tempDir();
    const db = new Database(path.join(dir, DATABASE_FILE));
    db.exec(`CREATE TABLE guild_channels (guild_id TEXT NOT NULL, channel_id TEXT NOT NULL, auto INTEGER NOT NULL DEFAULT 0 CHECK (auto IN (0, 1)), added_at INTEGER NOT NULL, PRIMARY KEY (guild_id, channel_id)) WITHOUT ROWID;
             CREATE INDEX guild_channels_by_channel ON guild_channels (channel_id);
             CREATE TABLE questions (key TEXT PRIMARY KEY, question TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
             INSERT INTO guild_channels VALUES ('${GUILD}', '42', 1, 1);`);
    db.pragma('user_version = 2');
    db.close();
    const store = SqliteStore.open(dir);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(3);
    expect(store.listChannels(GUILD)).toEqual([{ channelId: '42', auto: true }]);
    expect(await store.loadStories([GUILD])).toEqual([]);
    await store.close();
  });
});

describe('unanswered questions', () => {
  it('groups by normalised text, counts, and shows the latest wording, per server', async () => {
    let now = Date.now() - 60_000;
    const store = SqliteStore.open(tempDir());
    for (const q of ['Who won the match?', 'who won the MATCH', 'Who won… the match!!']) {
      await store.recordUnanswered([declined(GUILD, 'c1', q, now)]);
      now += 1000;
    }
    await store.recordUnanswered([declined(GUILD, 'c2', 'When does the bakery open?', now), declined(OTHER, 'c9', 'Who won the match?', now)]);
    expect(await store.topUnanswered(GUILD, 0, 15)).toEqual([
      { question: 'Who won… the match!!', count: 3, lastAskedAt: now - 1000 },
      { question: 'When does the bakery open?', count: 1, lastAskedAt: now },
    ]);
    expect(await store.topUnanswered(OTHER, 0, 15)).toHaveLength(1);
    expect(await store.topUnanswered(GUILD, now, 15)).toEqual([{ question: 'When does the bakery open?', count: 1, lastAskedAt: now }]);
    expect(await store.topUnanswered(GUILD, 0, 1)).toHaveLength(1);
    await store.close();
  });

  it(`forgets questions after 30 days, and keeps at most ${UNANSWERED_MAX_PER_SERVER} per server, oldest first out`, async () => {
    let now = 50 * UNANSWERED_RETENTION_MS;
    const store = SqliteStore.open(tempDir(), () => now);
    await store.recordUnanswered([declined(GUILD, 'c', 'old question', now), declined(OTHER, 'c', 'old elsewhere', now)]);
    now += UNANSWERED_RETENTION_MS + 1;
    await store.recordUnanswered([declined(GUILD, 'c', 'new question', now)]);
    expect((await store.topUnanswered(GUILD, 0, 15)).map((g) => g.question)).toEqual(['new question']);
    // The other server asked nothing since: the hourly prune (and start-up) forgets its old ones.
    expect(await store.topUnanswered(OTHER, 0, 15)).toHaveLength(1);
    expect(await store.pruneUnanswered()).toBe(1);
    expect(await store.topUnanswered(OTHER, 0, 15)).toHaveLength(0);

    await store.recordUnanswered(Array.from({ length: UNANSWERED_MAX_PER_SERVER + 5 }, (_, i) => declined(GUILD, 'c', `question number ${i}`, now)));
    const kept = await store.topUnanswered(GUILD, 0, 5000);
    expect(kept).toHaveLength(UNANSWERED_MAX_PER_SERVER);
    expect(kept.some((g) => g.question === 'new question' || g.question === 'question number 4')).toBe(false);
    expect(kept.some((g) => g.question === 'question number 5')).toBe(true);
    await store.close();
  });
});

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
    expect(await recorder.top(GUILD, 0, 15)).toEqual([expect.objectContaining({ question: 'first question', count: 2 })]);
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
