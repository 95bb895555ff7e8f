import type { IngestStore } from '@firecode/ingest';

/**
 * An `IngestStore` that opens later: every call waits until {@link DeferredStore.open} is given the
 * real store. Lets the demo's ingest subscribe first and open PGlite (seconds of initialisation)
 * after, so no alarm published meanwhile is missed: it waits in the MQTT session, then is stored.
 * `ensurePartitions` before the open is carried out as part of it (a worker calls it as it starts).
 */
export interface DeferredStore {
  store: IngestStore;
  open(store: Promise<IngestStore>): void;
}

export function deferredStore(): DeferredStore {
  let give: (store: Promise<IngestStore>) => void = () => undefined;
  const given = new Promise<IngestStore>((resolve, reject) => {
    give = (store) => store.then(resolve, reject);
  });
  const early: unknown[][] = [];
  let opened = false;
  const ready = given.then(async (store) => {
    for (const args of early) await (store.ensurePartitions as (...a: unknown[]) => Promise<void>)(...args);
    return store;
  });
  const store = new Proxy({} as IngestStore, {
    get(_target, name: string | symbol) {
      if (name === 'then') return undefined; // not a thenable: it is awaited as a plain object
      return (...args: unknown[]) => {
        if (name === 'ensurePartitions' && !opened) {
          early.push(args);
          return Promise.resolve();
        }
        return ready.then((real) =>
          (real[name as keyof IngestStore] as (...a: unknown[]) => unknown)(...args),
        );
      };
    },
  });
  return {
    store,
    open: (real) => {
      opened = true;
      give(real);
    },
  };
}
