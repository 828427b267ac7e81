/**
 * vitest globalSetup: one throwaway PostgreSQL server for the whole run (tests/support/postgres.ts),
 * handed to the test files through `inject('postgres')` (see postgresForTests). Without PostgreSQL
 * binaries the PostgreSQL suites are skipped, and this says so plainly; with FOOTNOTE_REQUIRE_POSTGRES=1
 * (.ci/run) that is an error instead.
 */
import type { TestProject } from 'vitest/node';
import { REQUIRE_ENV, findPostgres, startPostgres, type PostgresServer } from './postgres.ts';

export type ProvidedPostgres = { readonly adminUrl: string } | { readonly skip: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ProvidedPostgres;
  }
}

function banner(reason: string): void {
  process.stderr.write(
    `\n*** PostgreSQL suites SKIPPED: ${reason}.\n` +
      `*** The SQLite suites ran as usual. (.ci/run installs PostgreSQL and sets ${REQUIRE_ENV}=1, so CI never skips them.)\n\n`,
  );
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const required = process.env[REQUIRE_ENV] === '1';
  const found = findPostgres();
  let server: PostgresServer;
  try {
    if ('missing' in found) throw new Error(found.missing);
    server = await startPostgres(found);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (required) throw new Error(`${REQUIRE_ENV}=1, but PostgreSQL cannot run: ${reason}`, { cause: error });
    banner(reason);
    project.provide('postgres', { skip: reason });
    // Again after the summary, where it is read.
    return () => {
      banner(reason);
      return Promise.resolve();
    };
  }
  project.provide('postgres', { adminUrl: server.url() });
  return () => server.destroy();
}
