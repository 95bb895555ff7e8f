import {
  analogTypeForPoint,
  type Catalog,
  type Component,
  componentStatusBits,
  type EventKind,
  type FireEvent,
  toAnalogValue,
} from '@firecode/schema';
import {
  type AnalogValueObject,
  type ComponentStatusObject,
  fitGb18030,
  splitAdu,
  TypeFlag,
} from '../adu/index.js';
import type { UplinkMapping } from './gb26875-uplink.js';

/** The component status bit each event kind raises (from the schema's bit table: one source). */
const BIT_OF = new Map<EventKind, number>(
  componentStatusBits.flatMap((bit) => (bit.event ? [[bit.event, bit.code] as const] : [])),
);
/** Kinds that clear another kind's bit, and threshold/reachability kinds without a bit of their own. */
const CLEARS: Partial<Record<EventKind, EventKind>> = {
  restored: 'fault',
  unshielded: 'shielded',
  stopped: 'started',
  online: 'fault',
};
const ALSO: Partial<Record<EventKind, EventKind>> = {
  offline: 'fault',
  'low-alarm': 'supervisory',
  'high-alarm': 'supervisory',
};
/** Bits a panel reset clears: fire, fault, supervisory, started, feedback, delay. */
const RESET_CLEARS = 0b1111_0110;
const NORMAL = 1;

/**
 * Component address of an event: a panel point packs loop and address as `loop × 65536 + address`
 * (the 4-byte field's upper and lower halves); otherwise the catalog's `componentAddress`, else the
 * component's place in the catalog (1-based), so it stays stable while the catalog does.
 */
function componentAddressOf(event: FireEvent, catalog: Catalog, component: Component | undefined): number {
  if (event.loop !== undefined && event.address !== undefined) return event.loop * 65536 + event.address;
  if (component?.componentAddress !== undefined) return component.componentAddress;
  return catalog.components.findIndex((c) => c.id === event.component) + 1;
}

/**
 * The gateway's events and readings as GB/T 26875.3 units: each event becomes a component status
 * (type 2) whose word carries every condition of that component still active (fire and fault at once
 * are both set), each reading with a standard analog type an analog value (type 3). Codes come from
 * the schema's tables. Stateful (it remembers each component's word), so one per uplink.
 */
export function createSchemaMapping(): UplinkMapping {
  const words = new Map<string, number>();
  return {
    events(events, catalog, time) {
      const objects: ComponentStatusObject[] = [];
      for (const event of events) {
        const component = catalog.components.find((c) => c.id === event.component);
        const componentAddress = componentAddressOf(event, catalog, component);
        const key = `${event.component}/${componentAddress}`;
        let word = words.get(key) ?? NORMAL;
        if (event.kind === 'reset') word &= ~RESET_CLEARS;
        const kind = ALSO[event.kind] ?? CLEARS[event.kind] ?? event.kind;
        const bit = BIT_OF.get(kind);
        if (bit !== undefined) {
          const set = CLEARS[event.kind] ? false : event.active;
          word = set ? word | (1 << bit) : word & ~(1 << bit);
        }
        word |= NORMAL;
        words.set(key, word);
        const text = event.description ?? component?.location?.text ?? component?.name ?? event.component;
        objects.push({
          systemType: event.systemType,
          systemAddress: component?.systemAddress ?? 1,
          componentType: event.componentType,
          componentAddress,
          status: word,
          description: fitGb18030(text, 31),
          time: time(event.time),
        });
      }
      return objects.length === 0 ? [] : splitAdu({ type: TypeFlag.componentStatus, objects });
    },
    readings(readings, catalog, time) {
      const objects: AnalogValueObject[] = [];
      for (const reading of readings) {
        if (reading.value === null || reading.quality.level === 'bad') continue;
        const point = catalog.points.find((p) => p.id === reading.point);
        if (!point) continue;
        const component = catalog.components.find((c) => c.id === point.component);
        let analogType: number;
        let value: number;
        try {
          analogType = analogTypeForPoint(point).code;
          value = toAnalogValue(reading.value, analogType);
        } catch {
          continue; // a status point, or a value the analog type cannot carry: not an analog unit
        }
        objects.push({
          systemType: component?.systemType ?? 0,
          systemAddress: component?.systemAddress ?? 1,
          componentType: component?.componentType ?? 0,
          componentAddress:
            component?.componentAddress ?? catalog.components.findIndex((c) => c.id === point.component) + 1,
          analogType,
          value,
          time: time(reading.time),
        });
      }
      return objects.length === 0 ? [] : splitAdu({ type: TypeFlag.analogValue, objects });
    },
  };
}
