import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PlatformMessage, PlatformThreadData } from './platform-thread.js';

/** Options of {@link startDemoPlatform}. */
export interface DemoPlatformOptions {
  brokerUrl: string;
  /** True for the embedded aedes broker (MQTT 3.1.1 only). */
  embeddedBroker: boolean;
  topicPrefix: string;
  /** Where the status page listens; when that port is taken, a free one is used instead. */
  httpHost: string;
  httpPort: number;
  print: (line: string) => void;
}

/** The receiving platform of the demo, starting in the background (PGlite takes seconds). */
export interface DemoPlatform {
  /**
   * Resolves once the ingest has subscribed (or gave up waiting for an unreachable broker): start the
   * gateway after it, so that the ingest stores the demo's fire alarm too.
   */
  subscribed: Promise<void>;
  /** Resolves with the status page's URL once everything runs. */
  ready: Promise<string>;
  close(): Promise<void>;
}

/**
 * The demo runs from TypeScript sources under tsx, whose loader a worker thread does not inherit:
 * the thread registers it first, then imports its entry.
 */
function tsxBootstrap(entry: URL): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** How long stopping waits for a running platform thread to close its store and server. */
const STOP_WAIT_MS = 800;

/**
 * The platform side of the demo in a worker thread (see platform-thread.ts): the ingest storing into
 * PGlite in a temporary directory, and the status page.
 */
export function startDemoPlatform(options: DemoPlatformOptions): DemoPlatform {
  const dataDir = mkdtempSync(join(tmpdir(), 'firecode-demo-db-'));
  const data: PlatformThreadData = {
    brokerUrl: options.brokerUrl,
    embeddedBroker: options.embeddedBroker,
    topicPrefix: options.topicPrefix,
    httpHost: options.httpHost,
    httpPort: options.httpPort,
    dataDir,
  };
  const thread = new Worker(tsxBootstrap(new URL('./platform-thread.ts', import.meta.url)), {
    eval: true,
    workerData: data,
  });
  let stopped: () => void = () => undefined;
  let subscribedNow: () => void = () => undefined;
  const subscribed = new Promise<void>((resolve) => {
    subscribedNow = resolve;
  });
  const ready = new Promise<string>((resolve, reject) => {
    thread.on('message', (message: PlatformMessage) => {
      if (message.type === 'line') options.print(message.line);
      else if (message.type === 'subscribed') subscribedNow();
      else if (message.type === 'ready') resolve(message.url);
      else if (message.type === 'failed') reject(new Error(message.message));
      else if (message.type === 'stopped') stopped();
    });
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the platform thread exited (code ${code})`)));
  });
  // A thread that failed never subscribes: the demo goes on without its platform.
  let running = false;
  ready.then(
    () => {
      running = true;
    },
    () => subscribedNow(),
  );
  return {
    subscribed,
    ready,
    close: async () => {
      // A thread still inside PGlite's initialisation cannot answer (and has stored nothing yet that
      // a close would keep): it is terminated at once. A running one closes its store and server first.
      if (running) {
        const done = new Promise<void>((resolve) => {
          stopped = resolve;
          setTimeout(resolve, STOP_WAIT_MS).unref();
        });
        thread.postMessage({ type: 'stop' });
        await done;
      }
      await thread.terminate();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
