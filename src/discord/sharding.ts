/**
 * SHARD_COUNT set: discord.js's ShardingManager runs each shard of SHARD_LIST as a child process
 * (src/main.ts again; the manager tells it its shard through SHARDING_MANAGER, SHARDS and
 * SHARD_COUNT). This adds only what the manager lacks:
 *
 * - the shard count and identify rate come from GET /gateway/bot at DISCORD_API_URL (discord.js's
 *   own `auto` always asks discord.com);
 * - a shard that dies is respawned after a delay that doubles with each death in a row (1 s to
 *   60 s), where discord.js would respawn it at once, over and over;
 * - a shard that stops on a problem someone must fix (exit code EXIT_FATAL: a rejected token,
 *   sharding required, a broken corpus) stops every shard: respawning cannot help;
 * - on SIGTERM/SIGINT every shard gets SIGTERM, finishes its answers in flight, and any still
 *   running after the limit is killed.
 */
import { ChildProcess } from 'node:child_process';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from 'discord.js';
import type { BotConfig } from '../config.js';
import { describeLoginError, FatalBotError } from './bot.js';
import { errorInfo, type Logger } from './log.js';

/** A shard's exit code when it stopped on a problem someone must fix (EX_CONFIG in sysexits.h). */
export const EXIT_FATAL = 78;
/** A shard's exit code when waiting may help, e.g. the database is unreachable (EX_TEMPFAIL). */
export const EXIT_TEMPORARY = 75;

/** Discord lets `max_concurrency` shards identify per 5 seconds; discord.js's own spacing is 5.5 s. */
const IDENTIFY_WINDOW_MS = 5_500;
/** How long a starting shard may take to load the corpus, open the store and connect. */
const SPAWN_TIMEOUT_MS = 60_000;
const RESPAWN_FIRST_MS = 1_000;
const RESPAWN_MAX_MS = 60_000;
/** A shard that ran this long before dying starts its backoff from the beginning again. */
const STABLE_AFTER_MS = 60_000;

export interface GatewayInfo {
  readonly recommendedShards: number;
  readonly maxConcurrency: number;
}

/** GET /gateway/bot. Throws FatalBotError saying what to fix (rejected token, unreachable API). */
export async function fetchGatewayInfo(config: Pick<BotConfig, 'apiUrl' | 'token'>): Promise<GatewayInfo> {
  const rest = new REST({ api: config.apiUrl, retries: 1, timeout: 10_000 }).setToken(config.token);
  try {
    const info = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    return {
      recommendedShards: Math.max(1, info.shards),
      maxConcurrency: Math.max(1, info.session_start_limit.max_concurrency),
    };
  } catch (error) {
    throw new FatalBotError(describeLoginError(error, config.apiUrl));
  }
}

export interface SupervisorOptions {
  readonly config: BotConfig;
  /** SHARD_COUNT. */
  readonly count: number | 'auto';
  /** SHARD_LIST; all shards when undefined. */
  readonly list: readonly number[] | undefined;
  readonly logger: Logger;
  /** The script each shard runs (src/main.ts) and the node flags it needs (`--import tsx`). */
  readonly entry: string;
  readonly execArgv: readonly string[];
  /** A shard stopped on a problem someone must fix, after start-up: stop everything. */
  readonly onFatal: (message: string) => void;
}

interface ShardState {
  everReady: boolean;
  readyAt: number;
  deaths: number;
  timer: NodeJS.Timeout | undefined;
}

export class ShardSupervisor {
  private manager: ShardingManager | undefined;
  private readonly states = new Map<number, ShardState>();
  private stopping = false;
  /** The shard count in use (after `auto` was resolved), once started. */
  totalShards = 0;

  constructor(private readonly options: SupervisorOptions) {}

