import type { Catalog, FireEvent } from '@firecode/schema';
import { ingestError } from '../errors.js';
import { CLEARING_RULES, type ClearingRule, INSTANT_KINDS } from '../event-lifecycle.js';
import { numberArray, textArray } from './array-literals.js';
import { migrate } from './migrate.js';
import { dayOf, dayStart, parsePartitionName, partitionName } from './partition-days.js';
import type { SqlDatabase, SqlRunner } from './sql.js';
import type {
  BatchToStore,
  BuildingRow,
  Gap,
  GatewayHealth,
  IngestStore,
  LatestReading,
  ReadingRow,
  SequenceRange,
  StoreBatchResult,
  StoredEvent,
  StoreInfo,
} from './store.js';

/** Milliseconds since the epoch of a timestamptz column, as a float8 (the same JS number on pg and PGlite). */
const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;
const DAY_MS = 86_400_000;
/** Transaction-level advisory lock key for creating reading partitions (concurrent workers). */
const PARTITION_LOCK_KEY = 7_140_002;

type Tx = SqlRunner;

/**
 * The one implementation of {@link IngestStore} over SQL: `openPostgresStore` and `openPgliteStore`
 * hand it their database, so both engines run these very statements.
 */
export class SqlStore implements IngestStore {
  readonly #db: SqlDatabase;
  /** Point refs per gateway, learnt from committed transactions only. */
  readonly #pointRefs = new Map<string, Map<string, number>>();
  /** Gateways known to have a row (committed). */
  readonly #gateways = new Set<string>();
  /** Days (YYYY-MM-DD) that have a readings partition (committed). */
  readonly #days = new Set<string>();
  #layout: StoreInfo['readingsLayout'] | undefined;

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  /** Applies pending migrations; returns the versions applied now. */
  async migrate(): Promise<number[]> {
    const applied = await migrate(this.#db);
    this.#layout = undefined;
    return applied;
  }

  async info(): Promise<StoreInfo> {
    const rows = await this.#db.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    return {
      engine: this.#db.engine,
      readingsLayout: await this.#readingsLayout(),
      migrations: rows.map((row) => Number(row.version)),
    };
  }

