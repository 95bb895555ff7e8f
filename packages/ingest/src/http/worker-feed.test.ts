import { EventEmitter } from 'node:events';
import type { Catalog } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { readingsToColumns } from '../storage/columns.js';
import type { BatchToStore, StoreBatchResult } from '../storage/store.js';
import { LiveStatus } from './live-status.js';
import { feedStatusFromWorker } from './worker-feed.js';

const T0 = Date.UTC(2026, 11, 3, 12);
const catalog: Catalog = {
  gatewayId: 'gw-1',
  building: { id: 'B-1', name: 'Tower', address: 'Road 1' },
  components: [{ id: 'riser', systemType: 11, componentType: 0 }],
  points: [{ id: 'p', kind: 'pressure', unit: 'kPa', component: 'riser', thresholds: { low: 100 } }],
};

/** The worker's events as a plain emitter: the test double of StoredMessages. */
class FakeWorker extends EventEmitter<{
  stored: [BatchToStore, StoreBatchResult];
  birth: [Catalog];
  state: [string, boolean, number];
}> {}

function batch(sequence: bigint, value: number): BatchToStore {
  return {
    gatewayId: 'gw-1',
    sequence,
    type: 'data',
    historical: false,
    receivedAt: T0,
    readings: readingsToColumns([
      { point: 'p', time: T0 + Number(sequence), value, quality: { level: 'good' } },
    ]),
    events: [],
  };
}

describe('feedStatusFromWorker', () => {
  it('feeds births, states and stored batches; ignores duplicates; stops when detached', () => {
    const worker = new FakeWorker();
    const live = new LiveStatus({ clock: () => T0, tickMs: 0 });
    const detach = feedStatusFromWorker(worker, live);
    worker.emit('birth', catalog);
    worker.emit('state', 'gw-1', true, T0);
    worker.emit('stored', batch(1n, 80), { outcome: 'stored', gapsOpened: [], filledGap: false });
    expect(live.status('B-1')).toMatchObject({ colour: 'yellow' });
    // A duplicate is what was stored before: not fed again (here its value would end the dip).
    worker.emit('stored', batch(2n, 420), { outcome: 'duplicate', gapsOpened: [], filledGap: false });
    expect(live.status('B-1')!.colour).toBe('yellow');
    worker.emit('state', 'gw-1', false, T0);
    expect(live.status('B-1')!.indicators[0]!.rule).toBe('devices-offline');
    detach();
    expect(
      worker.listenerCount('stored') + worker.listenerCount('birth') + worker.listenerCount('state'),
    ).toBe(0);
    live.close();
  });

  it('learns the catalog from a stored batch when the birth came before the feed was attached', () => {
    const worker = new FakeWorker();
    const live = new LiveStatus({ clock: () => T0, tickMs: 0 });
    feedStatusFromWorker(worker, live);
    worker.emit(
      'stored',
      { ...batch(1n, 80), catalog },
      { outcome: 'stored', gapsOpened: [], filledGap: false },
    );
    expect(live.status('B-1')).toMatchObject({ colour: 'yellow', gatewayIds: ['gw-1'] });
    live.close();
  });
});
