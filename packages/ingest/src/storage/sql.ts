/**
 * The little SQL surface the store needs, so that one store (`SqlStore`) runs the same queries on
 * PostgreSQL (through `pg`) and on PGlite. Parameters are `$1`-style; rows come back as plain objects.
 */
export interface SqlRunner {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** A database: queries, transactions, and several statements at once (for migrations). */
export interface SqlDatabase extends SqlRunner {
  /** `postgres` or `pglite`. */
  readonly engine: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlRunner & { exec(sql: string): Promise<void> }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