  async #readingsLayout(): Promise<StoreInfo['readingsLayout']> {
    if (this.#layout) return this.#layout;
    const rows = await this.#db.query(
      "SELECT 1 FROM pg_partitioned_table WHERE partrelid = 'readings'::regclass",
    );
    this.#layout = rows.length > 0 ? 'partitioned' : 'hypertable';
    return this.#layout;
  }

  // ---------------------------------------------------------------- write side

  async storeCatalog(catalog: Catalog, catalogHash: string, receivedAt: number): Promise<void> {
    const refs = await this.#db.transaction((tx) =>
      this.#upsertCatalog(tx, catalog, catalogHash, receivedAt),
    );
    this.#gateways.add(catalog.gatewayId);
    this.#pointRefs.set(catalog.gatewayId, refs);
  }

  async #upsertCatalog(
    tx: Tx,
    catalog: Catalog,
    catalogHash: string | undefined,
    receivedAt: number,
  ): Promise<Map<string, number>> {
    const gatewayId = catalog.gatewayId;
    const buildingId = catalog.building?.id ?? gatewayId;
    await tx.query(
      `INSERT INTO buildings (id, name, address) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = COALESCE(EXCLUDED.name, buildings.name),
         address = COALESCE(EXCLUDED.address, buildings.address), updated_at = now()`,
      [buildingId, catalog.building?.name ?? null, catalog.building?.address ?? null],
    );
    await tx.query(
      `INSERT INTO gateways (id, building_id, catalog_hash, catalog, last_seen)
       VALUES ($1, $2, $3, $4::jsonb, to_timestamp($5::float8 / 1000))
       ON CONFLICT (id) DO UPDATE SET building_id = EXCLUDED.building_id,
         catalog_hash = COALESCE(EXCLUDED.catalog_hash, gateways.catalog_hash),
         catalog = EXCLUDED.catalog,
         last_seen = GREATEST(gateways.last_seen, EXCLUDED.last_seen)`,
      [gatewayId, buildingId, catalogHash ?? null, JSON.stringify(catalog), receivedAt],
    );
    const devices = catalog.components.map((c) => ({
      id: c.id,
      system_type: c.systemType,
      component_type: c.componentType,
      name: c.name ?? null,
      location: c.location ?? null,
    }));
    if (devices.length > 0) {
      await tx.query(
        `INSERT INTO devices (gateway_id, id, system_type, component_type, name, location)
         SELECT $1, d.id, d.system_type, d.component_type, d.name, d.location
         FROM jsonb_to_recordset($2::jsonb) AS d(id text, system_type smallint, component_type smallint, name text, location jsonb)
         ON CONFLICT (gateway_id, id) DO UPDATE SET system_type = EXCLUDED.system_type,
           component_type = EXCLUDED.component_type, name = EXCLUDED.name, location = EXCLUDED.location`,
        [gatewayId, JSON.stringify(devices)],
      );
    }
    const points = catalog.points.map((p) => ({
      id: p.id,
      component_id: p.component,
      kind: p.kind,
      unit: p.unit,
      name: p.name ?? null,
      thresholds: p.thresholds ?? null,
      range: p.range ?? null,
    }));
    if (points.length > 0) {
      await tx.query(
        `INSERT INTO points (gateway_id, id, component_id, kind, unit, name, thresholds, range)
         SELECT $1, p.id, p.component_id, p.kind, p.unit, p.name, p.thresholds, p.range
         FROM jsonb_to_recordset($2::jsonb) AS p(id text, component_id text, kind text, unit text, name text, thresholds jsonb, range jsonb)
         ON CONFLICT (gateway_id, id) DO UPDATE SET component_id = EXCLUDED.component_id, kind = EXCLUDED.kind,
           unit = EXCLUDED.unit, name = EXCLUDED.name, thresholds = EXCLUDED.thresholds, range = EXCLUDED.range`,
        [gatewayId, JSON.stringify(points)],
      );
    }
    const rows = await tx.query<{ ref: number; id: string }>(
      'SELECT ref, id FROM points WHERE gateway_id = $1',
      [gatewayId],
    );
    return new Map(rows.map((row) => [row.id, Number(row.ref)]));
  }

  async storeBatch(batch: BatchToStore): Promise<StoreBatchResult> {
    const { readings } = batch;
    // Partitions first, in their own transaction: DDL under the batch's transaction would hold the
    // parent table's lock for as long as the batch takes.
    if (readings.length > 0 && (await this.#readingsLayout()) === 'partitioned') {
      const days = new Set<string>();
      for (let i = 0; i < readings.length; i++) days.add(dayOf(readings.times[i]!));
      const missing = [...days].filter((day) => !this.#days.has(day));
      if (missing.length > 0) await this.#createPartitions(missing);
    }
    const learnt: { refs?: Map<string, number> } = {};
    const result = await this.#db.transaction(async (tx) => {
      if (!this.#gateways.has(batch.gatewayId)) await this.#ensureGateway(tx, batch.gatewayId);
      const inserted = await tx.query(
        `INSERT INTO batches (gateway_id, sequence, type, historical, received_at, catalog_hash, readings, events, bytes)
         VALUES ($1, $2::numeric, $3, $4, to_timestamp($5::float8 / 1000), $6, $7, $8, $9)
         ON CONFLICT (gateway_id, sequence) DO NOTHING RETURNING 1 AS stored`,
        [
          batch.gatewayId,
          batch.sequence.toString(),
          batch.type,
          batch.historical,
          batch.receivedAt,
          batch.catalogHash ?? null,
          readings.length,
          batch.events.length,
          batch.bytes ?? null,
        ],
      );
      if (inserted.length === 0) {
        return { outcome: 'duplicate', gapsOpened: [], filledGap: false } satisfies StoreBatchResult;
      }
      const sequencing = await this.#sequence(tx, batch);
      if (readings.length > 0) {
        const refs = await this.#refsFor(tx, batch, learnt);
        const pointRefs = new Array<number>(readings.length);
        for (let i = 0; i < readings.length; i++) pointRefs[i] = refs.get(readings.points[i]!)!;
        await tx.query(
          `INSERT INTO readings (point_ref, time, value, quality)
           SELECT r, to_timestamp(t / 1000), v, q FROM unnest($1::integer[], $2::float8[], $3::float8[], $4::text[]) AS u(r, t, v, q)`,
          [
            numberArray(pointRefs, readings.length),
            numberArray(readings.times, readings.length),
            numberArray(readings.values, readings.length),
            textArray(readings.qualities, readings.length),
          ],
        );
      }
      for (const event of batch.events) await this.#storeEvent(tx, batch, event);
      return { outcome: 'stored', ...sequencing } satisfies StoreBatchResult;
    });
    // Only now, after the commit, is what the transaction learnt true for everyone.
    this.#gateways.add(batch.gatewayId);
    if (learnt.refs) this.#pointRefs.set(batch.gatewayId, learnt.refs);
    return result;
  }

  async #ensureGateway(tx: Tx, gatewayId: string): Promise<void> {
    await tx.query('INSERT INTO buildings (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [gatewayId]);
    await tx.query('INSERT INTO gateways (id, building_id) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING', [
      gatewayId,
    ]);
  }

  /** Point refs for every point of the batch: the cache, the table, or the batch's catalog upserted now. */
  async #refsFor(
    tx: Tx,
    batch: BatchToStore,
    learnt: { refs?: Map<string, number> },
  ): Promise<Map<string, number>> {
    const { readings } = batch;
    const known = (refs: Map<string, number> | undefined) => {
      if (!refs) return false;
      for (let i = 0; i < readings.length; i++) if (!refs.has(readings.points[i]!)) return false;
      return true;
    };
    let refs = this.#pointRefs.get(batch.gatewayId);
    if (known(refs)) return refs!;
    const rows = await tx.query<{ ref: number; id: string }>(
      'SELECT ref, id FROM points WHERE gateway_id = $1',
      [batch.gatewayId],
    );
    refs = new Map(rows.map((row) => [row.id, Number(row.ref)]));
    if (!known(refs) && batch.catalog) {
      refs = await this.#upsertCatalog(tx, batch.catalog, batch.catalogHash, batch.receivedAt);
    }
    if (!known(refs)) {
      const missing = [...new Set(readings.points.slice(0, readings.length))].filter((id) => !refs!.has(id));
      throw ingestError(
        'INGEST_STORE_UNKNOWN_POINT',
        `batch ${batch.sequence} of gateway ${batch.gatewayId} has readings of points its stored catalog does not list (${missing.slice(0, 5).join(', ')}): store the gateway's birth first or pass the catalog with the batch`,
        { details: { gatewayId: batch.gatewayId, missing } },
      );
    }
    learnt.refs = refs;
    return refs;
  }

  /**
   * Gap bookkeeping under the gateway row's lock (so concurrent workers see one order): a batch past
   * the highest stored sequence + 1 opens a gap below it; a batch below fills the open gap that holds it.
   */
  async #sequence(tx: Tx, batch: BatchToStore): Promise<Omit<StoreBatchResult, 'outcome'>> {
    const [gateway] = await tx.query<{ last_sequence: string | null }>(
      'SELECT last_sequence::text AS last_sequence FROM gateways WHERE id = $1 FOR UPDATE',
      [batch.gatewayId],
    );
    const last = gateway?.last_sequence == null ? undefined : BigInt(gateway.last_sequence);
    const sequence = batch.sequence;
    const gapsOpened: SequenceRange[] = [];
    let filledGap = false;
    if (last !== undefined && sequence > last + 1n) {
      gapsOpened.push({ from: last + 1n, to: sequence - 1n });
      await tx.query(
        `INSERT INTO gaps (gateway_id, from_sequence, to_sequence, opened_at)
         VALUES ($1, $2::numeric, $3::numeric, to_timestamp($4::float8 / 1000))`,
        [batch.gatewayId, (last + 1n).toString(), (sequence - 1n).toString(), batch.receivedAt],
      );
    } else if (last !== undefined && sequence < last) {
      filledGap = await this.#fillGap(tx, batch);
    }
    await tx.query(
      `UPDATE gateways SET
         last_sequence = GREATEST(COALESCE(last_sequence, $2::numeric), $2::numeric),
         last_seen = GREATEST(COALESCE(last_seen, to_timestamp($3::float8 / 1000)), to_timestamp($3::float8 / 1000)),
         batches = batches + 1
       WHERE id = $1`,
      [batch.gatewayId, sequence.toString(), batch.receivedAt],
    );
    return { gapsOpened, filledGap };
  }

  async #fillGap(tx: Tx, batch: BatchToStore): Promise<boolean> {
    const s = batch.sequence;
    const [gap] = await tx.query<{ id: string; from_sequence: string; to_sequence: string }>(
      `SELECT id::text AS id, from_sequence::text AS from_sequence, to_sequence::text AS to_sequence FROM gaps
       WHERE gateway_id = $1 AND closed_at IS NULL AND from_sequence <= $2::numeric AND to_sequence >= $2::numeric
       FOR UPDATE`,
      [batch.gatewayId, s.toString()],
    );
    if (!gap) return false;
    const from = BigInt(gap.from_sequence);
    const to = BigInt(gap.to_sequence);
    const at = batch.receivedAt;
    if (from === s && to === s) {
      await tx.query('UPDATE gaps SET closed_at = to_timestamp($2::float8 / 1000) WHERE id = $1::bigint', [
        gap.id,
        at,
      ]);
    } else if (from === s) {
      await tx.query('UPDATE gaps SET from_sequence = $2::numeric WHERE id = $1::bigint', [
        gap.id,
        (s + 1n).toString(),
      ]);
    } else if (to === s) {
      await tx.query('UPDATE gaps SET to_sequence = $2::numeric WHERE id = $1::bigint', [
        gap.id,
        (s - 1n).toString(),
      ]);
    } else {
      // Split: the lower part keeps the row, the upper part is a new open row seen at the same time.
      await tx.query('UPDATE gaps SET to_sequence = $2::numeric WHERE id = $1::bigint', [
        gap.id,
        (s - 1n).toString(),
      ]);
      await tx.query(
        `INSERT INTO gaps (gateway_id, from_sequence, to_sequence, opened_at)
         SELECT gateway_id, $2::numeric, $3::numeric, opened_at FROM gaps WHERE id = $1::bigint`,
        [gap.id, (s + 1n).toString(), to.toString()],
      );
    }
    return true;
  }

  async #storeEvent(tx: Tx, batch: BatchToStore, event: FireEvent): Promise<void> {
    const key = [
      batch.gatewayId,
      event.component,
      event.kind,
      event.point ?? null,
      event.loop ?? null,
      event.address ?? null,
    ];
    const sameKey = `gateway_id = $1 AND component_id = $2 AND kind = $3 AND point_id IS NOT DISTINCT FROM $4
      AND loop IS NOT DISTINCT FROM $5::integer AND address IS NOT DISTINCT FROM $6::integer AND cleared_at IS NULL`;
    const sequence = batch.sequence.toString();
    if (!event.active) {
      await tx.query(
        `UPDATE events SET cleared_at = to_timestamp($7::float8 / 1000), cleared_sequence = $8::numeric WHERE ${sameKey}`,
        [...key, event.time, sequence],
      );
      return;
    }
    const instant = INSTANT_KINDS.has(event.kind);
    if (!instant) {
      const open = await tx.query(`SELECT 1 FROM events WHERE ${sameKey} LIMIT 1`, key);
      if (open.length > 0) return; // raised before and not cleared: a repeat of the same condition
    }
    await tx.query(
      `INSERT INTO events (gateway_id, building_id, kind, component_id, system_type, component_type, point_id,
         loop, address, description, source, raised_at, raised_sequence, cleared_at, cleared_sequence)
       SELECT $1, g.building_id, $3, $2, $7, $8, $4, $5::integer, $6::integer, $9, $10::jsonb,
         to_timestamp($11::float8 / 1000), $12::numeric,
         CASE WHEN $13::boolean THEN to_timestamp($11::float8 / 1000) END,
         CASE WHEN $13::boolean THEN $12::numeric END
       FROM gateways g WHERE g.id = $1`,
      [
        ...key,
        event.systemType,
        event.componentType,
        event.description ?? null,
        event.source ? JSON.stringify(event.source) : null,
        event.time,
        sequence,
        instant,
      ],
    );
    const rule = CLEARING_RULES[event.kind];
    if (rule !== undefined) await this.#clearBy(tx, batch, event, rule, sequence);
  }

  /** An instant that ends standing events (reset, restored, online, unshielded): the rules of event-lifecycle.ts. */
  async #clearBy(tx: Tx, batch: BatchToStore, event: FireEvent, rule: ClearingRule, sequence: string) {
    const where = ['gateway_id = $1', 'cleared_at IS NULL', 'kind = ANY($4::text[])'];
    const params: unknown[] = [batch.gatewayId, event.time, sequence, [...rule.clears]];
    const equal = (column: string, value: unknown, cast = '') => {
      params.push(value ?? null);
      where.push(`${column} IS NOT DISTINCT FROM $${params.length}${cast}`);
    };
    if (rule.scope === 'same-system') {
      // A reset of system type 0 (general, e.g. the transmission device) resets every system.
      if (event.systemType !== 0) equal('system_type', event.systemType, '::integer');
    } else {
      equal('component_id', event.component);
      if (rule.scope === 'same-key') {
        equal('point_id', event.point);
        equal('loop', event.loop, '::integer');
        equal('address', event.address, '::integer');
      } else {
        if (event.loop !== undefined) equal('loop', event.loop, '::integer');
        if (event.address !== undefined) equal('address', event.address, '::integer');
      }
    }
    await tx.query(
      `UPDATE events SET cleared_at = to_timestamp($2::float8 / 1000), cleared_sequence = $3::numeric
       WHERE ${where.join(' AND ')}`,
      params,
    );
  }

  async catalog(gatewayId: string, catalogHash: string): Promise<Catalog | undefined> {
    const [row] = await this.#db.query<{ catalog: Catalog }>(
      'SELECT catalog FROM gateways WHERE id = $1 AND catalog_hash = $2',
      [gatewayId, catalogHash],
    );
    return row?.catalog ?? undefined;
  }

  async storeState(gatewayId: string, online: boolean, time: number): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await this.#ensureGateway(tx, gatewayId);
      await tx.query(
        `UPDATE gateways SET online = $2, online_changed_at = to_timestamp($3::float8 / 1000),
           last_seen = GREATEST(COALESCE(last_seen, to_timestamp($3::float8 / 1000)), to_timestamp($3::float8 / 1000))
         WHERE id = $1 AND (online_changed_at IS NULL OR online_changed_at <= to_timestamp($3::float8 / 1000))`,
        [gatewayId, online, time],
      );
    });
    this.#gateways.add(gatewayId);
  }

  async recordRejected(gatewayId: string, reason: string, time: number): Promise<void> {
    await this.#db.query(
      `INSERT INTO rejections (gateway_id, reason, count, last_at) VALUES ($1, $2, 1, to_timestamp($3::float8 / 1000))
       ON CONFLICT (gateway_id, reason) DO UPDATE SET count = rejections.count + 1,
         last_at = GREATEST(rejections.last_at, EXCLUDED.last_at)`,
      [gatewayId, reason, time],
    );
  }

  // ---------------------------------------------------------------- partitions

  async #createPartitions(days: string[]): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
      for (const day of days) {
        const start = dayStart(day);
        await tx.exec(
          `CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF readings
           FOR VALUES FROM ('${new Date(start).toISOString()}') TO ('${new Date(start + DAY_MS).toISOString()}')`,
        );
      }
    });
    for (const day of days) this.#days.add(day);
  }

  async ensurePartitions(now: number, daysAhead = 2): Promise<void> {
    if ((await this.#readingsLayout()) !== 'partitioned') return;
    const days: string[] = [];
    for (let d = 0; d <= daysAhead; d++) days.push(dayOf(now + d * DAY_MS));
    await this.#createPartitions(days);
  }

  async partitionDays(): Promise<string[]> {
    if ((await this.#readingsLayout()) !== 'partitioned') return [];
    const rows = await this.#db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'readings'::regclass`,
    );
    return rows
      .map((row) => parsePartitionName(row.name))
      .filter((day): day is string => day !== undefined)
      .sort();
  }

  async applyRetention(retentionDays: number, now: number): Promise<string[]> {
    const cutoff = now - retentionDays * DAY_MS;
    if ((await this.#readingsLayout()) === 'hypertable') {
      await this.#db.query(`SELECT drop_chunks('readings', older_than => to_timestamp($1::float8 / 1000))`, [
        cutoff,
      ]);
      return [];
    }
    const dropped: string[] = [];
    for (const day of await this.partitionDays()) {
      if (dayStart(day) + DAY_MS > cutoff) continue; // part of the day is still kept
      await this.#db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
        await tx.exec(`DROP TABLE IF EXISTS ${partitionName(day)}`);
      });
      this.#days.delete(day);
      dropped.push(partitionName(day));
    }
    return dropped;
  }

  // ---------------------------------------------------------------- read side

  async listBuildings(): Promise<BuildingRow[]> {
    const rows = await this.#db.query<{
      id: string;
      name: string | null;
      address: string | null;
      gateway_ids: string[];
      last_seen: number | null;
    }>(
      `SELECT b.id, b.name, b.address, json_agg(g.id ORDER BY g.id) AS gateway_ids, ${ms('max(g.last_seen)')} AS last_seen
       FROM buildings b JOIN gateways g ON g.building_id = b.id
       GROUP BY b.id, b.name, b.address ORDER BY b.id`,
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      address: row.address,
      gatewayIds: row.gateway_ids,
      lastSeen: row.last_seen === null ? null : Math.round(row.last_seen),
    }));
  }

  async latestReadings(buildingId: string): Promise<LatestReading[]> {
    const rows = await this.#db.query<{
      ref: number;
      gateway_id: string;
      id: string;
      component_id: string;
      kind: string;
      unit: string;
      name: string | null;
      thresholds: LatestReading['thresholds'];
      time: number | null;
      value: number | null;
      quality: string | null;
    }>(
      `SELECT p.ref, p.gateway_id, p.id, p.component_id, p.kind, p.unit, p.name, p.thresholds,
         ${ms('r.time')} AS time, r.value, r.quality
       FROM points p JOIN gateways g ON g.id = p.gateway_id
       LEFT JOIN LATERAL (
         SELECT time, value, quality FROM readings WHERE point_ref = p.ref ORDER BY time DESC LIMIT 1
       ) r ON true
       WHERE g.building_id = $1 ORDER BY p.gateway_id, p.id`,
      [buildingId],
    );
    return rows.map((row) => ({
      pointRef: Number(row.ref),
      gatewayId: row.gateway_id,
      pointId: row.id,
      componentId: row.component_id,
      kind: row.kind,
      unit: row.unit,
      name: row.name,
      thresholds: row.thresholds,
      time: row.time === null ? null : Math.round(row.time),
      value: row.value,
      quality: row.quality,
    }));
  }

  async activeEvents(buildingId?: string): Promise<StoredEvent[]> {
    const rows = await this.#db.query<Record<string, unknown>>(
      `SELECT id::float8 AS id, gateway_id, building_id, kind, component_id, system_type, component_type, point_id,
         loop, address, description, ${ms('raised_at')} AS raised_at, ${ms('cleared_at')} AS cleared_at
       FROM events WHERE cleared_at IS NULL AND ($1::text IS NULL OR building_id = $1)
       ORDER BY raised_at DESC, id DESC`,
      [buildingId ?? null],
    );
    return rows.map((row) => ({
      id: Number(row['id']),
      gatewayId: String(row['gateway_id']),
      buildingId: String(row['building_id']),
      kind: String(row['kind']),
      componentId: String(row['component_id']),
      systemType: Number(row['system_type']),
      componentType: Number(row['component_type']),
      pointId: (row['point_id'] as string | null) ?? null,
      loop: row['loop'] === null ? null : Number(row['loop']),
      address: row['address'] === null ? null : Number(row['address']),
      description: (row['description'] as string | null) ?? null,
      raisedAt: Math.round(Number(row['raised_at'])),
      clearedAt: row['cleared_at'] === null ? null : Math.round(Number(row['cleared_at'])),
    }));
  }

  async readings(pointRef: number, from: number, to: number): Promise<ReadingRow[]> {
    const rows = await this.#db.query<{ time: number; value: number | null; quality: string }>(
      `SELECT ${ms('time')} AS time, value, quality FROM readings
       WHERE point_ref = $1 AND time >= to_timestamp($2::float8 / 1000) AND time < to_timestamp($3::float8 / 1000)
       ORDER BY time`,
      [pointRef, from, to],
    );
    return rows.map((row) => ({ time: Math.round(row.time), value: row.value, quality: row.quality }));
  }

  async gatewayHealth(): Promise<GatewayHealth[]> {
    const rows = await this.#db.query<{
      id: string;
      building_id: string;
      last_seen: number | null;
      last_sequence: string | null;
      batches: number;
      gaps: { from: string; to: string }[] | null;
      rejected: Record<string, number> | null;
    }>(
      `SELECT g.id, g.building_id, ${ms('g.last_seen')} AS last_seen, g.last_sequence::text AS last_sequence,
         g.batches::float8 AS batches,
         (SELECT json_agg(json_build_object('from', from_sequence::text, 'to', to_sequence::text) ORDER BY from_sequence)
            FROM gaps WHERE gateway_id = g.id AND closed_at IS NULL) AS gaps,
         (SELECT json_object_agg(reason, count) FROM rejections WHERE gateway_id = g.id) AS rejected
       FROM gateways g ORDER BY g.id`,
    );
    return rows.map((row) => ({
      gatewayId: row.id,
      buildingId: row.building_id,
      lastSeen: row.last_seen === null ? null : Math.round(row.last_seen),
      lastSequence: row.last_sequence === null ? null : BigInt(row.last_sequence),
      batches: Number(row.batches),
      openGaps: (row.gaps ?? []).map((gap) => ({ from: BigInt(gap.from), to: BigInt(gap.to) })),
      rejected: Object.fromEntries(
        Object.entries(row.rejected ?? {}).map(([reason, count]) => [reason, Number(count)]),
      ),
    }));
  }

  async gaps(gatewayId: string): Promise<Gap[]> {
    const rows = await this.#db.query<{
      from: string;
      to: string;
      opened_at: number;
      closed_at: number | null;
    }>(
      `SELECT from_sequence::text AS "from", to_sequence::text AS "to", ${ms('opened_at')} AS opened_at,
         ${ms('closed_at')} AS closed_at
       FROM gaps WHERE gateway_id = $1 ORDER BY from_sequence, id`,
      [gatewayId],
    );
    return rows.map((row) => ({
      gatewayId,
      from: BigInt(row.from),
      to: BigInt(row.to),
      openedAt: Math.round(row.opened_at),
      closedAt: row.closed_at === null ? null : Math.round(row.closed_at),
    }));
  }

  async counts(): Promise<{ batches: number; readings: number; events: number }> {
    const [row] = await this.#db.query<{ batches: number; readings: number; events: number }>(
      `SELECT (SELECT count(*) FROM batches)::float8 AS batches, (SELECT count(*) FROM readings)::float8 AS readings,
         (SELECT count(*) FROM events)::float8 AS events`,
    );
    return { batches: Number(row!.batches), readings: Number(row!.readings), events: Number(row!.events) };
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}
