import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A throw-away PostgreSQL database for one test run: `firecode_test_<random>` created on the server
 * at `FIRECODE_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/postgres`, the admin
 * database) and dropped afterwards. Where no server answers, {@link createTestDatabase} resolves to
 * `undefined` with the reason, so tests skip saying why.
 */
export interface TestDatabase {
  /** URL of the new database. */
  url: string;
  name: string;
  /** Drops the database (terminating connections left open). */
  drop(): Promise<void>;
}

/** The admin URL the test databases are created through. */
export function adminUrl(): string {
  return process.env['FIRECODE_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Why PostgreSQL cannot be used for tests, or undefined when it can. */
export async function postgresUnavailable(url = adminUrl()): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `no PostgreSQL at ${url} (${(error as Error).message}); .ci/run starts one`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates `firecode_test_<random>`; resolves to undefined when no server answers. */
export async function createTestDatabase(url = adminUrl()): Promise<TestDatabase | undefined> {
  if (await postgresUnavailable(url)) return undefined;
  const name = `firecode_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return {
    url: dbUrl.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
