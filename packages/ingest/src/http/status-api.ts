import { STATUS_RULE_SET_VERSION } from '../status/rule-set.js';
import type { BuildingStatus } from '../status/status-engine.js';
import type { IngestStore } from '../storage/store.js';
import type { StatusView } from './live-status.js';
import { apiError, booleanParameter, idSegment, onlyParameters, readingsWindow } from './query.js';

/** The store's read side, which is all the status server needs of it (a test double implements just this). */
export type StatusReadSide = Pick<
  IngestStore,
  'info' | 'listBuildings' | 'latestReadings' | 'activeEvents' | 'readings' | 'gatewayHealth'
>;

/** What the API handlers read. */
export interface StatusApiSources {
  store: StatusReadSide;
  status: StatusView;
  clock: () => number;
}

const COLOUR_ORDER = ['red', 'orange', 'yellow', 'blue', 'green'];

/**
 * `GET /api/buildings`: every building the store or the status engine knows, worst colour first.
 * A building the store knows but no message has reached since this process started has `colour: null`.
 */
export async function listBuildings(sources: StatusApiSources, query: URLSearchParams) {
  onlyParameters(query, []);
  const now = sources.clock();
  const rows = await sources.store.listBuildings();
  const statuses = new Map(sources.status.buildings(now).map((status) => [status.buildingId, status]));
  const ids = new Set([...rows.map((row) => row.id), ...statuses.keys()]);
  const buildings = [...ids].map((id) => {
    const row = rows.find((r) => r.id === id);
    const status = statuses.get(id);
    return {
      id,
      name: status?.name ?? row?.name ?? null,
      address: status?.address ?? row?.address ?? null,
      colour: status?.colour ?? null,
      since: status?.since ?? null,
      indicators: status?.indicators ?? [],
      gatewayIds: [...new Set([...(row?.gatewayIds ?? []), ...(status?.gatewayIds ?? [])])].sort(),
      lastSeen: row?.lastSeen ?? null,
    };
  });
  const rank = (colour: string | null) =>
    colour === null ? COLOUR_ORDER.length : COLOUR_ORDER.indexOf(colour);
  buildings.sort((a, b) => rank(a.colour) - rank(b.colour) || a.id.localeCompare(b.id));
  return { ruleSetVersion: STATUS_RULE_SET_VERSION, evaluatedAt: now, buildings };
}

/** `GET /api/buildings/:id/status`: the status with its indicators, the active events and the latest value of every point. */
export async function buildingStatus(sources: StatusApiSources, id: string, query: URLSearchParams) {
  onlyParameters(query, []);
  const now = sources.clock();
  const status: BuildingStatus | undefined = sources.status.status(id, now);
  const row = (await sources.store.listBuildings()).find((r) => r.id === id);
  if (!status && !row) {
    throw apiError(404, 'INGEST_HTTP_NOT_FOUND', `no building "${id}": /api/buildings lists the known ones`, {
      building: id,
    });
  }
  const [events, points] = await Promise.all([
    sources.store.activeEvents(id),
    sources.store.latestReadings(id),
  ]);
  return {
    buildingId: id,
    name: status?.name ?? row?.name ?? null,
    address: status?.address ?? row?.address ?? null,
    colour: status?.colour ?? null,
    since: status?.since ?? null,
    ruleSetVersion: STATUS_RULE_SET_VERSION,
    indicators: status?.indicators ?? [],
    gatewayIds: status?.gatewayIds ?? row?.gatewayIds ?? [],
    evaluatedAt: now,
    events,
    points,
  };
}

/** `GET /api/events?active=true[&building=<id>]`: events raised and not cleared, newest first. */
export async function listEvents(sources: StatusApiSources, query: URLSearchParams) {
  onlyParameters(query, ['active', 'building']);
  if (!booleanParameter(query, 'active', true)) {
    throw apiError(
      400,
      'INGEST_HTTP_BAD_PARAMETER',
      'active: only active events are served here (active=true); cleared events stay in the events table of the database',
      { parameter: 'active', value: query.get('active') },
    );
  }
  const building = query.get('building') ?? undefined;
  return { events: await sources.store.activeEvents(building === '' ? undefined : building) };
}

/** `GET /api/points/:ref/readings?from=&to=`: one point's readings in the window, ascending. */
export async function pointReadings(sources: StatusApiSources, ref: string, query: URLSearchParams) {
  const pointRef = idSegment('point', ref);
  const { from, to } = readingsWindow(query, sources.clock());
  return { pointRef, from, to, readings: await sources.store.readings(pointRef, from, to) };
}

/** `GET /api/gateways`: the store's health of each gateway (gaps, rejections) with its online state. */
export async function listGateways(sources: StatusApiSources, query: URLSearchParams) {
  onlyParameters(query, []);
  const health = await sources.store.gatewayHealth();
  const liveness = new Map(sources.status.gateways().map((g) => [g.gatewayId, g]));
  const ids = new Set([...health.map((h) => h.gatewayId), ...liveness.keys()]);
  const gateways = [...ids].sort().map((gatewayId) => {
    const h = health.find((row) => row.gatewayId === gatewayId);
    const live = liveness.get(gatewayId);
    return {
      gatewayId,
      buildingId: h?.buildingId ?? live?.buildingId ?? null,
      online: live?.online ?? null,
      stateSince: live?.stateSince ?? null,
      lastSeen: h?.lastSeen ?? live?.lastMessageAt ?? null,
      lastSequence: h?.lastSequence ?? null,
      batches: h?.batches ?? 0,
      openGaps: h?.openGaps ?? [],
      rejected: h?.rejected ?? {},
    };
  });
  return { gateways };
}
