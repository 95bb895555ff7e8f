import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, expect, it } from 'vitest';
import { describeIngestStore } from '../testing/describe-ingest-store.js';
import { openPgliteStore, pgliteDatabase } from './pglite.js';
import { SqlStore } from './sql-store.js';

// Starting PGlite (initdb in WASM) takes seconds: one instance for the suite, emptied between tests.
let shared: Promise<PGlite> | undefined;
afterAll(async () => {
  await (await shared)?.close();
});

describeIngestStore('PGlite (in memory)', async () => {
  shared ??= PGlite.create('memory://');
  const db = await shared;
  const database = pgliteDatabase(db);
  const store = new SqlStore({ ...database, close: async () => undefined });
  await store.migrate();
  return {
    store,
    dispose: async () => {
      await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    },
  };
});

it('keeps its data in the directory across a close and a reopen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'firecode-pglite-'));
  try {
    const first = await openPgliteStore({ dataDir: join(dir, 'db') });
    await first.recordRejected('gw-x', 'malformed', Date.UTC(2026, 11, 3));
    await first.close();
    const second = await openPgliteStore({ dataDir: join(dir, 'db') });
    expect(await second.migrate()).toEqual([]);
    expect((await second.info()).migrations).toEqual([1, 2]);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
