import { type Catalog, componentTypes, type FireEvent, findByCode, type Reading } from '@firecode/schema';

/**
 * Human-readable one-line renderings of what a gateway sent, for consoles and logs:
 *   12:00:03 B-001 riser-2F pressure 412.0 kPa good
 *   12:00:05 FIRE loop 1 addr 23 smoke detector
 */

function clock(time: number): string {
  const d = new Date(time);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function decimalsFor(value: number): number {
  const magnitude = Math.abs(value);
  return magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : 3;
}

/** One readable console line for a reading: time, building, where, point, value with unit, quality. */
export function formatReading(reading: Reading, catalog: Catalog | undefined): string {
  const point = catalog?.points.find((p) => p.id === reading.point);
  const component = point && catalog?.components.find((c) => c.id === point.component);
  const building = catalog?.building?.id ?? catalog?.gatewayId ?? '?';
  const where = component?.location?.text ?? component?.name ?? point?.component ?? '';
  const label = point ? `${where} ${point.name ?? point.kind}` : reading.point;
  const value =
    reading.value === null
      ? '-'
      : `${reading.value.toFixed(decimalsFor(reading.value))}${point?.unit ? ` ${point.unit}` : ''}`;
  const quality = reading.quality.reason
    ? `${reading.quality.level} (${reading.quality.reason})`
    : reading.quality.level;
  return `${clock(reading.time)} ${building} ${label.trim()} ${value} ${quality}`;
}

/** One readable console line for an event: time, building, kind (active or cleared), component and where. */
export function formatEvent(event: FireEvent, catalog: Catalog | undefined): string {
  const component = catalog?.components.find((c) => c.id === event.component);
  const kind =
    findByCode(componentTypes, event.componentType)?.en.toLowerCase() ?? `component ${event.componentType}`;
  const head = event.active ? event.kind.toUpperCase() : `${event.kind.toUpperCase()} cleared`;
  const where =
    event.loop !== undefined && event.address !== undefined
      ? `loop ${event.loop} addr ${event.address}`
      : (component?.location?.text ?? component?.name ?? event.component);
  const point = event.point ? ` ${event.point}` : '';
  const description = event.description ? ` — ${event.description}` : '';
  return `${clock(event.time)} ${head} ${where} ${kind}${point}${description}`;
}
