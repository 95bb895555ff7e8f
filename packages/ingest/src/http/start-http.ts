import type { StatusThresholds } from '../status/rule-set.js';
import type { IngestStore } from '../storage/store.js';
import { LiveStatus } from './live-status.js';
import { startStatusServer } from './status-server.js';
import { feedStatusFromWorker, type StoredMessages } from './worker-feed.js';

/** Options of {@link startStatusHttp}: what `firecode-ingest run --http HOST:PORT` hands over. */
export interface StatusHttpOptions {
  host: string;
  port: number;
  /** The worker whose commits the status follows, and whose `metrics()` `/metrics` shows. */
  worker: StoredMessages & { metrics(): object };
  store: IngestStore;
  thresholds?: Partial<StatusThresholds>;
  /** Tick period of the time-based rules, ms (default 5000). */
  tickMs?: number;
}

/** The status side of a running ingest: its server, and the live status it serves. */
export interface RunningStatusHttp {
  url: string;
  live: LiveStatus;
  close(): Promise<void>;
}

/**
 * The status page, API and `/metrics` of a running worker: a {@link LiveStatus} fed by the worker's
 * commits, seeded with the events the store still has active (so a fire raised before a restart stays
 * red), served by {@link startStatusServer}.
 */
export async function startStatusHttp(options: StatusHttpOptions): Promise<RunningStatusHttp> {
  const live = new LiveStatus({
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
  });
  // Attached before any await, so no commit from here on is missed.
  const detach = feedStatusFromWorker(options.worker, live);
  try {
    live.seed(await options.store.activeEvents());
    const listen = options.host.includes(':')
      ? `[${options.host}]:${options.port}`
      : `${options.host}:${options.port}`;
    const server = await startStatusServer({
      listen,
      store: options.store,
      status: live,
      metrics: () => options.worker.metrics(),
    });
    return {
      url: server.url,
      live,
      close: async () => {
        detach();
        live.close();
        await server.close();
      },
    };
  } catch (error) {
    detach();
    live.close();
    throw error;
  }
}
