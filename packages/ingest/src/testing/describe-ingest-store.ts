import { type Catalog, type FireEvent, GOOD, type Reading } from '@firecode/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_READINGS, readingsToColumns } from '../storage/columns.js';
import type { BatchToStore, IngestStore } from '../storage/store.js';

/** One store under test, on a fresh database. */
export interface StoreFixture {
  store: IngestStore;
  /** A second store on the same database, as a second worker process would open it (PostgreSQL only). */
  openAnother?: () => Promise<IngestStore>;
  /** Closes the stores and removes the database. */
  dispose(): Promise<void>;
}

/** The catalog the conformance suite stores. */
export const conformanceCatalog: Catalog = {
  gatewayId: 'gw-a',
  building: { id: 'B-1', name: 'Tower One', address: '1 Test Road' },
  components: [
    { id: 'pt-1', systemType: 11, componentType: 0, location: { floor: 2, text: 'riser-2F' } },
    { id: 'panel-1', systemType: 1, componentType: 1, name: 'panel' },
  ],
  points: [
    { id: 'p-1', component: 'pt-1', kind: 'pressure', unit: 'kPa', thresholds: { low: 100 } },
    { id: 'p-2', component: 'pt-1', kind: 'level', unit: 'm' },
  ],
};

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 3, 8, 0, 0);

function batch(
  sequence: number,
  readings: Reading[],
  events: FireEvent[] = [],
  extra: Partial<BatchToStore> = {},
): BatchToStore {
  return {
    gatewayId: 'gw-a',
    sequence: BigInt(sequence),
    type: readings.length > 0 || events.length === 0 ? 'data' : 'alarm',
    historical: false,
    receivedAt: T0 + sequence * 1000,
    catalogHash: 'hash-1',
    readings: readings.length > 0 ? readingsToColumns(readings) : NO_READINGS,
    events,
    ...extra,
  };
}
const pressure = (time: number, value: number | null): Reading => ({
  point: 'p-1',
  time,
  value,
  quality: value === null ? { level: 'bad', reason: 'communication-failure' } : GOOD,
});
const fire = (time: number, active: boolean): FireEvent => ({
  time,
  kind: 'fire',
  active,
  component: 'panel-1',
  systemType: 1,
  componentType: 40,
  loop: 1,
  address: 23,
});

/**
 * The conformance suite every {@link IngestStore} passes: exactly-once under redelivery, gaps opened
 * and closed by late batches, events' lifecycle, retention dropping old partitions, re-runnable
 * migrations, and the read side. `open` gives a fresh, migrated store per test, or a reason to skip.
 */
