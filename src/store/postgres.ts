/**
 * PostgreSQL (`pg`) implementation of the store, selected by DATABASE_URL, so that every shard on
 * every machine shares one database.
 *
 * - Reads on the answering path come from memory: every server's channels are loaded at start and
 *   kept fresh by LISTEN/NOTIFY (each write notifies, inside its transaction, so only committed
 *   changes are announced). After a lost connection everything is reloaded, since notifications
 *   sent meanwhile are gone. So the bot answers while the database is away, with what it had.
 * - Writes run in a transaction with synchronous_commit=on and resolve after COMMIT returns: the
 *   change is in PostgreSQL's write-ahead log on disk before anyone is told it was saved. When the
 *   server cannot be reached they reject with StoreUnavailableError and nothing of them remains
 *   (a transaction that did not commit is rolled back by the server).
 * - The pool and the listening connection reconnect by themselves.
 * - Schema versions live in footnote_schema_migrations; migrations run in one transaction under an
 *   advisory lock, so shards starting together on several machines apply each exactly once.
 * - Guild and channel ids are text: a snowflake does not fit a JS number.
 */
import pg from 'pg';
import type { ChannelSetting, Store, StoreLog } from './settings.js';
import { QUESTION_RETENTION_MS, StoreError, StoreUnavailableError, questionKey } from './settings.js';

/**
 * Each entry takes the schema from version `index` to `index + 1`, the same versions as
 * SQLITE_MIGRATIONS in ./sqlite.ts. Never edit a shipped one; append to both.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE guild_channels (
     guild_id   text NOT NULL,
     channel_id text NOT NULL,
     auto       boolean NOT NULL DEFAULT false,
     added_at   bigint NOT NULL,
     PRIMARY KEY (guild_id, channel_id)
   );
   CREATE INDEX guild_channels_by_channel ON guild_channels (channel_id);`,
  `CREATE TABLE questions (
     key        text PRIMARY KEY,
     question   text NOT NULL,
     created_at bigint NOT NULL
   );`,
];

export const SCHEMA_VERSION = POSTGRES_MIGRATIONS.length;

/** Taken (for the transaction) by whoever migrates, so concurrent starts wait for each other. */
const MIGRATION_LOCK = 7_212_604_161_733_405n;
/** The NOTIFY channel on which writers announce which server's settings changed. */
const SETTINGS_CHANNEL = 'footnote_settings';
/** A write or read that takes longer than this is treated as the database being unreachable. */
const QUERY_TIMEOUT_MS = 5_000;
const CONNECT_TIMEOUT_MS = 3_000;
/** Reconnecting the listener: first retry after this, doubling up to the cap. */
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 10_000;
/** Questions this process remembered or recalled, kept for buttons while the database is away. */
const RECENT_QUESTIONS = 5_000;

export interface PostgresOptions {
  readonly log?: StoreLog;
  readonly now?: () => number;
}

const SILENT: StoreLog = { info: () => undefined, warn: () => undefined };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Whether an error means "the database is not there right now" rather than a bug: network errors
 * and timeouts (no SQLSTATE), connection exceptions (08…), shutdown and restart (57P…), lack of
 * resources (53…), and serialization failures or deadlocks (40001, 40P01), which a retry resolves.
 */
export function isUnavailable(error: unknown): boolean {
  const state = sqlState(error);
  if (state === undefined) return true;
  return /^(08|53|57P)/.test(state) || state === '40001' || state === '40P01';
}

/** The URL as it may be logged: without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

type Queryable = Pick<pg.ClientBase, 'query'>;

/**
 * A client checked out of the pool has no 'error' listener, and pg emits 'error' (besides failing
 * the query) when the server cuts the connection: unheard, that would crash the process. The query's
 * own rejection carries the error to the caller. Returns the function that takes the guard off.
 */
function guard(client: pg.PoolClient): () => void {
  const ignore = (): void => undefined;
  client.on('error', ignore);
  return () => client.off('error', ignore);
}

async function schemaVersion(client: Queryable): Promise<number> {
  const { rows } = await client.query<{ version: number }>(
    'SELECT coalesce(max(version), 0)::int AS version FROM footnote_schema_migrations',
  );
  return rows[0]?.version ?? 0;
}

