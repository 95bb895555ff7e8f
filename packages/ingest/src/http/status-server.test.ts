import type { Catalog } from '@firecode/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { STATUS_RULE_SET_VERSION } from '../status/rule-set.js';
import { LiveStatus } from './live-status.js';
import { MemoryReadSide } from './memory-read-side.js';
import { parseListen, type RunningStatusServer, startStatusServer } from './status-server.js';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);

const catalog: Catalog = {
  gatewayId: 'gw-1',
  building: { id: 'B-1', name: 'Tower One', address: '1 Test Road' },
  components: [
    { id: 'panel', name: 'Fire panel', systemType: 1, componentType: 1 },
    { id: 'riser', name: 'Riser', systemType: 11, componentType: 0 },
  ],
  points: [{ id: 'riser-p', kind: 'pressure', unit: 'kPa', component: 'riser', thresholds: { low: 100 } }],
};

let server: RunningStatusServer | undefined;
let live: LiveStatus | undefined;
afterEach(async () => {
  await server?.close();
  live?.close();
  server = undefined;
});

async function started(metrics?: () => object) {
  const store = new MemoryReadSide();
  store.buildings = [
    { id: 'B-1', name: 'Tower One', address: '1 Test Road', gatewayIds: ['gw-1'], lastSeen: NOW - 1000 },
    { id: 'B-2', name: 'Quiet Block', address: '2 Test Road', gatewayIds: ['gw-2'], lastSeen: null },
  ];
  store.latest = [
    {
      pointRef: 7,
      gatewayId: 'gw-1',
      pointId: 'riser-p',
      componentId: 'riser',
      kind: 'pressure',
      unit: 'kPa',
      name: 'Pipe pressure',
      thresholds: { low: 100 },
      time: NOW - 1000,
      value: 420,
      quality: 'good',
    },
  ];
  store.latestBuilding.set(7, 'B-1');
  store.series.set(7, [
    { time: NOW - 120_000, value: 421, quality: 'good' },
    { time: NOW - 60_000, value: 420, quality: 'good' },
  ]);
  store.health = [
    {
      gatewayId: 'gw-1',
      buildingId: 'B-1',
      lastSeen: NOW - 1000,
      lastSequence: 2n ** 60n,
      batches: 12,
      openGaps: [{ from: 5n, to: 6n }],
      rejected: { forged: 2 },
    },
  ];
  live = new LiveStatus({ clock: () => NOW, tickMs: 0 });
  live.birth('gw-1', catalog);
  live.state('gw-1', true);
  server = await startStatusServer({
    listen: '127.0.0.1:0',
    store,
    status: live,
    clock: () => NOW,
    ...(metrics ? { metrics } : {}),
  });
  return { store, live, url: server.url };
}

