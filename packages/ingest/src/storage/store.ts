import type { Catalog, FireEvent } from '@firecode/schema';

/**
 * The ingest's storage seam: one interface, two implementations (PostgreSQL through `pg`, PGlite
 * in-process) running the same SQL migrations, and one conformance suite (`describeIngestStore`) that
 * both pass. Everything here is plain data: times are epoch milliseconds (UTC), 64-bit sequence
 * numbers are `bigint`, ids are the strings the gateways' catalogs use.
 *
 * Write side: the worker calls {@link IngestStore.storeCatalog} for every birth and
 * {@link IngestStore.storeBatch} for every verified data/alarm/status message, and acknowledges the
 * MQTT message only after the returned promise resolves (the batch is committed then).
 *
 * Read side: what the status page and its JSON API show (buildings, latest values, active events,
 * history of one point, gateway health).
 */

/** Readings of one batch as columns (one entry per reading in each array), as a columnar decoder yields them. */
export interface ReadingColumns {
  /** Number of readings; every array below has at least this many entries. */
  length: number;
  /** Point id (as in the gateway's catalog) of each reading. */
  points: readonly string[];
  /** Epoch milliseconds (UTC) of each reading. */
  times: ArrayLike<number>;
  /** Value of each reading in its point's canonical unit; `null` when there is none. */
  values: ArrayLike<number | null>;
  /**
   * Quality of each reading as one string: `good`, `uncertain`, `bad`, or `<level>:<reason>`
   * (e.g. `bad:communication-failure`), so that columns stay flat.
   */
  qualities: readonly string[];
}

/** One verified data, alarm or status message to store, exactly once per (gateway, sequence). */
export interface BatchToStore {
  gatewayId: string;
  /** The gateway's sequence number of this message (0 to 2^64-1, unique per gateway across restarts). */
  sequence: bigint;
  /** Which topic it came on. */
  type: 'data' | 'alarm' | 'status';
  /** True for data replayed after an outage. */
  historical: boolean;
  /** When a worker received it (epoch ms): the gateway's "last seen". */
  receivedAt: number;
  /** The catalog hash the message refers to, when it names one. */
  catalogHash?: string | undefined;
  /**
   * The catalog the message was decoded with: its points and devices are upserted in the same
   * transaction when the store does not know them yet (a batch may land before its birth was stored).
   */
  catalog?: Catalog | undefined;
  /** Readings (empty for alarms). */
  readings: ReadingColumns;
  /** Events: alarms, faults, operator actions; `active: false` clears what an earlier one raised. */
  events: readonly FireEvent[];
  /** Size of the message on the wire, bytes (kept with the batch row for audit). */
  bytes?: number;
}

/** What {@link IngestStore.storeBatch} did. */
export interface StoreBatchResult {
  /** `stored`: committed now; `duplicate`: this (gateway, sequence) was committed before, nothing changed. */
  outcome: 'stored' | 'duplicate';
  /** Sequence ranges that this batch opened as gaps (missing below it), when it jumped ahead. */
  gapsOpened: SequenceRange[];
  /** True when the batch filled (part of) an open gap: it arrived late. */
  filledGap: boolean;
}

/** An inclusive range of sequence numbers. */
export interface SequenceRange {
  from: bigint;
  to: bigint;
}

/** A run of sequence numbers a gateway's stream skipped, open until late batches fill all of it. */
export interface Gap extends SequenceRange {
  gatewayId: string;
  /** When the gap was seen (epoch ms). */
  openedAt: number;
  /** When its last missing batch arrived (epoch ms); `null` while still open. */
  closedAt: number | null;
}

/** A building as the catalogs describe it. Gateways without a building in their catalog stand for one building each (id = gateway id). */
export interface BuildingRow {
  id: string;
  name: string | null;
  address: string | null;
  /** The gateways reporting for this building. */
  gatewayIds: string[];
  /** Latest time any of its gateways was heard from (epoch ms), `null` if never. */
  lastSeen: number | null;
}

/** The latest reading of one point, with what the catalog says about the point. */
export interface LatestReading {
  /** Store-wide numeric id of the point: pass it to {@link IngestStore.readings}. */
  pointRef: number;
  gatewayId: string;
  /** Point id in the gateway's catalog. */
  pointId: string;
  componentId: string;
  kind: string;
  unit: string;
  name: string | null;
  /** The point's alarm thresholds from the catalog, when it has them. */
  thresholds: { low?: number; high?: number; hysteresis?: number } | null;
  /** Epoch ms of the latest reading; `null` when no reading of the point was stored yet. */
  time: number | null;
  value: number | null;
  /** As in {@link ReadingColumns.qualities}; `null` without a reading. */
  quality: string | null;
}