  /** Spawns every shard and waits until each is ready. Throws FatalBotError on a start-up failure. */
  async start(): Promise<void> {
    const { config, logger } = this.options;
    const gateway = await fetchGatewayInfo(config);
    const count = this.options.count === 'auto' ? gateway.recommendedShards : this.options.count;
    const list = this.options.list ?? Array.from({ length: count }, (_, i) => i);
    this.totalShards = count;
    const delay = Math.ceil(IDENTIFY_WINDOW_MS / gateway.maxConcurrency);
    logger.info(
      {
        shardCount: count,
        shards: list,
        recommended: gateway.recommendedShards,
        maxConcurrency: gateway.maxConcurrency,
        spawnDelayMs: delay,
      },
      'starting shards',
    );
    const manager = new ShardingManager(this.options.entry, {
      totalShards: count,
      shardList: list,
      mode: 'process',
      respawn: false,
      token: config.token,
      execArgv: this.options.execArgv,
    });
    this.manager = manager;
    manager.on('shardCreate', (shard) => this.watch(shard));
    try {
      await manager.spawn({ amount: count, delay, timeout: SPAWN_TIMEOUT_MS });
    } catch (error) {
      if (this.stopping) return;
      // The shard printed its own reason (its stderr is ours); this says which one and what happened.
      throw new FatalBotError(
        `A shard could not start (${errorInfo(error).message}); see its message above. Stopping every shard.`,
      );
    }
    if (!this.stopping) logger.info({ shardCount: count, shards: list }, 'all shards ready');
  }

  private watch(shard: Shard): void {
    const { logger } = this.options;
    const state: ShardState = { everReady: false, readyAt: 0, deaths: 0, timer: undefined };
    this.states.set(shard.id, state);
    // Shards run in 'process' mode, so each is a ChildProcess (never a worker thread).
    shard.on('spawn', (child) => {
      if (!(child instanceof ChildProcess)) return;
      logger.info({ shard: shard.id, pid: child.pid }, 'shard process started');
      // manager.spawn() goes on creating shards after a stop; those leave at once.
      if (this.stopping) child.kill('SIGTERM');
    });
    shard.on('ready', () => {
      state.everReady = true;
      state.readyAt = Date.now();
      logger.info({ shard: shard.id, pid: shard.process?.pid }, 'shard ready');
    });
    shard.on('death', (child) => {
      if (child instanceof ChildProcess) this.onDeath(shard, state, child);
    });
    // Errors of IPC calls we never make; logged so nothing is lost.
    shard.on('error', (error) => logger.warn({ shard: shard.id, err: errorInfo(error) }, 'shard error'));
  }

  private onDeath(shard: Shard, state: ShardState, child: ChildProcess): void {
    const { logger } = this.options;
    const exit = { shard: shard.id, pid: child.pid, code: child.exitCode, signal: child.signalCode };
    if (this.stopping) {
      logger.info(exit, 'shard stopped');
      return;
    }
    if (child.exitCode === EXIT_FATAL) {
      logger.error(exit, 'shard stopped on a problem that needs fixing');
      if (state.everReady)
        this.options.onFatal(
          `Shard ${shard.id} stopped on a problem that needs fixing (see its message above). Stopping every shard.`,
        );
      return; // before it was ever ready, manager.spawn() rejects and start() reports it
    }
    if (!state.everReady) return;
    if (Date.now() - state.readyAt > STABLE_AFTER_MS) state.deaths = 0;
    const delay = Math.min(RESPAWN_FIRST_MS * 2 ** state.deaths, RESPAWN_MAX_MS);
    state.deaths++;
    logger.warn({ ...exit, respawnInMs: delay }, 'shard died; respawning');
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (this.stopping) return;
      // A shard that dies again before it is ready comes back through onDeath with a longer delay.
      shard.spawn(SPAWN_TIMEOUT_MS).catch((error: unknown) => {
        if (!this.stopping)
          logger.warn({ shard: shard.id, err: errorInfo(error) }, 'respawned shard did not become ready');
      });
    }, delay);
  }

  /** SIGTERM to every shard (each finishes its answers in flight), SIGKILL to any left after `limitMs`. */
  async stop(limitMs: number): Promise<void> {
    this.stopping = true;
    for (const state of this.states.values()) clearTimeout(state.timer);
    const alive = [...(this.manager?.shards.values() ?? [])]
      .map((shard) => shard.process)
      .filter((child): child is ChildProcess => child !== null && child.exitCode === null && child.signalCode === null);
    const exits = alive.map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())));
    for (const child of alive) child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(exits),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, limitMs);
      }),
    ]);
    clearTimeout(timer);
    for (const child of alive) {
      if (child.exitCode === null && child.signalCode === null) {
        this.options.logger.warn({ pid: child.pid }, 'shard still running after the grace period; killing it');
        child.kill('SIGKILL');
      }
    }
  }
}
