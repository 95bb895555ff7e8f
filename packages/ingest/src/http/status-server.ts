import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FirecodeError } from '@firecode/schema';
import type { StatusView } from './live-status.js';
import { type MetricsSnapshot, renderMetrics } from './metrics-text.js';
import { apiError, isApiError } from './query.js';
import { jsonReplacer, SseHub } from './sse-hub.js';
import { loadAssets, staticAssets } from './static-assets.js';
import {
  buildingStatus,
  listBuildings,
  listEvents,
  listGateways,
  pointReadings,
  type StatusApiSources,
  type StatusReadSide,
} from './status-api.js';

/** Options of {@link startStatusServer}. */
export interface StatusServerOptions {
  /** `host:port` (e.g. `127.0.0.1:8080`; port 0 picks a free one). Default `127.0.0.1:8080`. */
  listen?: string;
  /** The store's read side (an `IngestStore`, or a test double of these methods). */
  store: StatusReadSide;
  /** The building status: a {@link LiveStatus} fed by the worker. */
  status: StatusView;
  /** The worker's counters for `/metrics` (its `metrics()`). */
  metrics?: () => MetricsSnapshot;
  /** Epoch ms now; default `Date.now`. */
  clock?: () => number;
}

/** A running status server. */
export interface RunningStatusServer {
  /** Base URL, e.g. `http://127.0.0.1:8080/`. */
  url: string;
  /** Browsers connected to the live stream. */
  readonly streams: number;
  /** Ends the live streams and stops listening. */
  close(): Promise<void>;
}

/** `host:port` → its parts; a TypeError that shows the expected form otherwise. */
export function parseListen(listen: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:]+\]|[^:]+):(\d{1,5})$/.exec(listen);
  const port = match ? Number(match[2]) : Number.NaN;
  if (!match || !(port >= 0 && port <= 65535)) {
    throw new TypeError(
      `status server: listen "${listen}" is not host:port, e.g. 127.0.0.1:8080 (port 0 picks a free one)`,
    );
  }
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/**
 * Serves the status page, its JSON API, the live stream, `/metrics` and `/healthz` (docs/ingest.md,
 * "Status page and API"). Reads only: everything comes from the store's read side and the status view.
 */
export async function startStatusServer(options: StatusServerOptions): Promise<RunningStatusServer> {
  const { host, port } = parseListen(options.listen ?? '127.0.0.1:8080');
  const clock = options.clock ?? Date.now;
  const sources: StatusApiSources = { store: options.store, status: options.status, clock };
  const assets = await loadAssets(staticAssets());
  const hub = new SseHub();
  let requests = 0;

  const onChange = (statuses: unknown[]) => {
    for (const status of statuses) hub.send('status', status);
  };
  // Activity is frequent (every batch): at most one event per building per second reaches the browsers.
  const lastActivity = new Map<string, number>();
  const onActivity = (buildingId: string, gatewayId: string) => {
    const now = clock();
    if (now - (lastActivity.get(buildingId) ?? 0) < 1000) return;
    lastActivity.set(buildingId, now);
    hub.send('activity', { buildingId, gatewayId, at: now });
  };
  options.status.on('change', onChange);
  options.status.on('activity', onActivity);

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://status.invalid');
    const path = url.pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      throw apiError(405, 'INGEST_HTTP_METHOD', `${request.method} ${path}: this server only answers GET`);
    }
    const asset = assets.get(path);
    if (asset) {
      response.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'no-cache' });
      response.end(request.method === 'HEAD' ? undefined : asset.body);
      return;
    }
    if (path === '/api/stream') {
      hub.add(response);
      return;
    }
    if (path === '/healthz') {
      try {
        const info = await options.store.info();
        json(response, 200, { ok: true, store: info });
      } catch (error) {
        throw apiError(503, 'INGEST_HTTP_UNAVAILABLE', `the store does not answer: ${messageOf(error)}`);
      }
      return;
    }
    if (path === '/metrics') {
      const now = clock();
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      response.end(
        renderMetrics({
          worker: options.metrics?.(),
          buildings: options.status.buildings(now),
          gateways: options.status.gateways(),
          sseClients: hub.size,
          requests,
        }),
      );
      return;
    }
    const query = url.searchParams;
    if (path === '/api/buildings') return json(response, 200, await listBuildings(sources, query));
    if (path === '/api/events') return json(response, 200, await listEvents(sources, query));
    if (path === '/api/gateways') return json(response, 200, await listGateways(sources, query));
    const building = /^\/api\/buildings\/([^/]+)\/status$/.exec(path);
    if (building) {
      return json(response, 200, await buildingStatus(sources, decodeURIComponent(building[1]!), query));
    }
    const point = /^\/api\/points\/([^/]+)\/readings$/.exec(path);
    if (point) return json(response, 200, await pointReadings(sources, decodeURIComponent(point[1]!), query));
    throw apiError(
      404,
      'INGEST_HTTP_NOT_FOUND',
      `no route ${path}: see / (the page), /api/buildings, /api/buildings/:id/status, /api/events?active=true, /api/points/:id/readings, /api/gateways, /api/stream, /metrics, /healthz`,
    );
  };

  const server: Server = createServer((request, response) => {
    requests += 1;
    route(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (isApiError(error)) {
        const { status, ...details } = error.details;
        json(response, status, { error: { code: error.code, message: error.message, ...details } });
        return;
      }
      json(response, 500, {
        error: { code: 'INGEST_HTTP_INTERNAL', message: `the server failed: ${messageOf(error)}` },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new FirecodeError(
          'INGEST_HTTP_LISTEN',
          `status server cannot listen on ${host}:${port}: ${error.message}`,
          {
            cause: error,
          },
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    get streams() {
      return hub.size;
    },
    close: async () => {
      options.status.off('change', onChange);
      options.status.off('activity', onActivity);
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body, jsonReplacer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
