/**
 * @packageDocumentation
 * The receiving side's reference: subscribe to gateways' topics (shared subscriptions for scale-out),
 * decode with the catalogs from births, de-duplicate by (gateway, sequence), spot gaps, and render
 * readable lines.
 */
export { formatEvent, formatReading } from './console-format.js';
export { INGEST_ERROR_CODES, type IngestErrorCode, ingestError } from './errors.js';
// The status page, its JSON API, /metrics and /healthz (docs/ingest.md, "Status page and API").
export * from './http/index.js';
export {
  type IngestBatch,
  IngestClient,
  type IngestEvents,
  type IngestOptions,
  type IngestStats,
  startIngest,
} from './ingest-client.js';
export { SequenceTracker, type SequenceTrackerOptions, type SequenceVerdict } from './sequence-tracker.js';
// Building status colour: the versioned rules, computed incrementally (docs/building-status.md).
export * from './status/index.js';
export { NO_READINGS, readingsToColumns } from './storage/columns.js';
export { loadMigrations, type Migration, migrate } from './storage/migrate.js';
export { openPgliteStore, type PgliteStoreOptions, pgliteDatabase } from './storage/pglite.js';
export {
  openPostgresStore,
  type PostgresStoreOptions,
  parsePostgresUrl,
  postgresDatabase,
} from './storage/postgres.js';
export type { SqlDatabase, SqlRunner } from './storage/sql.js';
export { SqlStore } from './storage/sql-store.js';
export type {
  BatchToStore,
  BuildingRow,
  Gap,
  GatewayHealth,
  IngestStore,
  LatestReading,
  ReadingColumns,
  ReadingRow,
  SequenceRange,
  StoreBatchResult,
  StoredEvent,
  StoreInfo,
} from './storage/store.js';
export { qualityString } from './storage/store.js';
export { IngestWorker, type IngestWorkerEvents, type IngestWorkerOptions } from './worker/ingest-worker.js';
export { type IngestMetrics, type RejectReason, rejectReasons } from './worker/metrics.js';
