import { ingestError } from '../errors.js';
import type { IngestStore } from '../storage/store.js';

/**
 * A test double of {@link IngestStore} for "the database is down": wraps a real store and makes its
 * first `failures` calls of `storeBatch` throw as a lost connection would, then passes through.
 * (The shared PostgreSQL of the test machines cannot be stopped for one test.)
 */
export function flakyStore(store: IngestStore, failures: number): IngestStore & { failed: number } {
  let failed = 0;
  return new Proxy(store as IngestStore & { failed: number }, {
    get(target, property, receiver) {
      if (property === 'failed') return failed;
      if (property === 'storeBatch') {
        return async (...args: Parameters<IngestStore['storeBatch']>) => {
          if (failed < failures) {
            failed += 1;
            throw ingestError('INGEST_STORE_CONNECT', `simulated lost connection ${failed} of ${failures}`);
          }
          return target.storeBatch(...args);
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
