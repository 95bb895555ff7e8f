import { EventEmitter } from 'node:events';
import { catalogHash } from '@firecode/codec';
import {
  type BatchToStore,
  type IngestBatch,
  type IngestClient,
  type IngestStore,
  readingsToColumns,
  type StoreBatchResult,
} from '@firecode/ingest';
import type { Catalog } from '@firecode/schema';

/** Events of {@link ClientStoreWriter}: those of the ingest worker that the status page follows. */
export interface ClientStoreWriterEvents {
  stored: [batch: BatchToStore, result: StoreBatchResult];
  birth: [catalog: Catalog];
  state: [gatewayId: string, online: boolean, time: number];
}

/**
 * The demo's ingest when its broker is the embedded aedes: aedes speaks MQTT 3.1.1 only, without the
 * v5 shared subscriptions the `IngestWorker` uses, so the demo's own `IngestClient` (3.1.1, decoded
 * and de-duplicated) writes what it receives to the same store, one message at a time in arrival order,
 * and tells what it committed exactly as the worker does. With an MQTT v5 broker (`MQTT_URL`, e.g.
 * Mosquitto) the demo runs the real `IngestWorker` instead.
 */
export class ClientStoreWriter extends EventEmitter<ClientStoreWriterEvents> {
  readonly #store: Promise<IngestStore>;
  #chain: Promise<void> = Promise.resolve();
  #stored = 0;

  /** `store` may still be opening: messages wait for it, in order. */
  constructor(client: IngestClient, store: Promise<IngestStore>, onError: (error: Error) => void) {
    super();
    this.#store = store;
    const later = (work: (store: IngestStore) => Promise<void>) => {
      this.#chain = this.#chain
        .then(() => this.#store)
        .then(work)
        .catch((error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
    };
    client.on('birth', (_gatewayId, catalog) =>
      later(async (s) => {
        await s.storeCatalog(catalog, catalogHash(catalog), Date.now());
        this.emit('birth', catalog);
      }),
    );
    client.on('state', (gatewayId, online, time) =>
      later(async (s) => {
        await s.storeState(gatewayId, online, Date.now());
        this.emit('state', gatewayId, online, time);
      }),
    );
    client.on('batch', (batch) =>
      later(async (s) => {
        const toStore = batchToStore(batch);
        const result = await s.storeBatch(toStore);
        this.#stored += 1;
        this.emit('stored', toStore, result);
      }),
    );
  }

  /** What `/metrics` shows for this writer. */
  metrics(): { batchesStored: number } {
    return { batchesStored: this.#stored };
  }

  /** Resolves when every message received so far is committed. */
  settled(): Promise<void> {
    return this.#chain;
  }
}

function batchToStore(batch: IngestBatch): BatchToStore {
  return {
    gatewayId: batch.gatewayId,
    sequence: batch.sequence,
    type: batch.type,
    historical: batch.historical,
    receivedAt: Date.now(),
    ...(batch.catalog ? { catalog: batch.catalog, catalogHash: catalogHash(batch.catalog) } : {}),
    readings: readingsToColumns(batch.readings),
    events: batch.events,
  };
}