/**
 * Brings the database forward to `target` (default: the current version) in one transaction, under
 * an advisory lock. Throws StoreError for a database newer than this Footnote. Tests use `target`
 * to build databases of earlier versions.
 */
export async function migratePostgres(client: pg.ClientBase, target = SCHEMA_VERSION): Promise<number> {
  await client.query('BEGIN');
  try {
    // Migrations may take long on a big database; the normal timeout is for answering.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS footnote_schema_migrations (
         version    integer PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const version = await schemaVersion(client);
    if (version > SCHEMA_VERSION) {
      throw new StoreError(
        `it has schema version ${version}, newer than this Footnote understands (${SCHEMA_VERSION}); run a newer Footnote or restore a backup`,
      );
    }
    for (let next = version; next < target; next++) {
      await client.query(POSTGRES_MIGRATIONS[next]!);
      await client.query('INSERT INTO footnote_schema_migrations (version) VALUES ($1)', [next + 1]);
    }
    await client.query('COMMIT');
    return Math.max(version, target);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Connection settings shared by the pool and the listener. */
function clientConfig(url: string): pg.ClientConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    statement_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'footnote',
    // Durable before confirmed, whatever postgresql.conf says.
    options: '-c synchronous_commit=on',
  };
}

export class PostgresStore implements Store {
  readonly backend = 'postgres';
  readonly location: string;
  private readonly pool: pg.Pool;
  private readonly log: StoreLog;
  /** Every server's channels, oldest first; servers without channels are absent. */
  private readonly channels = new Map<string, ChannelSetting[]>();
  /** When (in `epoch` ticks) each server's entry was last replaced, so an older full reload cannot undo it. */
  private readonly appliedAt = new Map<string, number>();
  private epoch = 0;
  /** Per-server queue: writes and reloads of one server run one at a time in this process. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly recent = new Map<string, string>();
  private readonly inflight = new Set<Promise<unknown>>();
  private listener: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelay = RECONNECT_FIRST_MS;
  private version = 0;
  private closed = false;

  private constructor(
    private readonly url: string,
    options: PostgresOptions,
  ) {
    this.location = redactUrl(url);
    this.log = options.log ?? SILENT;
    this.pool = new pg.Pool({ ...clientConfig(url), max: 4, idleTimeoutMillis: 30_000 });
    // An idle connection that breaks (server restart) is dropped by the pool; the next query opens
    // a new one. Without a listener the error would crash the process.
    this.pool.on('error', (error) => this.log.warn({ err: describe(error) }, 'an idle PostgreSQL connection broke'));
  }

  /** Connects, migrates and loads every server's settings. Throws StoreError. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const store = new PostgresStore(url, options);
    const now = options.now ?? Date.now;
    try {
      const client = await store.pool.connect();
      const detach = guard(client);
      try {
        store.version = await migratePostgres(client);
        await client.query('DELETE FROM questions WHERE created_at < $1', [now() - QUESTION_RETENTION_MS]);
      } finally {
        detach();
        client.release();
      }
      await store.listenAndReload();
    } catch (error) {
      await store.shutdown();
      throw store.openError(error);
    }
    return store;
  }

  private openError(error: unknown): StoreError {
    if (error instanceof StoreError) {
      return new StoreError(`The PostgreSQL database ${this.location} cannot be used: ${error.message}.`);
    }
    const state = sqlState(error);
    if (state === '28P01' || state === '28000' || state === '3D000' || state === '42501') {
      return new StoreError(
        `PostgreSQL at ${this.location} refused Footnote: ${describe(error)}. Check the user, password and database name in DATABASE_URL.`,
      );
    }
    if (isUnavailable(error)) {
      return new StoreError(
        `Cannot reach PostgreSQL at ${this.location}: ${describe(error)}. Check that the server is running and that DATABASE_URL points to it.`,
        { temporary: true, cause: error },
      );
    }
    return new StoreError(`The PostgreSQL database ${this.location} cannot be used: ${describe(error)}.`, { cause: error });
  }

  get schemaVersion(): number {
    return this.version;
  }

  /** Whether the listening connection is up (changes from other processes are arriving). */
  get connected(): boolean {
    return this.listener !== null;
  }

  // ---- keeping the cache fresh ----------------------------------------------------------

