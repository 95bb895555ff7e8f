import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ingestError } from '../errors.js';
import type { SqlDatabase } from './sql.js';

/** One versioned migration: `NNN-name.sql`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Key of the transaction-level advisory lock that lets one migrator at a time through (any number of workers may start together). */
export const MIGRATION_LOCK_KEY = 7_140_001;

function migrationsDir(): string {
  // Beside this file under src/ (tests, tsx), or copied to dist/migrations by the build.
  for (const relative of ['./migrations/', '../migrations/', './storage/migrations/']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    try {
      if (readdirSync(dir).some((file) => file.endsWith('.sql'))) return dir;
    } catch {
      // not here
    }
  }
  throw ingestError(
    'INGEST_STORE_MIGRATIONS_MISSING',
    `no SQL migrations found beside ${fileURLToPath(import.meta.url)}: reinstall @firecode/ingest (its src/storage/migrations or dist/migrations folder is missing)`,
  );
}

/** The migrations shipped with this package, ascending by version. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}-[a-z0-9-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(`${dir}/${file}`, 'utf8'),
    }));
}

/**
 * Applies the migrations not applied yet, in one transaction behind an advisory lock: concurrent
 * workers starting together wait for the first, then find nothing left to do. Safe to re-run.
 * Returns the versions applied now.
 */
export async function migrate(db: SqlDatabase, migrations = loadMigrations()): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((row) =>
        Number(row.version),
      ),
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw ingestError(
          'INGEST_STORE_MIGRATION_FAILED',
          `migration ${migration.version}-${migration.name}.sql failed: ${(error as Error).message}. Nothing of it was applied; fix the database or the migration and run \`firecode-ingest migrate\` again`,
          { cause: error, details: { version: migration.version } },
        );
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
