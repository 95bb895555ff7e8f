import { FirecodeError } from './errors.js';

/** Every code `@firecode/schema` throws, so callers can switch on them. */
export const SCHEMA_ERROR_CODES = [
  /** Data does not match a schema; `details.problems` lists each problem with its path. */
  'SCHEMA_INVALID',
  /** A unit symbol nobody taught us (e.g. a typo in a device profile). */
  'SCHEMA_UNKNOWN_UNIT',
  /** A unit of another quantity than the point's kind (e.g. "V" for a pressure). */
  'SCHEMA_UNIT_MISMATCH',
  /** A value that does not fit a GB/T 26875.3 analog value (int16 and the type's range). */
  'SCHEMA_ANALOG_OUT_OF_RANGE',
  /** A code (system type, component type, analog type) that no table holds. */
  'SCHEMA_UNKNOWN_CODE',
  /** A status word or flag set that does not fit its GB/T 26875.3 width. */
  'SCHEMA_STATUS_OUT_OF_RANGE',
  /** Data written with a schema version this build cannot read. */
  'SCHEMA_VERSION_UNSUPPORTED',
  /** A non-finite number (NaN, Infinity) where a measurement was expected. */
  'SCHEMA_NOT_FINITE',
  /** A time before 2000-01-01 (often seconds instead of milliseconds) or too far in the future. */
  'SCHEMA_TIME_IMPLAUSIBLE',
  /** A `state` point's value that is not one of its declared states (or not an integer state code). */
  'SCHEMA_STATE_INVALID',
] as const;
/** One of {@link SCHEMA_ERROR_CODES}. */
export type SchemaErrorCode = (typeof SCHEMA_ERROR_CODES)[number];

/** What each code means and what to do, for the reference page and for tools. */
export const SCHEMA_ERROR_DESCRIPTIONS: Readonly<Record<SchemaErrorCode, string>> = Object.freeze({
  SCHEMA_INVALID: 'Data does not match a schema; `details.problems` lists every problem with its path.',
  SCHEMA_UNKNOWN_UNIT: 'A unit symbol we do not know (often a typo or a case slip such as mPa for MPa).',
  SCHEMA_UNIT_MISMATCH: 'A unit of another quantity than the point kind (e.g. "V" for a pressure).',
  SCHEMA_ANALOG_OUT_OF_RANGE:
    "A value that does not fit a GB/T 26875.3 analog value: outside int16 or the analog type's range. Never clamped.",
  SCHEMA_UNKNOWN_CODE: 'A system, component or analog type code that no table holds.',
  SCHEMA_STATUS_OUT_OF_RANGE: 'A status word or flag set that does not fit its GB/T 26875.3 width.',
  SCHEMA_VERSION_UNSUPPORTED: 'Data written with a schema version this build cannot read: update the reader.',
  SCHEMA_NOT_FINITE:
    'NaN or Infinity where a measurement was expected, or a value whose unit conversion overflows (1e308 MPa). Never replaced by null.',
  SCHEMA_TIME_IMPLAUSIBLE:
    'A time before 2000-01-01 (the message says when it looks like seconds, not milliseconds) or more than the allowed skew (default 10 min) after now.',
  SCHEMA_STATE_INVALID:
    "A state point's value that is not one of the point's declared states (without states: not an integer 0-65535).",
});

/** Shorthand for a FirecodeError with one of the schema's codes. */
export function schemaError(
  code: SchemaErrorCode,
  message: string,
  details?: Record<string, unknown>,
): FirecodeError<SchemaErrorCode> {
  return new FirecodeError(code, message, details === undefined ? {} : { details });
}
