import type { Catalog } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import type { BuildingStatus } from '../status/status-engine.js';
import type { StoredEvent } from '../storage/store.js';
import { LiveStatus } from './live-status.js';

const T0 = Date.UTC(2026, 11, 3, 12);
const catalog: Catalog = {
  gatewayId: 'gw-1',
  building: { id: 'B-1', name: 'Tower', address: 'Road 1' },
  components: [{ id: 'panel', systemType: 1, componentType: 1 }],
  points: [],
};

describe('LiveStatus', () => {
  it('emits change only when a status changes, and activity per message of a known building', () => {
    let now = T0;
    const live = new LiveStatus({ clock: () => now, tickMs: 0 });
    const changes: BuildingStatus[][] = [];
    const activity: string[] = [];
    live.on('change', (statuses) => changes.push(statuses));
    live.on('activity', (building, gateway) => activity.push(`${building}/${gateway}`));
    live.batch({ gatewayId: 'gw-1', events: [] }); // before the birth: no building yet
    live.birth('gw-1', catalog);
    live.batch({ gatewayId: 'gw-1', readings: [] });
    expect(changes.map((c) => c.map((s) => s.colour))).toEqual([['green']]);
    expect(activity).toEqual(['B-1/gw-1', 'B-1/gw-1']);
    now += 11 * 60_000;
    live.tick();
    expect(changes.at(-1)!.map((s) => s.indicators[0]!.rule)).toEqual(['stale-data']);
    live.close();
  });

  it('seed: conditions still active in the store count again after a restart, since when they were raised', () => {
    const live = new LiveStatus({ clock: () => T0, tickMs: 0 });
    const stored: StoredEvent = {
      id: 1,
      gatewayId: 'gw-1',
      buildingId: 'B-1',
      kind: 'fire',
      componentId: 'panel',
      systemType: 1,
      componentType: 40,
      pointId: null,
      loop: 1,
      address: 23,
      description: '2F corridor',
      raisedAt: T0 - 60_000,
      clearedAt: null,
    };
    live.seed([stored]);
    live.birth('gw-1', catalog);
    expect(live.status('B-1')).toMatchObject({ colour: 'red', since: T0 - 60_000 });
    expect(live.status('B-1')!.indicators[0]!.summary).toBe(
      'Fire: smoke detector loop 1 addr 23 — 2F corridor',
    );
    live.close();
  });

  it('refuses a negative tick period', () => {
    expect(() => new LiveStatus({ tickMs: -1 })).toThrow(/tickMs must be a number of milliseconds >= 0/);
  });
});
