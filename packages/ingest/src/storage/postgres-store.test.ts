import { expect, it } from 'vitest';
import { describeIngestStore } from '../testing/describe-ingest-store.js';
import { createTestDatabase, postgresUnavailable } from '../testing/postgres-test-db.js';
import { openPostgresStore, parsePostgresUrl } from './postgres.js';

const unavailable = await postgresUnavailable();

describeIngestStore(
  'PostgreSQL (firecode_test_<random> on the local server)',
  async () => {
    const database = await createTestDatabase();
    if (!database) throw new Error('PostgreSQL went away');
    const store = await openPostgresStore({ url: database.url });
    const others: { close(): Promise<void> }[] = [];
    return {
      store,
      openAnother: async () => {
        const other = await openPostgresStore({ url: database.url });
        others.push(other);
        return other;
      },
      dispose: async () => {
        await store.close();
        await database.drop();
      },
    };
  },
  unavailable,
);

it.skipIf(unavailable !== undefined)(
  'migrates once when several workers open a fresh database together',
  async () => {
    const database = (await createTestDatabase())!;
    try {
      const stores = await Promise.all(
        Array.from({ length: 3 }, () => openPostgresStore({ url: database.url })),
      );
      for (const store of stores) expect((await store.info()).migrations).toEqual([1, 2]);
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await database.drop();
    }
  },
);

it('says what is wrong with a database URL', async () => {
  expect(() => parsePostgresUrl('mysql://x')).toThrow(/postgres:\/\/user@host:port\/database/);
  expect(() => parsePostgresUrl('nonsense')).toThrow(/is not a URL/);
  await expect(openPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/x' })).rejects.toMatchObject({
    code: 'INGEST_STORE_CONNECT',
  });
});
