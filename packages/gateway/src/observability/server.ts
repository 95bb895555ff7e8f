import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FirecodeError } from '@firecode/schema';
import type { GatewayErrorCode } from '../errors.js';
import type { GatewayMetrics } from './metrics.js';

/** Overall state: `ok` and `degraded` answer 200 (the process is doing its job), `failing` answers 503. */
export type HealthStatus = 'ok' | 'degraded' | 'failing';

/** What `/healthz` reports. */
export interface HealthReport {
  status: HealthStatus;
  /** Named checks, e.g. `broker`, `bus:line-1`, `outbox`. */
  checks?: Record<string, { ok: boolean; detail?: string }>;
}

/** Options of {@link startObservabilityServer}. */
export interface ObservabilityServerOptions {
  /** `host:port`, e.g. `127.0.0.1:9464`; port 0 picks a free port. */
  listen: string;
  metrics: GatewayMetrics;
  /** Called on every `/healthz` request. */
  health: () => HealthReport | Promise<HealthReport>;
}

/** A running `/metrics` + `/healthz` server. */
export interface ObservabilityServer {
  /** e.g. `http://127.0.0.1:9464` (with the real port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Error codes of the observability server. */
export type ObservabilityErrorCode = Extract<GatewayErrorCode, 'GATEWAY_METRICS_LISTEN_FAILED'>;

function parseListen(listen: string): { host: string; port: number } {
  const cut = listen.lastIndexOf(':');
  const port = Number(listen.slice(cut + 1));
  if (cut <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(
      `startObservabilityServer: listen must be host:port (e.g. 127.0.0.1:9464), got "${listen}"`,
    );
  }
  return { host: listen.slice(0, cut).replace(/^\[|\]$/g, ''), port };
}

/**
 * Serves Prometheus `/metrics` and a JSON `/healthz`. Meant for loopback: it has no authentication.
 * Rejects with FirecodeError `GATEWAY_METRICS_LISTEN_FAILED` when the address is taken or not local.
 */
export async function startObservabilityServer(
  options: ObservabilityServerOptions,
): Promise<ObservabilityServer> {
  const { host, port } = parseListen(options.listen);
  const server = createServer((request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new FirecodeError<ObservabilityErrorCode>(
          'GATEWAY_METRICS_LISTEN_FAILED',
          `cannot serve metrics on ${options.listen} (${error.code ?? error.message}) — pick a free port in metrics.listen or stop the other process`,
          { cause: error, details: { listen: options.listen } },
        ),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: ObservabilityServerOptions,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    response.end('only GET and HEAD\n');
    return;
  }
  if (path === '/metrics') {
    const body = await options.metrics.registry.metrics();
    response.writeHead(200, { 'content-type': options.metrics.registry.contentType });
    response.end(request.method === 'HEAD' ? undefined : body);
    return;
  }
  if (path === '/healthz') {
    const report = await options.health();
    response.writeHead(report.status === 'failing' ? 503 : 200, { 'content-type': 'application/json' });
    response.end(request.method === 'HEAD' ? undefined : `${JSON.stringify(report)}\n`);
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  response.end('not found: try /metrics or /healthz\n');
}
