/**
 * The demo's platform side, in a worker thread of its own: PGlite initialises for seconds in
 * synchronous WebAssembly, which would freeze the demo's simulator, gateway and console if it ran on
 * the main thread. Here only this thread waits; its MQTT subscription is made first, so what arrives
 * meanwhile waits in the session and is stored once the database is up.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  type IngestStore,
  IngestWorker,
  openPgliteStore,
  type RunningStatusHttp,
  startStatusHttp,
} from '@firecode/ingest';
import { deferredStore } from './deferred-store.js';

/** What the main thread hands this one. */
export interface PlatformThreadData {
  brokerUrl: string;
  /** The embedded aedes (MQTT 3.1.1 only): the IngestWorker runs in its single-worker mode (protocol 4). */
  embeddedBroker: boolean;
  topicPrefix: string;
  httpHost: string;
  httpPort: number;
  dataDir: string;
}

/** Messages to the main thread. */
export type PlatformMessage =
  | { type: 'line'; line: string }
  | { type: 'subscribed' }
  | { type: 'ready'; url: string }
  | { type: 'failed'; message: string }
  | { type: 'stopped' };

const data = workerData as PlatformThreadData;
const port = parentPort!;
const post = (message: PlatformMessage) => port.postMessage(message);
const print = (line: string) => post({ type: 'line', line });
const closers: (() => Promise<unknown>)[] = [];
const SUBSCRIBE_WAIT_MS = 3000;

async function run(): Promise<void> {
  const deferred = deferredStore();
  // The real worker on both paths: aedes speaks MQTT 3.1.1 only (no shared subscriptions), so there
  // it runs alone with protocol 4; an MQTT v5 broker (MQTT_URL, e.g. Mosquitto) gets a share group.
  const worker = await IngestWorker.start({
    url: data.brokerUrl,
    topicPrefix: data.topicPrefix,
    ...(data.embeddedBroker ? { protocol: 4 as const } : { shareGroup: 'firecode-demo' }),
    clientId: `firecode-demo-${process.pid}`,
    sessionExpirySeconds: 0,
    store: deferred.store,
    log: (line) => print(`[ingest] ${line}`),
  });
  closers.push(() => worker.close());
  const subscribed = worker.connected();
  // Subscribed first (or given up waiting: an unreachable broker is retried in the background).
  await Promise.race([subscribed, new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_WAIT_MS))]);
  post({ type: 'subscribed' });
  const store: Promise<IngestStore> = openPgliteStore({ dataDir: data.dataDir });
  deferred.open(store);
  closers.push(async () => (await store).close());
  const http: RunningStatusHttp = await startStatusHttp({
    host: data.httpHost,
    port: data.httpPort,
    worker,
    store: deferred.store,
  }).catch((error: unknown) => {
    if (data.httpPort === 0) throw error;
    print(`[ingest] ${data.httpHost}:${data.httpPort} is taken (${String(error)}); using a free port`);
    return startStatusHttp({ host: data.httpHost, port: 0, worker, store: deferred.store });
  });
  closers.push(() => http.close());
  const ingest = data.embeddedBroker
    ? 'the IngestWorker (single-worker mode: the embedded aedes speaks MQTT 3.1.1)'
    : 'the IngestWorker (MQTT v5 shared subscription)';
  print(`[ingest] ${ingest} stores into PGlite in ${data.dataDir}`);
  print(`[ingest] status page ${http.url} — the building turns red when the fire starts`);
  post({ type: 'ready', url: http.url });
}

port.on('message', (message: { type: 'stop' }) => {
  if (message.type !== 'stop') return;
  void (async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
    post({ type: 'stopped' });
  })();
});

run().catch((error: unknown) =>
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
);
