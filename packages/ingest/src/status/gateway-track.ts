import type { Catalog, EventKind, FireEvent, Point, Reading } from '@firecode/schema';
import { CLEARING_RULES, clears, FAULT_KINDS } from '../event-lifecycle.js';
import type { ReadingColumns } from '../storage/store.js';
import type { StatusThresholds } from './rule-set.js';

/**
 * What the status rules need to remember of one gateway: its catalog, whether it is online, when it
 * last sent anything, its active conditions (events not yet cleared) and, per fire-water pressure
 * point, since when the pressure has been below its minimum. Updated in place per message, so a
 * building's colour is re-derived from a few small maps, never from the history.
 */
export interface GatewayTrack {
  readonly gatewayId: string;
  catalog: Catalog | undefined;
  /** Undefined until a state message says; a gateway that sends data counts as online. */
  online: boolean | undefined;
  /** When the gateway's current online/offline state was received (epoch ms). */
  stateSince: number | undefined;
  /** When anything from this gateway was last received (epoch ms). */
  lastMessageAt: number | undefined;
  /** Active conditions by their key (kind, component, loop, address and point). */
  readonly active: Map<string, FireEvent>;
  /** Fire-water pressure points of the catalog, by point id. */
  readonly pressure: Map<string, PressureTrack>;
}

/** One fire-water pressure point: its latest value and the current run below the minimum. */
export interface PressureTrack {
  readonly point: Point;
  /** Minimum in kPa: the thresholds' per-point override, the catalog's low threshold, or the default. */
  readonly minimumKpa: number;
  /** Dead band in kPa a dip must rise above the minimum by before it ends (the catalog's hysteresis). */
  readonly hysteresisKpa: number;
  value: number | undefined;
  time: number | undefined;
  /** Time of the first reading of the current run below the minimum; undefined when not below. */
  belowSince: number | undefined;
}

/** System types (GB/T 26875.3 table 4) of water-based systems: hydrant, sprinkler, water spray, foam. */
export const WATER_SYSTEM_TYPES: ReadonlySet<number> = new Set([11, 12, 14, 15, 16]);
/**
 * Component types (table 5) of the water supply: fire pump, water tank, sprinkler pump, water-flow
 * indicator, signal valve, alarm valve, pressure switch, foam pump, pipe solenoid valve.
 */
export const WATER_COMPONENT_TYPES: ReadonlySet<number> = new Set([91, 92, 95, 96, 97, 98, 99, 105, 106]);

export { FAULT_KINDS };

/** Kinds whose active form the rules remember until cleared; every other kind is ignored. */
const TRACKED_KINDS: ReadonlySet<EventKind> = new Set<EventKind>([
  'fire',
  'supervisory',
  'low-alarm',
  'high-alarm',
  'offline',
  'shielded',
  ...FAULT_KINDS,
]);

/** A fresh track for a gateway not seen before. */
export function newGatewayTrack(gatewayId: string): GatewayTrack {
  return {
    gatewayId,
    catalog: undefined,
    online: undefined,
    stateSince: undefined,
    lastMessageAt: undefined,
    active: new Map(),
    pressure: new Map(),
  };
}

/** One condition per kind and source: the same detector's fire twice is one fire, since the first. */
export function conditionKey(event: Pick<FireEvent, 'kind' | 'component' | 'loop' | 'address' | 'point'>) {
  return `${event.kind}|${event.component}|${event.loop ?? ''}|${event.address ?? ''}|${event.point ?? ''}`;
}

/** Installs a (new) catalog: rebuilds the pressure points, keeping the runs of points that stay. */
export function applyCatalog(track: GatewayTrack, catalog: Catalog, thresholds: StatusThresholds): void {
  track.catalog = catalog;
  const before = new Map(track.pressure);
  track.pressure.clear();
  for (const point of catalog.points) {
    if (!isFireWaterPressure(point, catalog)) continue;
    const minimumKpa =
      thresholds.minimumKpaByPoint[point.id] ?? point.thresholds?.low ?? thresholds.defaultMinimumKpa;
    const previous = before.get(point.id);
    track.pressure.set(point.id, {
      point,
      minimumKpa,
      hysteresisKpa: point.thresholds?.hysteresis ?? 0,
      value: previous?.value,
      time: previous?.time,
      belowSince: previous?.belowSince,
    });
  }
}

/** A pressure point of a water-based system, or of a water-supply component (pump, valve, …). */
function isFireWaterPressure(point: Point, catalog: Catalog): boolean {
  if (point.kind !== 'pressure') return false;
  const component = catalog.components.find((c) => c.id === point.component);
  if (!component) return false;
  return WATER_SYSTEM_TYPES.has(component.systemType) || WATER_COMPONENT_TYPES.has(component.componentType);
}

/**
 * Feeds readings to the pressure points. Only newer readings than the latest count (a replayed backlog
 * arriving after live data must not reopen a closed dip); readings without a value or of bad quality
 * neither start nor end a dip.
 */
export function applyReadings(track: GatewayTrack, readings: readonly Reading[]): void {
  for (const reading of readings) {
    if (reading.value === null || reading.quality.level === 'bad') continue;
    applyPressure(track, reading.point, reading.time, reading.value);
  }
}

/** {@link applyReadings} for readings as columns (the store's and the columnar decoder's shape). */
export function applyReadingColumns(track: GatewayTrack, columns: ReadingColumns): void {
  if (track.pressure.size === 0) return;
  for (let i = 0; i < columns.length; i++) {
    const value = columns.values[i];
    const quality = columns.qualities[i] ?? 'bad';
    if (value === null || value === undefined || quality.startsWith('bad')) continue;
    applyPressure(track, columns.points[i]!, columns.times[i]!, value);
  }
}

function applyPressure(track: GatewayTrack, point: string, time: number, value: number): void {
  const pressure = track.pressure.get(point);
  if (!pressure) return;
  if (pressure.time !== undefined && time <= pressure.time) return;
  pressure.value = value;
  pressure.time = time;
  if (value < pressure.minimumKpa) {
    pressure.belowSince ??= time;
  } else if (value >= pressure.minimumKpa + pressure.hysteresisKpa) {
    pressure.belowSince = undefined;
  }
}

/** Feeds events: an active condition is remembered since its first report, a clearing one forgets it. */
export function applyEvents(track: GatewayTrack, events: readonly FireEvent[]): void {
  for (const event of events) {
    if (CLEARING_RULES[event.kind] !== undefined) {
      // reset, restored, online, unshielded: instants that end standing conditions (event-lifecycle.ts).
      for (const [key, standing] of track.active) if (clears(event, standing)) track.active.delete(key);
      continue;
    }
    if (!TRACKED_KINDS.has(event.kind)) continue;
    const key = conditionKey(event);
    if (!event.active) {
      track.active.delete(key);
    } else if (!track.active.has(key)) {
      track.active.set(key, event);
    }
  }
}