/** A JSON body as the tests read it: fields checked by the assertions, not by the compiler. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by expect(), field by field
type Json = any;

async function getJson(url: string): Promise<{ status: number; type: string | null; body: Json }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

describe('status server', () => {
  it('GET /api/buildings: every building of store and engine, worst first, with colours and reasons', async () => {
    const { url, live } = await started();
    live.batch({
      gatewayId: 'gw-1',
      events: [
        {
          time: NOW - 5000,
          kind: 'fire',
          active: true,
          component: 'panel',
          systemType: 1,
          componentType: 40,
          loop: 1,
          address: 23,
        },
      ],
    });
    const { status, type, body } = await getJson(`${url}api/buildings`);
    expect(status).toBe(200);
    expect(type).toMatch(/application\/json/);
    expect(body.ruleSetVersion).toBe(STATUS_RULE_SET_VERSION);
    expect(body.buildings.map((b: { id: string; colour: string | null }) => [b.id, b.colour])).toEqual([
      ['B-1', 'red'],
      ['B-2', null],
    ]);
    expect(body.buildings[0].indicators[0]).toMatchObject({
      rule: 'fire-alarm',
      summary: 'Fire: smoke detector loop 1 addr 23',
      since: NOW - 5000,
    });
    expect(body.buildings[0].lastSeen).toBe(NOW - 1000);
  });

  it('GET /api/buildings/:id/status: status, events and latest values; 404 with a hint for an unknown building', async () => {
    const { url } = await started();
    const { status, body } = await getJson(`${url}api/buildings/B-1/status`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ buildingId: 'B-1', name: 'Tower One', colour: 'green', indicators: [] });
    expect(body.points[0]).toMatchObject({ pointRef: 7, value: 420 });
    const missing = await getJson(`${url}api/buildings/nowhere/status`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'INGEST_HTTP_NOT_FOUND', building: 'nowhere' });
    expect(missing.body.error.message).toMatch(/\/api\/buildings lists the known ones/);
  });

  it('GET /api/points/:id/readings: the window from/to (epoch ms or ISO), default the last hour', async () => {
    const { url, store } = await started();
    const { body } = await getJson(`${url}api/points/7/readings?from=${NOW - 90_000}&to=${NOW}`);
    expect(body).toMatchObject({ pointRef: 7, from: NOW - 90_000, to: NOW });
    expect(body.readings).toEqual([{ time: NOW - 60_000, value: 420, quality: 'good' }]);
    await getJson(`${url}api/points/7/readings?from=2026-12-03T11:00:00Z`);
    expect(store.readingQueries.at(-1)).toEqual({ pointRef: 7, from: Date.UTC(2026, 11, 3, 11), to: NOW });
    await getJson(`${url}api/points/7/readings`);
    expect(store.readingQueries.at(-1)).toEqual({ pointRef: 7, from: NOW - 3600_000, to: NOW });
  });

  it.each([
    ['api/points/abc/readings', 'point', /"abc" is not a point id/],
    ['api/points/0/readings', 'point', /positive integer/],
    ['api/points/7/readings?from=yesterday', 'from', /"yesterday" is not a time: give epoch milliseconds/],
    ['api/points/7/readings?from=2000&to=1000', 'from', /must be before to/],
    ['api/points/7/readings?from=0&to=999999999999', 'from', /longer than 7 days/],
    ['api/points/7/readings?form=1', 'form', /unknown parameter: this route takes from, to/],
    ['api/events?active=maybe', 'active', /"maybe" is not a boolean/],
    ['api/events?active=false', 'active', /only active events are served here/],
    ['api/buildings?colour=red', 'colour', /this route takes none/],
  ])('GET /%s: 400 naming the parameter %s', async (path, parameter, message) => {
    const { url } = await started();
    const { status, body } = await getJson(`${url}${path}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'INGEST_HTTP_BAD_PARAMETER', parameter });
    expect(body.error.message).toMatch(message);
  });

  it('GET /api/events?active=true and /api/gateways: events newest first, gateway health with 64-bit sequences as strings', async () => {
    const { url, store } = await started();
    const base = {
      gatewayId: 'gw-1',
      buildingId: 'B-1',
      componentId: 'panel',
      systemType: 1,
      componentType: 40,
      pointId: null,
      description: null,
    };
    store.events = [
      { ...base, id: 1, kind: 'fault', loop: 2, address: 3, raisedAt: NOW - 9000, clearedAt: null },
      { ...base, id: 2, kind: 'fire', loop: 1, address: 23, raisedAt: NOW - 5000, clearedAt: null },
      { ...base, id: 3, kind: 'fire', loop: 1, address: 24, raisedAt: NOW - 4000, clearedAt: NOW - 100 },
    ];
    const events = await getJson(`${url}api/events?active=true`);
    expect(events.body.events.map((e: { id: number }) => e.id)).toEqual([2, 1]);
    expect((await getJson(`${url}api/events?building=B-2`)).body.events).toEqual([]);
    const { body } = await getJson(`${url}api/gateways`);
    expect(body.gateways).toEqual([
      {
        gatewayId: 'gw-1',
        buildingId: 'B-1',
        online: true,
        stateSince: NOW,
        lastSeen: NOW - 1000,
        lastSequence: String(2n ** 60n),
        batches: 12,
        openGaps: [{ from: '5', to: '6' }],
        rejected: { forged: 2 },
      },
    ]);
  });

  it('GET /metrics: the worker counters, buildings per colour and indicators per rule in Prometheus text', async () => {
    const { url } = await started(() => ({
      storedBatches: 12,
      rejected: { forged: 2, 'bad"name': 1 },
      engine: 'pglite', // not a number: left out
    }));
    const response = await fetch(`${url}metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain(
      '# TYPE firecode_ingest_stored_batches untyped\nfirecode_ingest_stored_batches 12\n',
    );
    expect(text).toContain('firecode_ingest_rejected{key="forged"} 2\n');
    expect(text).toContain('firecode_ingest_rejected{key="bad\\"name"} 1\n');
    expect(text).toContain('firecode_buildings{colour="green"} 1\n');
    expect(text).toContain('firecode_buildings{colour="red"} 0\n');
    expect(text).toContain('firecode_gateways{state="online"} 1\n');
    expect(text).not.toContain('firecode_ingest_engine');
    // Every sample line is "name{labels} value" and every family has HELP and TYPE.
    for (const line of text.trim().split('\n')) {
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?\d+(\.\d+)?)$/);
    }
  });

  it('GET /healthz: 200 with the store engine; 503 when the store fails', async () => {
    const { url, store } = await started();
    expect((await getJson(`${url}healthz`)).body).toEqual({
      ok: true,
      store: { engine: 'pglite', readingsLayout: 'partitioned', migrations: [1] },
    });
    store.failing = new Error('connection refused');
    const failed = await getJson(`${url}healthz`);
    expect(failed.status).toBe(503);
    expect(failed.body.error.message).toBe('the store does not answer: connection refused');
    const internal = await getJson(`${url}api/buildings`);
    expect(internal.status).toBe(500);
    expect(internal.body.error.code).toBe('INGEST_HTTP_INTERNAL');
  });

  it('serves the page, its script and uPlot from node_modules; 404 and 405 say what exists', async () => {
    const { url } = await started();
    const page = await fetch(url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('<script src="/assets/uPlot.iife.min.js"></script>');
    const uplot = await fetch(`${url}assets/uPlot.iife.min.js`);
    expect(uplot.status).toBe(200);
    expect(await uplot.text()).toMatch(/uPlot/);
    expect((await fetch(`${url}assets/uPlot.min.css`)).status).toBe(200);
    expect((await fetch(`${url}assets/status-page.js`)).status).toBe(200);
    const unknown = await getJson(`${url}nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/see \/ \(the page\), \/api\/buildings/);
    const post = await fetch(`${url}api/buildings`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('GET /api/stream: sends a status event when a building changes', async () => {
    const { url, live } = await started();
    const controller = new AbortController();
    const response = await fetch(`${url}api/stream`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (pattern: RegExp) => {
      for (let i = 0; i < 50 && !pattern.test(text); i++) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    await until(/retry: \d+/);
    expect(server!.streams).toBe(1);
    live.state('gw-1', false);
    await until(/event: status\ndata: .*\n\n/);
    const data = JSON.parse(/event: status\ndata: (.*)\n/.exec(text)![1]!);
    expect(data).toMatchObject({ buildingId: 'B-1', colour: 'orange' });
    expect(data.indicators[0].rule).toBe('devices-offline');
    controller.abort();
  });

  it('parseListen takes host:port (IPv6 in brackets) and refuses anything else', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(() => parseListen('8080')).toThrow(/listen "8080" is not host:port, e\.g\. 127\.0\.0\.1:8080/);
    expect(() => parseListen('host:99999')).toThrow(TypeError);
  });

  it('a port in use is a FirecodeError naming the address', async () => {
    const { url } = await started();
    const taken = new URL(url);
    await expect(
      startStatusServer({
        listen: `${taken.hostname}:${taken.port}`,
        store: new MemoryReadSide(),
        status: new LiveStatus({ tickMs: 0 }),
      }),
    ).rejects.toMatchObject({
      code: 'INGEST_HTTP_LISTEN',
      message: expect.stringMatching(/cannot listen on 127\.0\.0\.1:\d+/),
    });
  });
});
