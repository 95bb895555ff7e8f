import {
  type Catalog,
  type Component,
  checkPlausibleTime,
  checkReadingValue,
  type EventKind,
  eventKinds,
  type FireEvent,
  GOOD,
  type Point,
  type Quality,
  qualitySchema,
  type Reading,
  type TimeWindowOptions,
  validate,
} from '@firecode/schema';
import { sdkError } from './errors.js';

/** Options of {@link FirecodeClient.reading}. */
export interface ReadingOptions {
  /** When the value was measured: epoch milliseconds or a Date. Default: now. */
  readonly time?: number | Date;
  /** Default good; a `null` value needs a quality that is not good. */
  readonly quality?: Quality;
  /**
   * The unit `value` is in, when it is not the point's canonical unit (e.g. `'MPa'` for a `kPa` point):
   * converted before it is sent. A unit of another quantity throws `SCHEMA_UNIT_MISMATCH`.
   */
  readonly unit?: string;
}

/** What {@link FirecodeClient.event} takes: the component's codes are filled in from the catalog. */
export interface EventInput {
  /** What happened, e.g. `'fire'`, `'fault'`, `'restored'` (the schema's `eventKinds`). */
  readonly kind: EventKind;
  /** Component id, as in the catalog. */
  readonly component: string;
  /** True when the condition starts (default), false when it clears. */
  readonly active?: boolean;
  /** Epoch milliseconds or a Date. Default: now. */
  readonly time?: number | Date;
  /** Point id, when the event comes from a measured point. */
  readonly point?: string;
  /** Text as the device shows it. */
  readonly description?: string;
  /** The device's own codes, for audit (e.g. `{ faultCode: 17 }`). */
  readonly source?: Readonly<Record<string, number | string>>;
  /** Fire-panel loop and address, when the component sits on a panel loop. */
  readonly loop?: number;
  readonly address?: number;
}

/**
 * The catalog as lookups: turns a vendor's `(pointId, value, options)` into a schema `Reading` and an
 * `EventInput` into a `FireEvent`, or throws a FirecodeError that says what is wrong and how to fix it.
 */
export class PointIndex {
  readonly #points: ReadonlyMap<string, Point>;
  readonly #components: ReadonlyMap<string, Component>;
  readonly #timeWindow: TimeWindowOptions;

  /** `timeWindow`: how far into the future a given time may be (see `checkPlausibleTime`). */
  constructor(catalog: Catalog, timeWindow: TimeWindowOptions = {}) {
    this.#timeWindow = timeWindow;
    this.#points = new Map(catalog.points.map((point) => [point.id, point]));
    this.#components = new Map(catalog.components.map((component) => [component.id, component]));
  }

  point(id: string): Point {
    const point = this.#points.get(id);
    if (point === undefined) {
      throw sdkError(
        'SDK_UNKNOWN_POINT',
        `point "${String(id)}" is not in the catalog (it has ${listIds(this.#points)}): add it to the catalog's points or fix the id`,
        { point: id },
      );
    }
    return point;
  }

  component(id: string): Component {
    const component = this.#components.get(id);
    if (component === undefined) {
      throw sdkError(
        'SDK_UNKNOWN_COMPONENT',
        `component "${String(id)}" is not in the catalog (it has ${listIds(this.#components)}): add it to the catalog's components or fix the id`,
        { component: id },
      );
    }
    return component;
  }

