import type { Component, EventInput, Point, ReadingOptions } from '@firecode/sdk';
import type { RigInputs } from './rig-inputs.js';

/** What the rig needs of the SDK client (a `FirecodeClient` fits). */
export interface RigPublisher {
  reading(pointId: string, value: number | null, options?: ReadingOptions): unknown;
  event(input: EventInput): Promise<unknown>;
}

/** Ids of the rig's components and point. */
export const RIG_IDS = {
  transmitter: 'rig-pt-1',
  callPoint: 'rig-mcp-1',
  pressure: 'rig-pressure',
} as const;

/** The rig as the platform sees it: a pressure transmitter on the hydrant system, a manual call point. */
export function rigCatalogParts(fullScaleKpa = 1600): { components: Component[]; points: Point[] } {
  return {
    components: [
      // GB/T 26875.3: system 11 hydrant, component 0 general (table 5 has no transmitter).
      {
        id: RIG_IDS.transmitter,
        name: 'Potentiometer as pressure transmitter',
        systemType: 11,
        componentType: 0,
      },
      // System 1 fire alarm system, component 23 manual call point.
      { id: RIG_IDS.callPoint, name: 'Button as manual call point', systemType: 1, componentType: 23 },
    ],
    points: [
      {
        id: RIG_IDS.pressure,
        name: 'Rig pressure',
        kind: 'pressure',
        unit: 'kPa',
        component: RIG_IDS.transmitter,
        range: { min: 0, max: fullScaleKpa },
        thresholds: { low: 100, high: 1000, hysteresis: 10 },
      },
    ],
  };
}

/** Options of {@link startPressureRig}. */
export interface PressureRigOptions {
  readonly inputs: RigInputs;
  readonly publisher: RigPublisher;
  /** Pressure at full scale (ADC 1023), like a 0-1.6 MPa transmitter. Default 1600 kPa. */
  readonly fullScaleKpa?: number;
  /** Report a new value only when it moved at least this much (ADC noise). Default 2 kPa. */
  readonly deadbandKpa?: number;
  /** Told of every published reading and event, for the console. */
  readonly onPublish?: (line: string) => void;
}

/** A running rig. */
export interface PressureRig {
  /** Readings published and fire events sent so far. */
  readonly counts: { readings: number; events: number };
  stop(): Promise<void>;
}

/**
 * The rig's logic: ADC samples become pressure readings (scaled to kPa, reported when they move past the
 * dead band); the button works as a manual call point — a press raises a fire alarm that stays until a
 * second press resets it (a real call point latches until it is reset at the panel).
 */
export function startPressureRig(options: PressureRigOptions): PressureRig {
  const fullScale = options.fullScaleKpa ?? 1600;
  const deadband = options.deadbandKpa ?? 2;
  const print = options.onPublish ?? (() => {});
  const counts = { readings: 0, events: 0 };
  let last: number | undefined;
  let fire = false;
  let stopped = false;
  options.inputs.pressure.onSample((raw) => {
    if (stopped) return;
    if (!Number.isInteger(raw) || raw < 0 || raw > 1023) {
      options.publisher.reading(RIG_IDS.pressure, null, {
        quality: { level: 'bad', reason: 'sensor-fault' },
      });
      print(`${RIG_IDS.pressure}: ADC value ${raw} is not 0..1023, sent as a sensor fault`);
      return;
    }
    const kpa = Math.round((raw / 1023) * fullScale * 10) / 10;
    if (last !== undefined && Math.abs(kpa - last) < deadband) return;
    last = kpa;
    options.publisher.reading(RIG_IDS.pressure, kpa);
    counts.readings++;
    print(`${RIG_IDS.pressure} ${kpa.toFixed(1)} kPa`);
  });
  options.inputs.callPoint.onChange((pressed) => {
    if (stopped || !pressed) return;
    fire = !fire;
    counts.events++;
    print(fire ? `${RIG_IDS.callPoint}: FIRE (manual call point pressed)` : `${RIG_IDS.callPoint}: reset`);
    options.publisher
      .event({
        kind: 'fire',
        active: fire,
        component: RIG_IDS.callPoint,
        description: fire ? 'manual call point operated' : 'manual call point reset',
      })
      .catch((error: unknown) => print(`fire event not accepted: ${(error as Error).message}`));
  });
  return {
    counts,
    stop: async () => {
      stopped = true;
      await options.inputs.close();
    },
  };
}
