import type { Catalog, FireEvent, Reading } from '@firecode/schema';
import type { Outbox } from '../outbox/outbox.js';
import type { MqttConnect } from '../publisher/mqtt-client.js';

/** What the conformance suite hands the factory: publish with exactly these. */
export interface PublisherFixture {
  /** The broker URL (any: the connection goes through `connect`). */
  readonly url: string;
  /** Pass as the uplink's `connect` (an in-memory broker the suite watches). */
  readonly connect: MqttConnect;
  readonly gatewayId: string;
  /** Unique per test. */
  readonly topicPrefix: string;
  /** Publish under this catalog (for a gateway: in place of the one its devices make). */
  readonly catalog: Catalog;
  /** The outbox to use; the suite owns it (do not close it). */
  readonly outbox: Outbox;
  readonly batch: { readonly maxReadings: number; readonly maxAgeMs: number };
}

/** The sender under test, seen through the few calls every sending side has. */
export interface PublisherUnderTest {
  /** Readings to batch (for the SDK: one `reading()` each). */
  addReadings(readings: readonly Reading[]): void;
  /** One event, sent at once; resolves when the outbox holds it. */
  event(event: FireEvent): Promise<unknown>;
  /** Sends the pending readings; resolves when the outbox holds them. */
  flush(): Promise<void>;
  /** Closes (publishing the offline state); leaves the fixture's outbox open. */
  close(): Promise<void>;
}

/** Creates a started sender (connecting) from the fixture. */
export type PublisherFactory = (fixture: PublisherFixture) => Promise<PublisherUnderTest>;

/** The catalog of the suite: a gateway with three pressure points and a fire panel. */
export function conformanceCatalog(gatewayId: string): Catalog {
  return {
    gatewayId,
    building: { id: 'b-conformance', name: 'Conformance tower', address: '1 Test Road' },
    components: [
      { id: gatewayId, name: 'Pressure hub', systemType: 11, componentType: 0 },
      { id: 'fap-1', name: 'Fire panel', systemType: 1, componentType: 1 },
    ],
    points: [1, 2, 3].map((n) => ({
      id: `riser-${n}-pressure`,
      name: `Riser ${n} pressure`,
      kind: 'pressure' as const,
      unit: 'kPa',
      component: gatewayId,
      range: { min: 0, max: 1600 },
    })),
  };
}

/** `count` good readings, cycling through the catalog's points, one second apart from `start`. */
export function conformanceReadings(catalog: Catalog, count: number, start: number): Reading[] {
  return Array.from({ length: count }, (_, index) => ({
    point: catalog.points[index % catalog.points.length]!.id,
    time: start + index * 1000,
    // Distinct values with one decimal, inside the points' range.
    value: Math.round((100 + ((index * 7.3) % 1400)) * 10) / 10,
    quality: { level: 'good' as const },
  }));
}

/** An event of `kind` on the fire panel, with the catalog's GB/T 26875.3 codes. */
export function conformanceEvent(
  catalog: Catalog,
  kind: FireEvent['kind'],
  time: number,
  active = true,
): FireEvent {
  const panel = catalog.components.find((component) => component.id === 'fap-1')!;
  return {
    time,
    kind,
    active,
    component: panel.id,
    systemType: panel.systemType,
    componentType: panel.componentType,
    loop: 1,
    address: 17,
  };
}