  /**
   * Opens the LISTEN connection and reloads everything (changes made while we were not listening
   * are otherwise unknown). Only then is the store `connected`.
   */
  private async listenAndReload(): Promise<void> {
    const client = new pg.Client(clientConfig(this.url));
    let lost = false;
    const onLost = (error?: Error): void => {
      if (lost) return;
      lost = true;
      client.end().catch(() => undefined);
      if (this.listener !== client) return; // still connecting: the caller sees the failure
      this.listener = null;
      if (this.closed) return;
      this.log.warn({ err: error === undefined ? 'connection ended' : describe(error) }, 'lost the PostgreSQL connection; answering from memory and reconnecting');
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel === SETTINGS_CHANNEL && message.payload !== undefined) this.onChanged(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SETTINGS_CHANNEL}`);
      // Listening before loading, so no change committed in between is missed.
      await this.reloadAll();
      if (lost) throw new Error('the connection was lost while reloading');
    } catch (error) {
      lost = true;
      client.end().catch(() => undefined);
      throw error;
    }
    this.listener = client;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer !== undefined) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.reconnect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return;
    try {
      await this.listenAndReload();
      this.reconnectDelay = RECONNECT_FIRST_MS;
      this.log.info({ database: this.location }, 'PostgreSQL connection restored; settings reloaded');
    } catch (error) {
      if (this.closed) return;
      this.log.warn({ err: describe(error) }, 'PostgreSQL still unreachable; retrying');
      this.scheduleReconnect();
    }
  }

  private onChanged(guildId: string): void {
    if (this.closed) return;
    this.serial(guildId, async () => {
      const rows = await this.readGuild(this.pool, guildId);
      this.apply(guildId, rows);
    }).catch((error: unknown) => {
      // The listener reconnects and reloads everything if the database went away; closing is no news.
      if (this.closed) return;
      this.log.warn({ err: describe(error), guild: guildId }, 'could not reload a server\'s settings after a change');
    });
  }

  private async reloadAll(): Promise<void> {
    const started = this.epoch;
    const { rows } = await this.pool.query<{ guild_id: string; channel_id: string; auto: boolean }>(
      'SELECT guild_id, channel_id, auto FROM guild_channels ORDER BY guild_id, added_at, channel_id',
    );
    const loaded = new Map<string, ChannelSetting[]>();
    for (const row of rows) {
      const list = loaded.get(row.guild_id) ?? [];
      list.push({ channelId: row.channel_id, auto: row.auto });
      loaded.set(row.guild_id, list);
    }
    for (const guildId of new Set([...this.channels.keys(), ...loaded.keys()])) {
      // A write or reload of this server finished after this snapshot was taken: it is newer.
      if ((this.appliedAt.get(guildId) ?? 0) > started) continue;
      this.apply(guildId, loaded.get(guildId) ?? []);
    }
  }

  private async readGuild(client: Queryable, guildId: string): Promise<ChannelSetting[]> {
    const { rows } = await client.query<{ channel_id: string; auto: boolean }>(
      'SELECT channel_id, auto FROM guild_channels WHERE guild_id = $1 ORDER BY added_at, channel_id',
      [guildId],
    );
    return rows.map((row) => ({ channelId: row.channel_id, auto: row.auto }));
  }

  private apply(guildId: string, settings: ChannelSetting[]): void {
    this.epoch++;
    this.appliedAt.set(guildId, this.epoch);
    if (settings.length === 0) this.channels.delete(guildId);
    else this.channels.set(guildId, settings);
  }

  /** Runs `work` after every earlier write or reload of this server in this process. */
  private serial<T>(guildId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(guildId) ?? Promise.resolve();
    const run = previous.then(work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(guildId, tail);
    void tail.then(() => {
      if (this.queues.get(guildId) === tail) this.queues.delete(guildId);
    });
    return run;
  }

  // ---- writes ----------------------------------------------------------------------------

  /**
   * Runs `work` in a transaction and resolves after COMMIT. Unreachable database → StoreUnavailableError;
   * the transaction is then rolled back (or dies with its connection), so nothing of it is kept.
   */
  private write<T>(what: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('the store is closed'));
    const run = (async (): Promise<T> => {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw new StoreUnavailableError(`cannot reach PostgreSQL to ${what}: ${describe(error)}`, { cause: error });
      }
      const detach = guard(client);
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        detach();
        client.release();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        detach();
        // A connection that failed is closed rather than reused.
        client.release(error instanceof Error ? error : true);
        if (isUnavailable(error)) {
          throw new StoreUnavailableError(`cannot reach PostgreSQL to ${what}: ${describe(error)}`, { cause: error });
        }
        throw error;
      }
    })();
    this.inflight.add(run);
    void run.then(
      () => this.inflight.delete(run),
      () => this.inflight.delete(run),
    );
    return run;
  }

  /** A write of one server's channels: tells other processes, re-reads the server, and updates memory after COMMIT. */
  private writeGuild<T>(guildId: string, what: string, change: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.serial(guildId, async () => {
      const { result, settings } = await this.write(what, async (client) => {
        const result = await change(client);
        await client.query('SELECT pg_notify($1, $2)', [SETTINGS_CHANNEL, guildId]);
        return { result, settings: await this.readGuild(client, guildId) };
      });
      this.apply(guildId, settings);
      return result;
    });
  }

  listChannels(guildId: string): ChannelSetting[] {
    return [...(this.channels.get(guildId) ?? [])];
  }

  addChannel(guildId: string, channelId: string, auto: boolean): Promise<boolean> {
    return this.writeGuild(guildId, 'add a channel', async (client) => {
      // xmax is 0 only on a freshly inserted row: it tells an insert from an update in one statement.
      const { rows } = await client.query<{ inserted: boolean }>(
        `INSERT INTO guild_channels (guild_id, channel_id, auto, added_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (guild_id, channel_id) DO UPDATE SET auto = EXCLUDED.auto
         RETURNING (xmax = 0) AS inserted`,
        [guildId, channelId, auto, Date.now()],
      );
      return rows[0]?.inserted === true;
    });
  }

  removeChannel(guildId: string, channelId: string): Promise<boolean> {
    return this.writeGuild(guildId, 'remove a channel', async (client) => {
      const result = await client.query('DELETE FROM guild_channels WHERE guild_id = $1 AND channel_id = $2', [guildId, channelId]);
      return (result.rowCount ?? 0) > 0;
    });
  }

  async forgetChannel(channelId: string): Promise<number> {
    const guilds = await this.write('forget a deleted channel', async (client) => {
      const { rows } = await client.query<{ guild_id: string }>(
        'DELETE FROM guild_channels WHERE channel_id = $1 RETURNING guild_id',
        [channelId],
      );
      for (const row of rows) await client.query('SELECT pg_notify($1, $2)', [SETTINGS_CHANNEL, row.guild_id]);
      return rows.map((row) => row.guild_id);
    });
    // Our own notifications reload those servers too; this makes memory right before we return.
    for (const guildId of guilds) {
      const remaining = (this.channels.get(guildId) ?? []).filter((s) => s.channelId !== channelId);
      this.apply(guildId, remaining);
    }
    return guilds.length;
  }

  private keepRecent(key: string, question: string): void {
    this.recent.delete(key);
    this.recent.set(key, question);
    if (this.recent.size > RECENT_QUESTIONS) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  async rememberQuestion(question: string): Promise<string> {
    const key = questionKey(question);
    // Remembered by this process earlier: already durable.
    if (this.recent.get(key) === question) return key;
    await this.write('remember a question', (client) =>
      client.query(
        `INSERT INTO questions (key, question, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET created_at = EXCLUDED.created_at`,
        [key, question, Date.now()],
      ),
    );
    this.keepRecent(key, question);
    return key;
  }

  async recallQuestion(key: string): Promise<string | undefined> {
    const known = this.recent.get(key);
    if (known !== undefined) return known;
    let rows: { question: string }[];
    try {
      ({ rows } = await this.pool.query<{ question: string }>('SELECT question FROM questions WHERE key = $1', [key]));
    } catch (error) {
      if (isUnavailable(error)) throw new StoreUnavailableError(`cannot reach PostgreSQL to recall a question: ${describe(error)}`, { cause: error });
      throw error;
    }
    const question = rows[0]?.question;
    if (question !== undefined) this.keepRecent(key, question);
    return question;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inflight]);
    await this.shutdown();
  }
}
