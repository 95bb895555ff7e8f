import type { Point } from './point.js';
import { schemaError } from './schema-errors.js';
import { type AnalogType, analogTypes, defaultAnalogTypes, userAnalogTypes } from './tables/analog-types.js';
import { findByCode } from './tables/code-table.js';

/** GB/T 26875.3 analog values are signed 16-bit little-endian. */
export const ANALOG_MIN = -32768;
/** Largest raw GB/T 26875.3 analog value (signed 16-bit); larger values are refused, never clamped. */
export const ANALOG_MAX = 32767;

/** The standard or Firecode user-defined analog type with `code`, or undefined. */
export function findAnalogType(code: number): AnalogType | undefined {
  return findByCode(analogTypes, code) ?? findByCode(userAnalogTypes, code);
}

/** The analog type with `code`; throws `SCHEMA_UNKNOWN_CODE` listing the known ones. */
export function analogType(code: number): AnalogType {
  const found = findAnalogType(code);
  if (found === undefined) {
    throw schemaError(
      'SCHEMA_UNKNOWN_CODE',
      `no analog type ${code}: GB/T 26875.3 table 6 defines 1-12 and Firecode adds ${userAnalogTypes
        .map((type) => `${type.code} (${type.name})`)
        .join(', ')}`,
      { table: 'analogTypes', code },
    );
  }
  return found;
}

/** The analog type a point is sent as: its own `analogType`, else its kind's default. */
export function analogTypeForPoint(point: Pick<Point, 'id' | 'kind' | 'analogType'>): AnalogType {
  const code = point.analogType ?? defaultAnalogTypes[point.kind];
  if (code === undefined) {
    throw schemaError(
      'SCHEMA_UNKNOWN_CODE',
      `point "${point.id}" is a ${point.kind} point, which has no GB/T 26875.3 analog type: send it as a status, not an analog value`,
      { point: point.id, kind: point.kind },
    );
  }
  const type = analogType(code);
  if (type.kind !== point.kind) {
    throw schemaError(
      'SCHEMA_UNIT_MISMATCH',
      `point "${point.id}" is a ${point.kind} point but analog type ${code} (${type.en}) carries ${type.kind}`,
      { point: point.id, kind: point.kind, analogType: code },
    );
  }
  return type;
}

/** Rounds half away from zero, so +2.5 and -2.5 quantize symmetrically. */
function roundHalfAway(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

function rangeText(type: AnalogType): string {
  return `${type.min}..${type.max}`;
}

/**
 * Converts a value in the canonical unit of the analog type's kind to the GB/T 26875.3 raw analog value
 * (signed 16-bit), e.g. 101.3 kPa as type 5 → 1013. Values are rounded to the type's resolution, never
 * clamped: a value outside the type's range or int16 throws `SCHEMA_ANALOG_OUT_OF_RANGE`.
 */
export function toAnalogValue(value: number, code: number): number {
  const type = analogType(code);
  if (!Number.isFinite(value)) {
    throw schemaError(
      'SCHEMA_NOT_FINITE',
      `analog type ${code} (${type.en}): value is ${value}, not a finite number`,
      {
        analogType: code,
        value,
      },
    );
  }
  if (value < type.min || value > type.max) {
    throw schemaError(
      'SCHEMA_ANALOG_OUT_OF_RANGE',
      `${value} is outside analog type ${code} (${type.en}, ${type.resolution}) range ${rangeText(type)} in its unit: it cannot be sent as a standard analog value; check the transmitter's scaling, or flag the reading out-of-range`,
      { analogType: code, value, min: type.min, max: type.max },
    );
  }
  const raw = roundHalfAway((value * type.divisor) / type.multiplier);
  if (raw < ANALOG_MIN || raw > ANALOG_MAX) {
    throw schemaError(
      'SCHEMA_ANALOG_OUT_OF_RANGE',
      `${value} as analog type ${code} (${type.resolution}) is ${raw}, outside the signed 16-bit range ${ANALOG_MIN}..${ANALOG_MAX}`,
      { analogType: code, value, raw },
    );
  }
  return raw === 0 ? 0 : raw;
}

/** Options of {@link fromAnalogValue}. */
export interface FromAnalogOptions {
  /**
   * Reject raw values outside the type's range (default true). Set false to accept what a quirky
   * device sends and flag it yourself.
   */
  checkRange?: boolean;
}

/**
 * Converts a GB/T 26875.3 raw analog value to the canonical unit of its type's kind, e.g. type 5, 1013
 * → 101.3 kPa. Throws `SCHEMA_ANALOG_OUT_OF_RANGE` for a raw value that is not an int16 or (unless
 * `checkRange: false`) lies outside the type's range.
 */
export function fromAnalogValue(raw: number, code: number, options: FromAnalogOptions = {}): number {
  const type = analogType(code);
  if (!Number.isInteger(raw) || raw < ANALOG_MIN || raw > ANALOG_MAX) {
    throw schemaError(
      'SCHEMA_ANALOG_OUT_OF_RANGE',
      `analog type ${code}: raw value ${raw} is not a signed 16-bit integer (${ANALOG_MIN}..${ANALOG_MAX}); read it as int16 little-endian`,
      { analogType: code, raw },
    );
  }
  const value = (raw * type.multiplier) / type.divisor;
  if ((options.checkRange ?? true) && (value < type.min || value > type.max)) {
    throw schemaError(
      'SCHEMA_ANALOG_OUT_OF_RANGE',
      `analog type ${code} (${type.en}): raw ${raw} means ${value}, outside the type's range ${rangeText(type)}; pass checkRange: false to accept it`,
      { analogType: code, raw, value },
    );
  }
  return value;
}