/** An event's lifecycle: raised by an `active: true` event, cleared by the matching `active: false` one. */
export interface StoredEvent {
  id: number;
  gatewayId: string;
  buildingId: string;
  kind: string;
  componentId: string;
  systemType: number;
  componentType: number;
  pointId: string | null;
  loop: number | null;
  address: number | null;
  description: string | null;
  /** When it was raised (epoch ms). */
  raisedAt: number;
  /** When it cleared (epoch ms); `null` while active. Instant actions (reset, silenced) are cleared at once. */
  clearedAt: number | null;
}

/** One stored reading of a point. */
export interface ReadingRow {
  time: number;
  value: number | null;
  quality: string;
}

/** Health of one gateway, for the status page. */
export interface GatewayHealth {
  gatewayId: string;
  buildingId: string;
  /** Latest receipt of any of its messages (epoch ms), `null` if never. */
  lastSeen: number | null;
  /** Highest sequence stored. */
  lastSequence: bigint | null;
  /** Batches stored. */
  batches: number;
  /** Open gaps: ranges of sequences never received. */
  openGaps: SequenceRange[];
  /** Messages rejected per reason (counter name, e.g. `forged`), as recorded by {@link IngestStore.recordRejected}. */
  rejected: Record<string, number>;
}

/** What a store says about itself. */
export interface StoreInfo {
  /** `postgres` or `pglite`. */
  engine: 'postgres' | 'pglite';
  /** The readings table's layout: native daily partitions, or a TimescaleDB hypertable where that extension is installed. */
  readingsLayout: 'partitioned' | 'hypertable';
  /** Migration versions applied, ascending. */
  migrations: number[];
}

/** The storage of the ingest service. Implementations: `PostgresStore`, `PgliteStore`. */
export interface IngestStore {
  /** Engine, layout, applied migrations. */
  info(): Promise<StoreInfo>;
  /** Applies the SQL migrations not applied yet (safe to re-run, and from several workers at once); returns the versions applied now. */
  migrate(): Promise<number[]>;

  // ---- write side ----

  /** Upserts a gateway's catalog (building, devices, points) from its birth. Idempotent. */
  storeCatalog(catalog: Catalog, catalogHash: string, receivedAt: number): Promise<void>;
  /**
   * Stores one message in one transaction: the (gateway, sequence) row, its readings, its events'
   * lifecycle changes, gap bookkeeping and the gateway's last-seen. A (gateway, sequence) committed
   * before (by any worker sharing the database) changes nothing and yields `duplicate`.
   */
  storeBatch(batch: BatchToStore): Promise<StoreBatchResult>;
  /**
   * The catalog a gateway's stored birth has under this hash, if any: a worker that got a batch before
   * the birth (another worker stored it) decodes with it.
   */
  catalog(gatewayId: string, catalogHash: string): Promise<Catalog | undefined>;
  /** Records that a worker received a gateway's online/offline state. */
  storeState(gatewayId: string, online: boolean, time: number): Promise<void>;
  /** Counts a rejected message against its gateway (when known) and reason, for {@link gatewayHealth}. */
  recordRejected(gatewayId: string, reason: string, time: number): Promise<void>;

  // ---- partitions and retention ----

  /** Makes sure daily reading partitions exist from `from`'s day through `daysAhead` days after `now`. */
  ensurePartitions(now: number, daysAhead?: number): Promise<void>;
  /** Drops the reading partitions whose whole day lies before `now - retentionDays`; returns their names. */
  applyRetention(retentionDays: number, now: number): Promise<string[]>;
  /** The reading partitions' days, ascending, as `YYYY-MM-DD` (UTC). */
  partitionDays(): Promise<string[]>;

  // ---- read side ----

  /** Every building with its gateways. */
  listBuildings(): Promise<BuildingRow[]>;
  /** The latest reading of each point of a building's gateways (points without readings too). */
  latestReadings(buildingId: string): Promise<LatestReading[]>;
  /** Events raised and not yet cleared, newest first; of one building or of all. */
  activeEvents(buildingId?: string): Promise<StoredEvent[]>;
  /** Readings of one point (by {@link LatestReading.pointRef}) with `from <= time < to`, ascending. */
  readings(pointRef: number, from: number, to: number): Promise<ReadingRow[]>;
  /** Health of every gateway. */
  gatewayHealth(): Promise<GatewayHealth[]>;
  /** Gaps of one gateway (open and closed), oldest first. */
  gaps(gatewayId: string): Promise<Gap[]>;
  /** Counts for tests and the bench: batches and readings stored. */
  counts(): Promise<{ batches: number; readings: number; events: number }>;

  /** Releases connections (the PGlite store also flushes its data directory). */
  close(): Promise<void>;
}

/** Packs a reading's quality into the one string {@link ReadingColumns.qualities} holds. */
export function qualityString(quality: { level: string; reason?: string | undefined }): string {
  return quality.reason ? `${quality.level}:${quality.reason}` : quality.level;
}
