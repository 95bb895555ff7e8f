import pg from 'pg';
import { ingestError } from '../errors.js';
import type { SqlDatabase, SqlRunner } from './sql.js';
import { SqlStore } from './sql-store.js';

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user@host:port/database`. */
  url: string;
  /** Connections in the pool (default 4): a worker stores one batch at a time; reads of the status page use the rest. */
  poolSize?: number;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

function runner(client: pg.PoolClient | pg.Pool): SqlRunner & { exec(sql: string): Promise<void> } {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const result = await client.query(sql, params as unknown[] | undefined);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      // The simple query protocol (no parameters) runs several statements at once.
      await client.query(sql);
    },
  };
}

/** The `pg` pool as a {@link SqlDatabase}. */
export function postgresDatabase(pool: pg.Pool): SqlDatabase {
  const plain = runner(pool);
  return {
    engine: 'postgres',
    query: plain.query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(runner(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Checks a `postgres://` URL, with an error that says what is wrong. */
export function parsePostgresUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw ingestError(
      'INGEST_ARGUMENTS',
      `--database "${url}" is not a URL: give postgres://user@host:port/database, e.g. postgres://postgres@127.0.0.1:5432/firecode`,
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw ingestError(
      'INGEST_ARGUMENTS',
      `--database "${url}" is a ${parsed.protocol} URL: give postgres://user@host:port/database (or leave --database out to use the embedded PGlite)`,
    );
  }
  return parsed;
}

/** Opens (and by default migrates) the store in the PostgreSQL database at `url`. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<SqlStore> {
  parsePostgresUrl(options.url);
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 4 });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw ingestError(
      'INGEST_STORE_CONNECT',
      `cannot reach PostgreSQL at ${redact(options.url)}: ${(error as Error).message}. Is the server running and the database created (createdb)?`,
      { cause: error },
    );
  }
  const store = new SqlStore(postgresDatabase(pool));
  if (options.migrate !== false) await store.migrate();
  return store;
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
