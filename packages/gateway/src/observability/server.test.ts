import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayMetrics } from './metrics.js';
import { type HealthReport, type ObservabilityServer, startObservabilityServer } from './server.js';

const servers: ObservabilityServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(health: () => HealthReport, now?: () => number) {
  const metrics = createGatewayMetrics(undefined, now ? { now } : {});
  const server = await startObservabilityServer({ listen: '127.0.0.1:0', metrics, health });
  servers.push(server);
  return { metrics, server };
}

describe('observability server', () => {
  it('serves the metrics the runtime updates, in Prometheus text format', async () => {
    let clock = 1_000_000;
    const { metrics, server } = await start(
      () => ({ status: 'ok' }),
      () => clock,
    );
    metrics.busRequests.inc({ bus: 'line-1' }, 3);
    metrics.busErrors.inc({ bus: 'line-1', kind: 'timeout' });
    metrics.busLineUtilisation.set({ bus: 'line-1' }, 0.42);
    metrics.deviceOnline.set({ bus: 'line-1', device: 'pt-1' }, 1);
    metrics.outboxDepth.set({ lane: 'alarm' }, 2);
    metrics.outboxBytes.set(4096);
    metrics.alarmLatency.observe(0.8);
    metrics.markPublished(clock);
    clock += 12_500;

    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const body = await response.text();
    expect(body).toContain('firecode_bus_requests_total{bus="line-1"} 3');
    expect(body).toContain('firecode_bus_errors_total{bus="line-1",kind="timeout"} 1');
    expect(body).toContain('firecode_bus_line_utilisation_ratio{bus="line-1"} 0.42');
    expect(body).toContain('firecode_device_online{bus="line-1",device="pt-1"} 1');
    expect(body).toContain('firecode_outbox_messages{lane="alarm"} 2');
    expect(body).toContain('firecode_outbox_bytes 4096');
    expect(body).toContain('firecode_alarm_latency_seconds_bucket{le="1"} 1');
    expect(body).toContain('firecode_last_publish_age_seconds 12.5');
    expect(body).toContain('firecode_process_resident_memory_bytes');
  });

  it('counts the publish age from start-up until something was published', async () => {
    let clock = 5_000;
    const { server } = await start(
      () => ({ status: 'ok' }),
      () => clock,
    );
    clock += 90_000;
    const body = await (await fetch(`${server.url}/metrics`)).text();
    expect(body).toMatch(/^firecode_last_publish_age_seconds 90$/m);
  });

  it('answers /healthz with the report: 200 when ok or degraded, 503 when failing', async () => {
    let report: HealthReport = { status: 'ok', checks: { broker: { ok: true } } };
    const { server } = await start(() => report);
    let response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(report);
    report = {
      status: 'degraded',
      checks: { 'bus:line-1': { ok: false, detail: '1 of 4 devices offline' } },
    };
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    report = { status: 'failing', checks: { broker: { ok: false, detail: 'not connected for 600 s' } } };
    response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual(report);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const { server } = await start(() => ({ status: 'ok' }));
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('says which address is taken when it cannot listen', async () => {
    const { server } = await start(() => ({ status: 'ok' }));
    await expect(
      startObservabilityServer({
        listen: `127.0.0.1:${server.port}`,
        metrics: createGatewayMetrics(),
        health: () => ({ status: 'ok' }),
      }),
    ).rejects.toMatchObject({
      code: 'GATEWAY_METRICS_LISTEN_FAILED',
      message: expect.stringMatching(/EADDRINUSE/),
    });
  });

  it('rejects a malformed listen address with a TypeError', async () => {
    await expect(
      startObservabilityServer({
        listen: 'localhost',
        metrics: createGatewayMetrics(),
        health: () => ({ status: 'ok' }),
      }),
    ).rejects.toThrow(TypeError);
  });
});

describe('trackBuses', () => {
  it('mirrors each bus request total and gives the busy share since the previous scrape', async () => {
    const { metrics, server } = await start(() => ({ status: 'ok' }));
    let sample = { bus: 'line-1', requests: 10, busyMs: 200, elapsedMs: 1000 };
    metrics.trackBuses(() => [sample]);
    let body = await (await fetch(`${server.url}/metrics`)).text();
    expect(body).toContain('firecode_bus_requests_total{bus="line-1"} 10');
    expect(body).toContain('firecode_bus_line_utilisation_ratio{bus="line-1"} 0.2');
    sample = { bus: 'line-1', requests: 25, busyMs: 1100, elapsedMs: 2000 };
    body = await (await fetch(`${server.url}/metrics`)).text();
    expect(body).toContain('firecode_bus_requests_total{bus="line-1"} 25');
    expect(body).toContain('firecode_bus_line_utilisation_ratio{bus="line-1"} 0.9');
  });
});
