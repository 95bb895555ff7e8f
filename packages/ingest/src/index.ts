/**
 * @packageDocumentation
 * The receiving side's reference: subscribe to gateways' topics (shared subscriptions for scale-out),
 * decode with the catalogs from births, de-duplicate by (gateway, sequence), spot gaps, and render
 * readable lines.
 */
export { formatEvent, formatReading } from './console-format.js';
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
