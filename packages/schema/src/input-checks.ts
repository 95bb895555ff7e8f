/**
 * Checks for what a program hands in (the SDK's `reading()` / `event()`, a driver's values) that the
 * zod schemas cannot make: they need the clock, the point's declaration or the unit conversion. Each
 * throws a FirecodeError naming the value, where it came from and what to do — never a silent fix.
 */

import type { PointKind, PointState } from './point.js';
import { schemaError } from './schema-errors.js';
import { toCanonical } from './units.js';

/** 2000-01-01T00:00:00Z: nothing in this programme was measured before it; earlier means a wrong clock or unit. */
export const EARLIEST_PLAUSIBLE_TIME = Date.UTC(2000, 0, 1);

/** How far ahead of the receiver's clock a time may be before it is rejected: 10 minutes. */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 10 * 60_000;

/** Options of {@link checkPlausibleTime}. */
export interface TimeWindowOptions {
  /** How far into the future (vs `now`) a time may be. Default {@link DEFAULT_MAX_FUTURE_SKEW_MS}. */
  readonly maxFutureSkewMs?: number;
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

/**
 * Returns `time` (epoch milliseconds) when it lies between 2000-01-01 and `now` plus the allowed
 * skew; otherwise throws `SCHEMA_TIME_IMPLAUSIBLE` with a hint at the usual cause (seconds or
 * microseconds instead of milliseconds, an unset device clock).
 */
export function checkPlausibleTime(
  time: number,
  now: number,
  where: string,
  options: TimeWindowOptions = {},
): number {
  const skew = options.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
  const latest = now + skew;
  const details = { time, now, earliest: EARLIEST_PLAUSIBLE_TIME, latest };
  if (time < EARLIEST_PLAUSIBLE_TIME) {
    const asSeconds = time * 1000;
    const hint =
      asSeconds >= EARLIEST_PLAUSIBLE_TIME && asSeconds <= latest
        ? `looks like seconds, not milliseconds: multiply by 1000 (${time} s is ${iso(asSeconds)})`
        : 'the device clock is probably not set: set it (e.g. NTP) or leave time out to use the current time';
    throw schemaError(
      'SCHEMA_TIME_IMPLAUSIBLE',
      `${where}: time ${time} is ${iso(time)}, before 2000-01-01: ${hint}`,
      details,
    );
  }
  if (time > latest) {
    const hint =
      time / 1000 >= EARLIEST_PLAUSIBLE_TIME && time / 1000 <= latest
        ? `looks like microseconds, not milliseconds: divide by 1000`
        : `check the device clock, or allow more with maxFutureSkewMs (now ${skew} ms)`;
    throw schemaError(
      'SCHEMA_TIME_IMPLAUSIBLE',
      `${where}: time ${time} is ${iso(time)}, more than ${skew} ms after now (${iso(now)}): ${hint}`,
      details,
    );
  }
  return time;
}

/** The fields of a point {@link checkReadingValue} needs. */
export interface CheckedPoint {
  readonly id: string;
  readonly kind: PointKind;
  readonly unit: string;
  readonly states?: readonly Readonly<PointState>[] | undefined;
}

/**
 * The value of a reading of `point`, given in `unit` (default: the point's canonical unit), converted
 * to the canonical unit and checked that it can be sent as it is:
 * - NaN, ±Infinity, and values whose conversion overflows (1e308 MPa) throw `SCHEMA_NOT_FINITE`;
 * - a `state` point takes one of its declared `states`, or without `states` a non-negative integer
 *   (a device code); anything else throws `SCHEMA_STATE_INVALID`;
 * - a unit of another quantity throws `SCHEMA_UNIT_MISMATCH`, an unknown unit `SCHEMA_UNKNOWN_UNIT`.
 * Values outside the point's `range` are not checked here: they are sent, flagged uncertain.
 */
export function checkReadingValue(point: CheckedPoint, value: number, unit: string = point.unit): number {
  const where = `reading of point "${point.id}"`;
  if (!Number.isFinite(value)) {
    throw schemaError(
      'SCHEMA_NOT_FINITE',
      `${where}: value ${value} is not a finite number: send null with a quality that says why (e.g. { level: 'bad', reason: 'sensor-fault' })`,
      { point: point.id, value },
    );
  }
  const canonical = unit === point.unit ? value : toCanonical(value, unit, point.kind);
  if (!Number.isFinite(canonical)) {
    throw schemaError(
      'SCHEMA_NOT_FINITE',
      `${where}: ${value} ${unit} is ${canonical} ${point.unit}, beyond what a number can hold: check the value and its unit`,
      { point: point.id, value, unit },
    );
  }
  if (point.kind === 'state') checkState(point, canonical, where);
  return canonical;
}

function checkState(point: CheckedPoint, value: number, where: string): void {
  const states = point.states;
  if (states !== undefined) {
    if (states.some((state) => state.value === value)) return;
    const listed = states.map((state) => `${state.value} (${state.name})`).join(', ');
    throw schemaError(
      'SCHEMA_STATE_INVALID',
      `${where}: ${value} is not one of its states ${listed}: send one of them, or add the state to the point's states`,
      { point: point.id, value, states: states.map((state) => state.value) },
    );
  }
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw schemaError(
      'SCHEMA_STATE_INVALID',
      `${where}: a state point takes a state code (an integer 0-65535), got ${value}: declare the point's states and send one of them`,
      { point: point.id, value },
    );
  }
}
