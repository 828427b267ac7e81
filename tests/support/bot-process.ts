/**
 * Spawning the real bot (as `npm start` does: `node --import tsx src/main.ts`) and
 * `scripts/deploy-commands.ts` for end-to-end tests, with helpers to wait for its logs and exit.
 *
 * Every variable the bot reads is set explicitly (blank = default), so a developer's .env never
 * leaks into a test run (dotenv does not override variables that are already set).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type Env = Record<string, string>;

/** Every variable Footnote reads, with test defaults. */
export function botEnv(overrides: Env = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(DISCORD_|CORPUS_|DATA_DIR$|DATABASE_URL$|SHARD_COUNT$|SHARD_LIST$|SHARDS$|SHARDING_MANAGER|LOG_LEVEL$|ASK_COOLDOWN|ANSWER_PASSAGES$|DOTENV_|STORIES_|RECORD_UNANSWERED$)/.test(
        key,
      )
    )
      continue;
    base[key] = value;
  }
  return {
    ...base,
    DISCORD_TOKEN: '',
    DISCORD_CLIENT_ID: '',
    DISCORD_GUILD_ID: '',
    DISCORD_API_URL: '',
    DISCORD_MESSAGE_CONTENT: 'false',
    CORPUS_DIR: 'corpus',
    CORPUS_FURNITURE: 'Advertisement',
    ANSWER_PASSAGES: '3',
    DATA_DIR: '',
    DATABASE_URL: '',
    SHARD_COUNT: '',
    SHARD_LIST: '',
    LOG_LEVEL: 'info',
    ASK_COOLDOWN_SECONDS: '0',
    STORIES_MAX_PER_SERVER: '',
    STORIES_MAX_PARAGRAPHS: '',
    STORIES_MAX_FILE_BYTES: '',
    STORIES_MAX_PAGE_BYTES: '',
    STORIES_FETCH_ALLOW_LOOPBACK: 'false',
    RECORD_UNANSWERED: '',
    ...overrides,
  };
}

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class BotProcess {
  readonly logs: LogLine[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<ExitResult>;
  private exitResult: ExitResult | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    let partial = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line) as LogLine);
        } catch {
          // not a log line
        }
      }
      this.notify();
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify();
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitResult = { code, signal };
        this.notify();
        resolve({ code, signal });
      });
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  get exitCode(): number | null | undefined {
    return this.exitResult?.code;
  }

  /** Resolves with the first log line (past or future) matching `predicate`. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs = 15_000, what = 'a log line'): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.logs.find(predicate);
        if (found !== undefined) {
          cleanup();
          resolve(found);
        } else if (this.exitResult !== undefined) {
          cleanup();
          reject(
            new Error(
              `bot exited (${JSON.stringify(this.exitResult)}) before ${what}\nstderr: ${this.stderr}\nstdout: ${this.stdout.slice(-3000)}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}\nstderr: ${this.stderr}\nstdout: ${this.stdout.slice(-3000)}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Log lines of handled interactions (`msg: "interaction"`). */
  interactionLogs(): LogLine[] {
    return this.logs.filter((line) => line.msg === 'interaction');
  }

  /** Resolves with the exit, or rejects after `timeoutMs` (killing the process). */
  async waitForExit(timeoutMs = 15_000): Promise<ExitResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(
          new Error(
            `bot did not exit within ${timeoutMs} ms\nstderr: ${this.stderr}\nstdout: ${this.stdout.slice(-3000)}`,
          ),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends a signal (default SIGTERM) and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<ExitResult> {
    if (this.exitResult !== undefined) return this.exitResult;
    this.child.kill(signal);
    return this.waitForExit(timeoutMs);
  }
}

/** Starts `node --import tsx src/main.ts` in the repository with `botEnv(env)`. */
export function spawnBot(env: Env = {}): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env: botEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new BotProcess(child);
}

/** Starts the bot and waits until it is connected (its "connected to Discord" log line). */
export async function startBot(env: Env, timeoutMs = 20_000): Promise<BotProcess> {
  const bot = spawnBot(env);
  await bot.waitForLog((line) => line.msg === 'connected to Discord', timeoutMs, 'the bot to connect');
  return bot;
}

/**
 * Starts the bot with SHARD_COUNT set (discord.js's ShardingManager, one child process per shard;
 * their logs come through the same stdout) and waits for the manager's "all shards ready".
 */
export async function startShardedBot(env: Env, timeoutMs = 60_000): Promise<BotProcess> {
  const bot = spawnBot(env);
  await bot.waitForLog((line) => line.msg === 'all shards ready', timeoutMs, 'every shard to be ready');
  return bot;
}

/** The pid of each shard's current process, from the manager's "shard process started" lines. */
export function shardPids(bot: BotProcess): Map<number, number> {
  const pids = new Map<number, number>();
  for (const line of bot.logs) {
    if (line.msg === 'shard process started' && typeof line['shard'] === 'number' && typeof line['pid'] === 'number') {
      pids.set(line['shard'], line['pid']);
    }
  }
  return pids;
}

/** Runs `scripts/deploy-commands.ts` to completion. */
export function runDeployCommands(
  env: Env,
  timeoutMs = 30_000,
): Promise<ExitResult & { stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/deploy-commands.ts'], {
      cwd: REPO_ROOT,
      env: botEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`deploy-commands did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A fresh temporary directory, and a function that removes it. */
export function tempDir(prefix = 'footnote-e2e-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What `addAutoChannel` needs of the Discord test double. */
interface SlashCommandSender {
  sendSlashCommand(interaction: {
    name: string;
    options: { name: string; type: number; options: { name: string; type: number; value: string | boolean }[] }[];
  }): { settled(): Promise<unknown> };
}

/** `/channels add channel:<id> auto:true`, as a moderator would, waiting for the confirmation. */
export async function addAutoChannel(double: SlashCommandSender, channelId: string): Promise<void> {
  await double
    .sendSlashCommand({
      name: 'channels',
      options: [
        {
          name: 'add',
          type: 1,
          options: [
            { name: 'channel', type: 7, value: channelId },
            { name: 'auto', type: 5, value: true },
          ],
        },
      ],
    })
    .settled();
}
