/** The settings database's articles (/stories) and unanswered questions (migration 3). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewStory } from '../../src/store/settings.js';
import { DATABASE_FILE, SCHEMA_VERSION, SqliteStore } from '../../src/store/sqlite.js';
import { UNANSWERED_MAX_PER_SERVER, UNANSWERED_RETENTION_MS, normaliseQuestion } from '../../src/store/unanswered.js';

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
const LIMITS = { maxPerServer: 3, maxParagraphs: 10 };

function story(title: string, paragraphs: string[], guildId = GUILD): NewStory {
  return { guildId, title, paragraphs, examples: [], addedBy: '100000000000000050', published: '2031-05-02', url: 'https://example.org/a', source: undefined };
}

describe('articles', () => {
  it('adds, lists, counts and removes a server’s articles, never another server’s', () => {
    const store = SqliteStore.open(tempDir(), () => 1_000);
    const added = store.addStory(story('First', ['One.', 'Two.']), LIMITS);
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(added.story).toMatchObject({ id: 'story-1', guildId: GUILD, title: 'First', paragraphs: ['One.', 'Two.'], addedAt: 1_000, published: '2031-05-02' });
    expect(store.addStory(story('Elsewhere', ['Three.'], OTHER), LIMITS).ok).toBe(true);
    expect(store.listStories(GUILD).map((s) => s.title)).toEqual(['First']);
    expect(store.storyTotals(GUILD)).toEqual({ count: 1, paragraphs: 2 });
    expect(store.guildsWithStories()).toEqual([OTHER, GUILD]);
    expect(store.removeStory(OTHER, 'story-1')).toBeUndefined();
    expect(store.removeStory(GUILD, 'story-1')?.title).toBe('First');
    expect(store.removeStory(GUILD, 'story-1')).toBeUndefined();
    expect(store.removeStory(GUILD, 'not-an-id')).toBeUndefined();
    expect(store.guildsWithStories()).toEqual([OTHER]);
    store.close();
  });

  it('never reuses an id, so a button citing a removed article cannot name another', () => {
    const store = SqliteStore.open(tempDir());
    store.addStory(story('A', ['a']), LIMITS);
    store.addStory(story('B', ['b']), LIMITS);
    store.removeStory(GUILD, 'story-2');
    const next = store.addStory(story('C', ['c']), LIMITS);
    expect(next.ok && next.story.id).toBe('story-3');
    store.close();
  });

  it('checks the limits and duplicates in the same transaction as the insert', () => {
    const store = SqliteStore.open(tempDir());
    expect(store.addStory(story('A', ['1', '2', '3', '4', '5', '6']), LIMITS).ok).toBe(true);
    expect(store.addStory(story('Again', ['1', '2', '3', '4', '5', '6']), LIMITS)).toMatchObject({ ok: false, reason: 'duplicate', existing: { title: 'A' } });
    expect(store.addStory(story('Long', ['1', '2', '3', '4', '5']), LIMITS)).toEqual({ ok: false, reason: 'too-many-paragraphs', paragraphs: 6 });
    expect(store.addStory(story('B', ['b']), LIMITS).ok).toBe(true);
    expect(store.addStory(story('C', ['c']), LIMITS).ok).toBe(true);
    expect(store.addStory(story('D', ['d']), LIMITS)).toEqual({ ok: false, reason: 'too-many', count: 3 });
    // The same text in another server is that server's own article.
    expect(store.addStory(story('A', ['1', '2', '3', '4', '5', '6'], OTHER), LIMITS).ok).toBe(true);
    store.close();
  });

  it('keeps articles, their paragraphs and examples across a reopen', () => {
    const dir = tempDir();
    const first = SqliteStore.open(dir);
    first.addStory(story('Kept', ['Ünïcode “quotes” ¶.', 'Second.']), LIMITS);
    first.setStoryExamples(GUILD, 'story-1', ['What about Kept?']);
    first.close();
    const second = SqliteStore.open(dir);
    expect(second.listStories(GUILD)).toEqual([
      expect.objectContaining({ id: 'story-1', paragraphs: ['Ünïcode “quotes” ¶.', 'Second.'], examples: ['What about Kept?'], url: 'https://example.org/a', source: undefined }),
    ]);
    second.close();
  });

  it('migrates a version 2 database, keeping its settings', () => {
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
    expect(store.listStories(GUILD)).toEqual([]);
    store.close();
  });
});

describe('unanswered questions', () => {
  it('groups by normalised text, counts, and shows the latest wording, per server', () => {
    let now = 10_000_000_000;
    const store = SqliteStore.open(tempDir(), () => now);
    for (const q of ['Who won the match?', 'who won the MATCH', 'Who won… the match!!']) {
      store.recordUnanswered(GUILD, 'c1', q);
      now += 1000;
    }
    store.recordUnanswered(GUILD, 'c2', 'When does the bakery open?');
    store.recordUnanswered(OTHER, 'c9', 'Who won the match?');
    expect(store.topUnanswered(GUILD, 0, 15)).toEqual([
      { question: 'Who won… the match!!', count: 3, lastAskedAt: now - 1000 },
      { question: 'When does the bakery open?', count: 1, lastAskedAt: now },
    ]);
    expect(store.topUnanswered(OTHER, 0, 15)).toHaveLength(1);
    expect(store.topUnanswered(GUILD, now, 15)).toEqual([{ question: 'When does the bakery open?', count: 1, lastAskedAt: now }]);
    expect(store.topUnanswered(GUILD, 0, 1)).toHaveLength(1);
    store.close();
  });

  it('keeps the text (at most 300 characters), channel and time, and nothing about who asked', () => {
    const dir = tempDir();
    const store = SqliteStore.open(dir, () => 5);
    store.recordUnanswered(GUILD, 'c1', 'x'.repeat(400));
    store.recordUnanswered(GUILD, null, '?!');
    store.close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const columns = (db.prepare('PRAGMA table_info(unanswered)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['id', 'guild_id', 'channel_id', 'question', 'normalised', 'asked_at']);
    const rows = db.prepare('SELECT guild_id, channel_id, question, asked_at FROM unanswered').all();
    expect(rows).toEqual([{ guild_id: GUILD, channel_id: 'c1', question: 'x'.repeat(300), asked_at: 5 }]);
    db.close();
  });

  it(`forgets questions after 30 days, and keeps at most ${UNANSWERED_MAX_PER_SERVER} per server, oldest first out`, () => {
    let now = 50 * UNANSWERED_RETENTION_MS;
    const dir = tempDir();
    const store = SqliteStore.open(dir, () => now);
    store.recordUnanswered(GUILD, 'c', 'old question');
    store.recordUnanswered(OTHER, 'c', 'old elsewhere');
    now += UNANSWERED_RETENTION_MS + 1;
    store.recordUnanswered(GUILD, 'c', 'new question');
    expect(store.topUnanswered(GUILD, 0, 15).map((g) => g.question)).toEqual(['new question']);
    // The other server asked nothing since: the hourly prune (and start-up) forgets its old ones.
    expect(store.topUnanswered(OTHER, 0, 15)).toHaveLength(1);
    expect(store.pruneUnanswered()).toBe(1);
    expect(store.topUnanswered(OTHER, 0, 15)).toHaveLength(0);

    for (let i = 0; i < UNANSWERED_MAX_PER_SERVER + 5; i++) store.recordUnanswered(GUILD, 'c', `question number ${i}`);
    const kept = store.topUnanswered(GUILD, 0, 5000);
    expect(kept).toHaveLength(UNANSWERED_MAX_PER_SERVER);
    expect(kept.some((g) => g.question === 'new question' || g.question === 'question number 4')).toBe(false);
    expect(kept.some((g) => g.question === 'question number 5')).toBe(true);
    store.close();
  });

  it('normalises case, punctuation, quotes and spacing', () => {
    expect(normaliseQuestion('  Who’s   the MAYOR?! ')).toBe('whos the mayor');
    expect(normaliseQuestion("who's the mayor")).toBe('whos the mayor');
    expect(normaliseQuestion('Ｗｈｏ is it')).toBe('who is it');
    expect(normaliseQuestion('???')).toBe('');
  });
});

describe('UnansweredRecorder', () => {
  it('writes declined questions together, within a second, and before they are listed', async () => {
    const { UnansweredRecorder, FLUSH_AFTER_MS } = await import('../../src/stories/unanswered.js');
    const store = SqliteStore.open(tempDir());
    const batches: number[] = [];
    const batch = store.recordUnansweredBatch.bind(store);
    store.recordUnansweredBatch = (entries) => {
      batches.push(entries.length);
      batch(entries);
    };
    const recorder = new UnansweredRecorder(store, (error) => {
      throw error;
    });
    recorder.record(GUILD, 'c', 'First question?');
    recorder.record(GUILD, 'c', 'first question');
    recorder.record(OTHER, null, 'Elsewhere?');
    expect(batches).toEqual([]);
    expect(recorder.top(GUILD, 0, 15)).toEqual([expect.objectContaining({ question: 'first question', count: 2 })]);
    expect(batches).toEqual([3]);
    recorder.record(GUILD, 'c', 'Later?');
    await new Promise((resolve) => setTimeout(resolve, FLUSH_AFTER_MS + 200));
    expect(batches).toEqual([3, 1]);
    recorder.flush();
    expect(batches).toEqual([3, 1]);
    store.close();
  });

  it('reports a failed write and goes on', async () => {
    const { UnansweredRecorder } = await import('../../src/stories/unanswered.js');
    const store = SqliteStore.open(tempDir());
    store.close();
    const errors: unknown[] = [];
    const recorder = new UnansweredRecorder(store, (error) => errors.push(error));
    recorder.record(GUILD, 'c', 'Lost?');
    recorder.flush();
    expect(errors).toHaveLength(1);
  });
});
