import type { Catalog } from '@firecode/schema';
import type { BatchToStore, StoreBatchResult } from '../storage/store.js';
import type { LiveStatus } from './live-status.js';

/**
 * What the status needs of an ingest worker: its events after each commit. `IngestWorker` has them;
 * so does any other writer that tells what it stored (a test double is an EventEmitter).
 */
export interface StoredMessages {
  on(event: 'stored', listener: (batch: BatchToStore, result: StoreBatchResult) => void): unknown;
  on(event: 'birth', listener: (catalog: Catalog) => void): unknown;
  on(event: 'state', listener: (gatewayId: string, online: boolean, time: number) => void): unknown;
  off(event: 'stored', listener: (batch: BatchToStore, result: StoreBatchResult) => void): unknown;
  off(event: 'birth', listener: (catalog: Catalog) => void): unknown;
  off(event: 'state', listener: (gatewayId: string, online: boolean, time: number) => void): unknown;
}

/**
 * Feeds the building status from what a worker committed: births, states, and every batch stored now
 * (a duplicate was fed when it was first stored). The status thus never shows what the store lacks.
 * Attach it as early as possible: a gateway's retained state received before is only known once it
 * changes again (until then the gateway counts as online while it sends).
 * Returns a function that stops feeding.
 */
export function feedStatusFromWorker(worker: StoredMessages, live: LiveStatus): () => void {
  const onStored = (batch: BatchToStore, result: StoreBatchResult) => {
    if (result.outcome !== 'stored') return;
    // A birth handled before this feed was attached (the worker connects as it starts) is not missed:
    // every batch carries the catalog it was decoded with.
    if (batch.catalog && live.engine.catalogOf(batch.gatewayId) === undefined) {
      live.birth(batch.gatewayId, batch.catalog);
    }
    live.batch({ gatewayId: batch.gatewayId, readings: batch.readings, events: batch.events });
  };
  const onBirth = (catalog: Catalog) => live.birth(catalog.gatewayId, catalog);
  const onState = (gatewayId: string, online: boolean) => live.state(gatewayId, online);
  worker.on('stored', onStored);
  worker.on('birth', onBirth);
  worker.on('state', onState);
  return () => {
    worker.off('stored', onStored);
    worker.off('birth', onBirth);
    worker.off('state', onState);
  };
}