export function describeIngestStore(
  name: string,
  open: () => Promise<StoreFixture>,
  skipReason?: string,
): void {
  describe.skipIf(skipReason !== undefined)(
    `IngestStore conformance: ${name}${skipReason ? ` (skipped: ${skipReason})` : ''}`,
    () => {
      let fixture: StoreFixture;
      let store: IngestStore;
      beforeEach(async () => {
        fixture = await open();
        store = fixture.store;
      });
      afterEach(async () => {
        await fixture.dispose();
      });

      it('re-runs migrations safely, also several at once, and reports what it applied', async () => {
        expect(await store.migrate()).toEqual([]);
        expect(await Promise.all([store.migrate(), store.migrate()])).toEqual([[], []]);
        const info = await store.info();
        expect(info.migrations).toEqual([1, 2]);
        expect(info.readingsLayout).toBe('partitioned');
      });

      it('stores a batch once: the same (gateway, sequence) again, even concurrently, is a duplicate and changes nothing', async () => {
        await store.storeCatalog(conformanceCatalog, 'hash-1', T0);
        const first = batch(1, [pressure(T0, 412), pressure(T0 + 1000, 413)]);
        expect((await store.storeBatch(first)).outcome).toBe('stored');
        expect((await store.storeBatch(first)).outcome).toBe('duplicate');
        const again = batch(2, [pressure(T0 + 2000, 414)]);
        const outcomes = await Promise.all(Array.from({ length: 5 }, () => store.storeBatch(again)));
        expect(outcomes.filter((o) => o.outcome === 'stored')).toHaveLength(1);
        expect(await store.counts()).toEqual({ batches: 2, readings: 3, events: 0 });
      });

      it('stores exactly once across two stores on one database (two workers)', async (context) => {
        if (!fixture.openAnother) {
          context.skip();
          return;
        }
        const other = await fixture.openAnother();
        try {
          await Promise.all([
            store.storeCatalog(conformanceCatalog, 'hash-1', T0),
            other.storeCatalog(conformanceCatalog, 'hash-1', T0),
          ]);
          const results = await Promise.all(
            Array.from({ length: 20 }, (_, i) => {
              const b = batch(1 + (i % 10), [pressure(T0 + i * 1000, 400 + i)]);
              return (i % 2 === 0 ? store : other).storeBatch(b);
            }),
          );
          expect(results.filter((r) => r.outcome === 'stored')).toHaveLength(10);
          expect(await store.counts()).toMatchObject({ batches: 10, readings: 10 });
          const [health] = await other.gatewayHealth();
          expect(health).toMatchObject({ gatewayId: 'gw-a', batches: 10, lastSequence: 10n, openGaps: [] });
        } finally {
          await other.close();
        }
      });

      it('opens a gap when sequences jump and closes it as the late batches arrive, splitting it when one lands inside', async () => {
        await store.storeCatalog(conformanceCatalog, 'hash-1', T0);
        await store.storeBatch(batch(1, [pressure(T0, 1)]));
        expect((await store.storeBatch(batch(10, [pressure(T0, 10)]))).gapsOpened).toEqual([
          { from: 2n, to: 9n },
        ]);
        expect((await store.storeBatch(batch(5, [pressure(T0, 5)]))).filledGap).toBe(true);
        let health = (await store.gatewayHealth())[0]!;
        expect(health.openGaps).toEqual([
          { from: 2n, to: 4n },
          { from: 6n, to: 9n },
        ]);
        for (const s of [2, 3, 4, 6, 7, 8]) await store.storeBatch(batch(s, [pressure(T0, s)]));
        health = (await store.gatewayHealth())[0]!;
        expect(health.openGaps).toEqual([{ from: 9n, to: 9n }]);
        expect((await store.storeBatch(batch(9, [pressure(T0, 9)]))).filledGap).toBe(true);
        expect((await store.gatewayHealth())[0]!.openGaps).toEqual([]);
        const gaps = await store.gaps('gw-a');
        expect(gaps.every((gap) => gap.closedAt !== null)).toBe(true);
        expect(health.lastSequence).toBe(10n);
        // A late batch below a closed gap (a replay of one stored) is a duplicate, not a gap change.
        expect((await store.storeBatch(batch(9, [pressure(T0, 9)]))).outcome).toBe('duplicate');
      });

      it('handles sequences past 2^63 (the wire allows 64-bit unsigned)', async () => {
        await store.storeCatalog(conformanceCatalog, 'hash-1', T0);
        const big = 2n ** 64n - 2n;
        await store.storeBatch({ ...batch(1, [pressure(T0, 1)]), sequence: big - 2n });
        await store.storeBatch({ ...batch(2, [pressure(T0, 2)]), sequence: big });
        const health = (await store.gatewayHealth())[0]!;
        expect(health.lastSequence).toBe(big);
        expect(health.openGaps).toEqual([{ from: big - 1n, to: big - 1n }]);
      });

      it('upserts the catalog carried with a batch whose birth was not stored, and refuses readings of unknown points', async () => {
        expect(
          (await store.storeBatch({ ...batch(1, [pressure(T0, 412)]), catalog: conformanceCatalog })).outcome,
        ).toBe('stored');
        const unknown = batch(2, [{ ...pressure(T0, 1), point: 'p-nope' }]);
        await expect(store.storeBatch(unknown)).rejects.toMatchObject({ code: 'INGEST_STORE_UNKNOWN_POINT' });
        // Rolled back whole: the sequence is still free.
        expect((await store.storeBatch(batch(2, [pressure(T0, 2)]))).outcome).toBe('stored');
        expect(await store.counts()).toMatchObject({ batches: 2, readings: 2 });
      });

      it('serves the read side: buildings, latest readings, a point history, gateway health with rejections', async () => {
        await store.storeCatalog(conformanceCatalog, 'hash-1', T0);
        await store.storeBatch(
          batch(1, [pressure(T0, 412), pressure(T0 + 1000, 415.5), pressure(T0 + 2000, null)]),
        );
        await store.recordRejected('gw-a', 'forged', T0);
        await store.recordRejected('gw-a', 'forged', T0 + 1);
        await store.recordRejected('gw-a', 'malformed', T0 + 2);
        await store.storeState('gw-a', true, T0);
        const buildings = await store.listBuildings();
        expect(buildings).toEqual([
          { id: 'B-1', name: 'Tower One', address: '1 Test Road', gatewayIds: ['gw-a'], lastSeen: T0 + 1000 },
        ]);
        const latest = await store.latestReadings('B-1');
        expect(latest.map((l) => [l.pointId, l.value, l.quality, l.time])).toEqual([
          ['p-1', null, 'bad:communication-failure', T0 + 2000],
          ['p-2', null, null, null],
        ]);
        expect(latest[0]).toMatchObject({
          kind: 'pressure',
          unit: 'kPa',
          thresholds: { low: 100 },
          componentId: 'pt-1',
        });
        const history = await store.readings(latest[0]!.pointRef, T0, T0 + 2000);
        expect(history).toEqual([
          { time: T0, value: 412, quality: 'good' },
          { time: T0 + 1000, value: 415.5, quality: 'good' },
        ]);
        const [health] = await store.gatewayHealth();
        expect(health).toMatchObject({
          gatewayId: 'gw-a',
          buildingId: 'B-1',
          batches: 1,
          lastSequence: 1n,
          rejected: { forged: 2, malformed: 1 },
        });
        expect(await store.latestReadings('B-nope')).toEqual([]);
        expect(await store.catalog('gw-a', 'hash-1')).toEqual(conformanceCatalog);
        expect(await store.catalog('gw-a', 'hash-other')).toBeUndefined();
      });

      it('keeps an event active from raised to cleared, ignores repeats, and a panel reset clears fire alarms', async () => {
        await store.storeCatalog(conformanceCatalog, 'hash-1', T0);
        await store.storeBatch(batch(1, [], [fire(T0, true)]));
        await store.storeBatch(batch(2, [], [fire(T0 + 500, true)]));
        const active = await store.activeEvents('B-1');
        expect(active).toHaveLength(1);
        expect(active[0]).toMatchObject({
          kind: 'fire',
          loop: 1,
          address: 23,
          raisedAt: T0,
          clearedAt: null,
          buildingId: 'B-1',
        });
        expect(await store.activeEvents()).toHaveLength(1);
        await store.storeBatch(batch(3, [], [fire(T0 + 2000, false)]));
        expect(await store.activeEvents('B-1')).toEqual([]);
        await store.storeBatch(batch(4, [], [fire(T0 + 3000, true)]));
        expect(await store.activeEvents('B-1')).toHaveLength(1);
        const reset: FireEvent = {
          time: T0 + 4000,
          kind: 'reset',
          active: true,
          component: 'panel-1',
          systemType: 1,
          componentType: 1,
        };
        await store.storeBatch(batch(5, [], [reset]));
        expect(await store.activeEvents('B-1')).toEqual([]);
        expect((await store.counts()).events).toBe(3);
      });

      it('online, restored and unshielded end what they clear and are stored as instants (event-lifecycle.ts)', async () => {
        await store.storeCatalog(conformanceCatalog, 'hash-1', T0);
        const event = (time: number, kind: FireEvent['kind'], extra: Partial<FireEvent> = {}): FireEvent => ({
          time,
          kind,
          active: true,
          component: 'panel-1',
          systemType: 1,
          componentType: 1,
          ...extra,
        });
        await store.storeBatch(
          batch(
            1,
            [],
            [
              event(T0, 'offline'),
              event(T0, 'fault', { loop: 1, address: 7 }),
              event(T0, 'fault', { loop: 2, address: 3 }),
              event(T0, 'shielded', { loop: 1, address: 9 }),
            ],
          ),
        );
        expect((await store.activeEvents('B-1')).map((e) => e.kind).sort()).toEqual([
          'fault',
          'fault',
          'offline',
          'shielded',
        ]);
        await store.storeBatch(
          batch(
            2,
            [],
            [
              event(T0 + 1000, 'online'),
              event(T0 + 1000, 'restored', { loop: 1, address: 7 }),
              event(T0 + 1000, 'unshielded', { loop: 1, address: 9 }),
            ],
          ),
        );
        const left = await store.activeEvents('B-1');
        expect(left.map((e) => [e.kind, e.loop, e.address])).toEqual([['fault', 2, 3]]);
      });

      it('creates daily partitions ahead and retention drops the days past it, with their readings', async () => {
        const now = T0;
        await store.ensurePartitions(now, 2);
        expect(await store.partitionDays()).toEqual(['2026-12-03', '2026-12-04', '2026-12-05']);
        await store.storeCatalog(conformanceCatalog, 'hash-1', now);
        await store.storeBatch(
          batch(1, [pressure(now - 10 * DAY, 1), pressure(now - 8 * DAY, 2)], [], { historical: true }),
        );
        await store.storeBatch(batch(2, [pressure(now - DAY, 3), pressure(now, 4)]));
        expect(await store.partitionDays()).toEqual([
          '2026-11-23',
          '2026-11-25',
          '2026-12-02',
          '2026-12-03',
          '2026-12-04',
          '2026-12-05',
        ]);
        expect(await store.applyRetention(9, now)).toEqual(['readings_20261123']);
        expect(await store.applyRetention(7, now)).toEqual(['readings_20261125']);
        expect(await store.applyRetention(7, now)).toEqual([]);
        expect((await store.counts()).readings).toBe(2);
        // A late reading for a dropped day gets its partition again (and goes at the next retention run).
        await store.storeBatch(batch(3, [pressure(now - 10 * DAY, 5)], [], { historical: true }));
        expect((await store.counts()).readings).toBe(3);
      });
    },
  );
}
