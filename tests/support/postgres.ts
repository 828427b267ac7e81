/**
 * A throwaway PostgreSQL server for tests and `npm run bench:bot`: initdb in a temporary
 * directory, started with pg_ctl on a free port of 127.0.0.1 (and a Unix socket in that directory),
 * stopped and deleted afterwards. As root (CI), initdb and the server run as the `postgres` user,
 * since PostgreSQL refuses to run as root.
 *
 * Binaries are looked for in /usr/lib/postgresql/<newest>/bin (Debian's `postgresql` package) and
 * PATH, or only in FOOTNOTE_PG_BIN when that is set. `findPostgres()` says why when there are none.
 */
import { spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Set by .ci/run: missing or broken PostgreSQL fails the run instead of skipping its suites. */
export const REQUIRE_ENV = 'FOOTNOTE_REQUIRE_POSTGRES';

export type PostgresBinaries = { readonly bin: string } | { readonly missing: string };

export function findPostgres(env: NodeJS.ProcessEnv = process.env, debian = '/usr/lib/postgresql'): PostgresBinaries {
  // An explicit choice is the only place looked in (a given version; or a missing one, to see the skip).
  const chosen = env['FOOTNOTE_PG_BIN'];
  const candidates: string[] = [];
  if (chosen !== undefined && chosen !== '') candidates.push(chosen);
  else {
    if (existsSync(debian)) {
      const versions = readdirSync(debian)
        .filter((name) => /^\d+(\.\d+)?$/.test(name))
        .sort((a, b) => Number(b) - Number(a));
      for (const version of versions) candidates.push(path.join(debian, version, 'bin'));
    }
    for (const dir of (env['PATH'] ?? '').split(path.delimiter)) if (dir !== '') candidates.push(dir);
  }
  const found = candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')));
  if (found !== undefined) return { bin: found };
  const where = chosen !== undefined && chosen !== '' ? `FOOTNOTE_PG_BIN (${chosen})` : `${debian}/*/bin or PATH`;
  return {
    missing:
      `no PostgreSQL server binaries (initdb, pg_ctl) in ${where}; ` +
      "install Debian's postgresql package (apt-get install -y postgresql) to run them",
  };
}

/** The uid and gid of `postgres` when we are root (PostgreSQL refuses root), else undefined. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (line === undefined) throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function run(
  command: string,
  args: string[],
  user: { uid: number; gid: number } | undefined,
  cwd: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' },
      ...(user ?? {}),
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresServer {
  readonly port: number;
  /** A connection URL for `database` (default `postgres`) as the superuser `footnote`. */
  url(database?: string): string;
  /** Creates a new, empty database and returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server (fast shutdown: connections are cut), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and deletes everything. */
  destroy(): Promise<void>;
}

let databases = 0;

export async function startPostgres(binaries?: { bin: string }): Promise<PostgresServer> {
  const found = binaries ?? findPostgres();
  if ('missing' in found) throw new Error(`PostgreSQL: ${found.missing}`);
  const { bin } = found;
  const user = runAs();
  // As root, TMPDIR may be somewhere the postgres user cannot reach (/root/...): /tmp it is.
  const root = mkdtempSync(path.join(user === undefined ? tmpdir() : '/tmp', 'footnote-pg-'));
  if (user !== undefined) chownSync(root, user.uid, user.gid);
  const data = path.join(root, 'data');
  const port = await freePort();
  // --no-sync only skips fsync while initdb writes the template databases; the server itself runs with fsync on.
  await run(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'footnote', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    user,
    root,
  );
  const options = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${root}'`,
    '-c max_connections=200',
    '-c shared_buffers=32MB',
  ].join(' ');
  const ctl = (...args: string[]): Promise<string> => run(path.join(bin, 'pg_ctl'), ['-D', data, ...args], user, root);
  let running = false;
  const server: PostgresServer = {
    port,
    url: (database = 'postgres') => `postgres://footnote@127.0.0.1:${port}/${database}`,
    async createDatabase(prefix = 'footnote') {
      const name = `${prefix}_${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: server.url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return server.url(name);
    },
    async stop() {
      if (!running) return;
      await ctl('-m', 'fast', '-w', 'stop');
      running = false;
    },
    async start() {
      if (running) return;
      const log = path.join(root, 'server.log');
      try {
        await ctl('-l', log, '-o', options, '-w', '-t', '60', 'start');
      } catch (error) {
        const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '(no server log)';
        throw new Error(`${error instanceof Error ? error.message : String(error)}\nserver log:\n${tail}`, {
          cause: error,
        });
      }
      running = true;
    },
    async destroy() {
      try {
        await server.stop();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
  try {
    await server.start();
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return server;
}