  /**
   * A validated reading in the point's canonical unit. Values that cannot be sent as they are (NaN,
   * overflowing conversions, undeclared states) and implausible times throw; values outside the
   * point's `range` are sent, flagged uncertain (`out-of-range`).
   */
  reading(pointId: string, value: number | null, options: ReadingOptions, now: number): Reading {
    const point = this.point(pointId);
    const where = `reading of point "${pointId}"`;
    const time = checkTime(options.time, now, where, 'SDK_INVALID_READING', this.#timeWindow);
    let quality = checkQuality(options.quality, where);
    if (value === null) {
      if (quality.level === 'good') {
        throw sdkError(
          'SDK_INVALID_READING',
          `${where}: a null value needs a quality that says why, e.g. { level: 'bad', reason: 'sensor-fault' }`,
          { point: pointId },
        );
      }
      return { point: pointId, time, value: null, quality };
    }
    if (typeof value !== 'number') {
      throw sdkError(
        'SDK_INVALID_READING',
        `${where}: value must be a number (or null with a bad quality), got ${typeof value}`,
        { point: pointId },
      );
    }
    // Throws SCHEMA_NOT_FINITE, SCHEMA_STATE_INVALID, SCHEMA_UNIT_MISMATCH or SCHEMA_UNKNOWN_UNIT.
    const canonical = checkReadingValue(point, value, options.unit ?? point.unit);
    if (
      quality.level === 'good' &&
      point.range &&
      (canonical < point.range.min || canonical > point.range.max)
    ) {
      quality = OUT_OF_RANGE;
    }
    return { point: pointId, time, value: canonical, quality };
  }

  /** A complete event: the component's GB/T 26875.3 system and component types from the catalog. */
  event(input: EventInput, now: number): FireEvent {
    if (typeof input !== 'object' || input === null) {
      throw sdkError(
        'SDK_INVALID_EVENT',
        'event: pass an object such as { kind: "fault", component: "hub-1" }',
      );
    }
    const where = `event of component "${String(input.component)}"`;
    if (!(eventKinds as readonly string[]).includes(input.kind)) {
      throw sdkError(
        'SDK_INVALID_EVENT',
        `${where}: kind "${String(input.kind)}" is not one of ${eventKinds.join(', ')}`,
        { kind: input.kind },
      );
    }
    if (input.active !== undefined && typeof input.active !== 'boolean') {
      throw sdkError('SDK_INVALID_EVENT', `${where}: active must be true or false`);
    }
    const component = this.component(input.component);
    if (input.point !== undefined) {
      const point = this.point(input.point);
      if (point.component !== component.id) {
        throw sdkError(
          'SDK_INVALID_EVENT',
          `${where}: point "${point.id}" belongs to component "${point.component}", not "${component.id}"`,
        );
      }
    }
    const time = checkTime(input.time, now, where, 'SDK_INVALID_EVENT', this.#timeWindow);
    const event: FireEvent = {
      time,
      kind: input.kind,
      active: input.active ?? true,
      component: component.id,
      systemType: component.systemType,
      componentType: component.componentType,
      ...(input.point === undefined ? {} : { point: input.point }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.source === undefined ? {} : { source: { ...input.source } }),
      ...(input.loop === undefined ? {} : { loop: input.loop }),
      ...(input.address === undefined ? {} : { address: input.address }),
    };
    return event;
  }
}

const OUT_OF_RANGE: Quality = Object.freeze({ level: 'uncertain', reason: 'out-of-range' });

function listIds(map: ReadonlyMap<string, unknown>): string {
  const ids = [...map.keys()];
  const shown = ids.slice(0, 8).map((id) => `"${id}"`);
  return ids.length > 8 ? `${shown.join(', ')}, ... (${ids.length} in all)` : shown.join(', ') || 'none';
}

function checkTime(
  time: number | Date | undefined,
  now: number,
  where: string,
  code: 'SDK_INVALID_READING' | 'SDK_INVALID_EVENT',
  window: TimeWindowOptions,
): number {
  if (time === undefined) return now;
  const ms = time instanceof Date ? time.getTime() : time;
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0) {
    throw sdkError(
      code,
      `${where}: time must be epoch milliseconds (a non-negative integer, e.g. Date.now()) or a valid Date, got ${String(time)}`,
    );
  }
  // Throws SCHEMA_TIME_IMPLAUSIBLE: seconds for milliseconds, an unset clock, a time in the future.
  return checkPlausibleTime(ms, now, where, window);
}

function checkQuality(quality: Quality | undefined, where: string): Quality {
  if (quality === undefined) return GOOD;
  const checked = validate(qualitySchema, quality);
  if (!checked.ok) {
    throw sdkError(
      'SDK_INVALID_READING',
      `${where}: quality ${JSON.stringify(quality)} is not valid: use { level: 'good' | 'uncertain' | 'bad', reason? }`,
    );
  }
  return checked.value;
}
