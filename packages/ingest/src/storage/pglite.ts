import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlDatabase, SqlRunner } from './sql.js';
import { SqlStore } from './sql-store.js';

/** Options of {@link openPgliteStore}. */
export interface PgliteStoreOptions {
  /** Directory of the database's files (created if missing); `memory://` for a throw-away one. */
  dataDir: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

function runner(db: PGlite | Transaction): SqlRunner & { exec(sql: string): Promise<void> } {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const result = await db.query<Row>(sql, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

/** A PGlite instance as a {@link SqlDatabase}: one connection, transactions run one at a time. */
export function pgliteDatabase(db: PGlite): SqlDatabase {
  const plain = runner(db);
  return {
    engine: 'pglite',
    query: plain.query,
    transaction: (work) => db.transaction((tx) => work(runner(tx))),
    async close() {
      await db.close();
    },
  };
}

/** Opens (and by default migrates) the embedded PostgreSQL (PGlite) store in `dataDir`. */
export async function openPgliteStore(options: PgliteStoreOptions): Promise<SqlStore> {
  if (!options.dataDir.includes('://')) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const store = new SqlStore(pgliteDatabase(db));
  if (options.migrate !== false) await store.migrate();
  return store;
}
