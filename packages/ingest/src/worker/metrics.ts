/** Why a message was rejected: each reason has its own counter and log line. */
export const rejectReasons = ['forged', 'replayed', 'unknownCatalog', 'malformed', 'oversize'] as const;
/** One of {@link rejectReasons}. */
export type RejectReason = (typeof rejectReasons)[number];

/**
 * Counters of one {@link IngestWorker} since it started, for `/metrics` (Prometheus counters, except
 * the gauges noted). Plain numbers so that any exporter can render them.
 */
export interface IngestMetrics {
  /** MQTT messages received on the subscriptions. */
  received: number;
  /** Births stored (every worker stores every birth; the upsert is idempotent). */
  births: number;
  /** State (online/offline) messages stored. */
  states: number;
  /** Data/alarm/status messages committed now. */
  batchesStored: number;
  /** Readings in those batches. */
  readingsStored: number;
  /** Events in those batches. */
  eventsStored: number;
  /** Messages the broker redelivered (DUP flag) that had been committed before: acknowledged, nothing stored. */
  redelivered: number;
  /** Rejected messages per reason (never stored as data; `replayed`: a batch committed before, sent again without the DUP flag). */
  rejected: Record<RejectReason, number>;
  /** Gaps opened by batches that jumped ahead of their gateway's sequence. */
  gapsOpened: number;
  /** Late batches that filled (part of) a gap. */
  gapsFilled: number;
  /** Failed attempts to store (the database was unreachable or refused); the message was retried, not acknowledged. */
  storeErrors: number;
  /** Gauge: 1 while connected and subscribed. */
  connected: number;
  /** Gauge: latest commit's duration, ms. */
  lastCommitMs: number;
}

/** A fresh set of counters. */
export function emptyMetrics(): IngestMetrics {
  return {
    received: 0,
    births: 0,
    states: 0,
    batchesStored: 0,
    readingsStored: 0,
    eventsStored: 0,
    redelivered: 0,
    rejected: { forged: 0, replayed: 0, unknownCatalog: 0, malformed: 0, oversize: 0 },
    gapsOpened: 0,
    gapsFilled: 0,
    storeErrors: 0,
    connected: 0,
    lastCommitMs: 0,
  };
}

/** The reason a codec error code stands for. */
export function reasonOf(code: string | undefined): RejectReason {
  switch (code) {
    case 'CODEC_SIGNATURE_MISSING':
    case 'CODEC_SIGNATURE_WRONG_KEY':
    case 'CODEC_SIGNATURE_INVALID':
    case 'CODEC_SIGNATURE_UNVERIFIED':
    case 'INGEST_TOPIC_MISMATCH':
      return 'forged';
    case 'CODEC_UNKNOWN_CATALOG':
    case 'CODEC_CATALOG_HASH_MISMATCH':
    case 'CODEC_UNKNOWN_POINT':
    case 'INGEST_STORE_UNKNOWN_POINT':
      return 'unknownCatalog';
    case 'CODEC_LIMIT_EXCEEDED':
    case 'INGEST_OVERSIZE':
      return 'oversize';
    default:
      return 'malformed';
  }
}
