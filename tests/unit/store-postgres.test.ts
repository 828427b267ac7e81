/**
 * PostgreSQL's own behaviour, beyond the contract: losing the server and getting it back, a
 * connection cut in the middle of a write, and what is logged. These stop and start their own
 * throwaway server, so they never disturb the run's shared one.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUnavailable, PostgresStore, redactUrl } from '../../src/store/postgres.js';
import {
  StoreError,
  StoreUnavailableError,
  type NewStory,
  type StoredStory,
  type StoreLog,
} from '../../src/store/settings.js';
import { postgresForTests } from '../support/postgres-tests.js';
import { freePort, startPostgres, type PostgresServer } from '../support/postgres.js';

const GUILD = '900000000000000001';
const STORY_GUILD = '900000000000000002';
const LATE_GUILD = '900000000000000003';
const LIMITS = { maxPerServer: 5, maxParagraphs: 100 };

function story(title: string, paragraphs: string[]): NewStory {
  return { guildId: STORY_GUILD, title, paragraphs, examples: [], addedBy: '100000000000000050' };
}

function titles(stories: readonly StoredStory[]): string[] {
  return stories.map((s) => s.title);
}
const { skip } = postgresForTests();

describe('PostgreSQL errors and URLs', () => {
  it('tells an unreachable database from a bug', () => {
    expect(isUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(
      true,
    );
    expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })),
    ).toBe(true);
    expect(isUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error('could not serialize access'), { code: '40001' }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
  });

  it('never shows the password of DATABASE_URL', () => {
    expect(redactUrl('postgres://footnote:s3cret@db.example.com:5432/footnote')).toBe(
      'postgres://footnote@db.example.com:5432/footnote',
    );
    expect(redactUrl('postgres://db.example.com/footnote')).toBe('postgres://db.example.com/footnote');
  });

  it('a server that is not there: a temporary StoreError naming it, without the password', async () => {
    const port = await freePort();
    const error = await PostgresStore.open(`postgres://footnote:s3cret@127.0.0.1:${port}/footnote`).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).temporary).toBe(true);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).toMatch(/Cannot reach PostgreSQL.*DATABASE_URL/);
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe.skipIf(skip !== undefined)(
  `PostgreSQL store: connection loss${skip === undefined ? '' : ` (skipped: ${skip})`}`,
  () => {
    let server: PostgresServer;
    let url: string;
    const logged: { level: string; message: string }[] = [];
    const log: StoreLog = {
      info: (_details, message) => logged.push({ level: 'info', message }),
      warn: (_details, message) => logged.push({ level: 'warn', message }),
    };

    async function rows(sql: string): Promise<Record<string, unknown>[]> {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<Record<string, unknown>>(sql)).rows;
      } finally {
        await client.end();
      }
    }

    async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }

    beforeAll(async () => {
      server = await startPostgres();
      url = await server.createDatabase('loss');
    }, 60_000);

    afterAll(async () => {
      await server?.destroy();
    });

    it('answers from memory while the server is down, refuses writes cleanly, and reconnects by itself', async () => {
      const store = await PostgresStore.open(url, { log });
      const other = await PostgresStore.open(url);
      await store.addChannel(GUILD, 'before', true);
      const key = await store.rememberQuestion('a question asked before the outage');

      await server.stop();
      await waitFor(() => !store.connected, 'the store to notice');
      // Reads: what it had loaded.
      expect(store.listChannels(GUILD)).toEqual([{ channelId: 'before', auto: true }]);
      expect(await store.recallQuestion(key)).toBe('a question asked before the outage');
      // Writes: a clear, prompt refusal.
      const started = Date.now();
      await expect(store.addChannel(GUILD, 'during', false)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.removeChannel(GUILD, 'before')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.rememberQuestion('a new long question')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.recallQuestion('not-in-memory')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(store.listChannels(GUILD)).toEqual([{ channelId: 'before', auto: true }]);
      expect(logged.some((line) => line.level === 'warn' && /answering from memory/.test(line.message))).toBe(true);

      await server.start();
      await waitFor(() => store.connected, 'the store to reconnect');
      expect(logged.some((line) => line.level === 'info' && /restored/.test(line.message))).toBe(true);
      // Nothing of the refused writes was kept.
      expect(await rows("SELECT channel_id FROM guild_channels WHERE channel_id = 'during'")).toEqual([]);
      expect(await rows("SELECT channel_id FROM guild_channels WHERE channel_id = 'before'")).toHaveLength(1);
      // Writes work again.
      expect(await store.addChannel(GUILD, 'after', false)).toBe(true);
      // The other store, whose notifications were lost with the connection, catches up on reconnecting.
      await waitFor(() => other.listChannels(GUILD).length === 2, 'the other store to reload');
      await Promise.all([store.close(), other.close()]);
    }, 60_000);

    it("servers' articles and unanswered questions: served from memory through an outage, writes refused cleanly, and what changed meanwhile announced after reconnecting", async () => {
      const store = await PostgresStore.open(url, { log });
      const heard: string[] = [];
      store.onStoriesChanged((guildId) => heard.push(guildId));
      await store.loadStories([STORY_GUILD]);
      const before = await store.addStory(story('Before', ['Kept.']), LIMITS);
      if (!before.ok) throw new Error('the first article was not added');

      await server.stop();
      await waitFor(() => !store.connected, 'the store to notice');
      expect(titles(store.listStories(STORY_GUILD))).toEqual(['Before']);
      expect(store.storyTotals(STORY_GUILD)).toEqual({ count: 1, paragraphs: 1 });
      const started = Date.now();
      await expect(store.addStory(story('During', ['Lost.']), LIMITS)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.removeStory(STORY_GUILD, before.story.id)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.setStoryExamples(STORY_GUILD, before.story.id, ['Lost?'])).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(
        store.recordUnanswered([{ guildId: STORY_GUILD, channelId: null, question: 'Lost question?', at: Date.now() }]),
      ).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.topUnanswered(STORY_GUILD, 0, 15)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.pruneUnanswered()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.loadStories([LATE_GUILD])).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(titles(store.listStories(STORY_GUILD))).toEqual(['Before']);

      await server.start();
      await waitFor(() => store.connected, 'the store to reconnect');
      // Nothing of the refused writes was kept, and nothing changed: nothing was announced.
      expect(await rows('SELECT title, examples FROM stories ORDER BY id')).toEqual([
        { title: 'Before', examples: [] },
      ]);
      expect(await rows('SELECT question FROM unanswered')).toEqual([]);
      expect(heard).toEqual([]);

      // A server whose load failed was loaded on reconnecting: an article added there now is seen.
      await rows(`INSERT INTO stories (guild_id, title, paragraphs, paragraph_count, content_key, added_by, added_at)
                VALUES ('${LATE_GUILD}', 'Late', '["Late."]', 1, 'late', 'u', 1)`);
      await rows(`SELECT pg_notify('footnote_stories', '${LATE_GUILD}')`);
      await waitFor(() => store.listStories(LATE_GUILD).length === 1, 'the late server to be read');

      // A change whose notification never came (written without one), then every Footnote connection
      // cut: the reload after reconnecting finds it and says so.
      await rows(`INSERT INTO stories (guild_id, title, paragraphs, paragraph_count, content_key, added_by, added_at)
                VALUES ('${STORY_GUILD}', 'Unannounced', '["Quietly."]', 1, 'quiet', 'u', 2)`);
      await rows("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'footnote'");
      await waitFor(() => heard.includes(STORY_GUILD), 'the reload to announce the change');
      expect(titles(store.listStories(STORY_GUILD))).toEqual(['Before', 'Unannounced']);
      expect(heard).toEqual([LATE_GUILD, STORY_GUILD]);
      // Writes work again.
      expect((await store.addStory(story('After', ['Again.']), LIMITS)).ok).toBe(true);
      await store.recordUnanswered([
        { guildId: STORY_GUILD, channelId: null, question: 'Kept question?', at: Date.now() },
      ]);
      expect(await store.topUnanswered(STORY_GUILD, 0, 15)).toEqual([
        expect.objectContaining({ question: 'Kept question?', count: 1 }),
      ]);
      await store.close();
    }, 60_000);

    it('a connection cut in the middle of a write keeps nothing of it, and the next write works', async () => {
      const store = await PostgresStore.open(url, { log });
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        // Hold the table so the write waits inside its transaction, then cut Footnote's connections.
        await admin.query('BEGIN');
        await admin.query('LOCK TABLE guild_channels IN ACCESS EXCLUSIVE MODE');
        const write = store.addChannel(GUILD, 'cut-off', true);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'footnote' AND pid <> pg_backend_pid()",
        );
        await admin.query('COMMIT');
        await expect(write).rejects.toBeInstanceOf(StoreUnavailableError);
      } finally {
        await admin.end();
      }
      expect(await rows("SELECT channel_id FROM guild_channels WHERE channel_id = 'cut-off'")).toEqual([]);
      expect(store.listChannels(GUILD).some((s) => s.channelId === 'cut-off')).toBe(false);
      expect(await store.addChannel(GUILD, 'next', false)).toBe(true);
      await store.close();
    }, 60_000);
  },
);
