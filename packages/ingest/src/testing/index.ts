/**
 * Test helpers of @firecode/ingest (not part of the runtime API): the IngestStore conformance suite
 * and throw-away PostgreSQL databases.
 */
export { conformanceCatalog, describeIngestStore, type StoreFixture } from './describe-ingest-store.js';
export { flakyStore } from './flaky-store.js';
export { adminUrl, createTestDatabase, postgresUnavailable, type TestDatabase } from './postgres-test-db.js';
