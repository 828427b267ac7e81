/** The run's PostgreSQL server (from postgres-setup.ts) as test files use it. */
import pg from 'pg';
import { inject } from 'vitest';

export interface TestPostgres {
  /** A new, empty database on the shared server; its URL. */
  createDatabase(prefix?: string): Promise<string>;
}

let counter = 0;

/** The shared server, or why the PostgreSQL suites are skipped (`describe.skipIf`). */
export function postgresForTests():
  | { readonly postgres: TestPostgres; readonly skip: undefined }
  | { readonly postgres: undefined; readonly skip: string } {
  const provided = inject('postgres');
  if ('skip' in provided) return { postgres: undefined, skip: provided.skip };
  const adminUrl = provided.adminUrl;
  return {
    skip: undefined,
    postgres: {
      async createDatabase(prefix = 'footnote') {
        const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${++counter}`;
        const client = new pg.Client({ connectionString: adminUrl });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        return url.toString();
      },
    },
  };
}
