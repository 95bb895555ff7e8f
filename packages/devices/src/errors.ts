import { FirecodeError } from '@firecode/schema';

/**
 * Every reason the devices package throws or reports. Programs switch on these; the message says
 * what was wrong, where (profile file, field) and what to do.
 */
export const DEVICES_ERROR_CODES = [
  /** A profile (object literal, YAML or JSON file) does not validate. */
  'DEVICES_PROFILE_INVALID',
  /** Two profiles share an id. */
  'DEVICES_PROFILE_DUPLICATE',
  /** `getProfile` was asked for an id nobody registered. */
  'DEVICES_PROFILE_NOT_FOUND',
  /** A profile file or folder could not be read or parsed. */
  'DEVICES_PROFILE_UNREADABLE',
  /** A point, event or option names something the profile does not have. */
  'DEVICES_UNKNOWN_POINT',
  /** Options passed to a normalizer, encoder or parser are wrong. */
  'DEVICES_OPTIONS_INVALID',
  /** A value cannot be represented in the registers of a point (inverse transform). */
  'DEVICES_VALUE_NOT_ENCODABLE',
  /** No fire-panel driver is registered for a protocol id. */
  'DEVICES_PANEL_PROTOCOL_UNKNOWN',
] as const;
/** One of {@link DEVICES_ERROR_CODES}. */
export type DevicesErrorCode = (typeof DEVICES_ERROR_CODES)[number];

/** Builds the package's {@link FirecodeError}. */
export function devicesError(
  code: DevicesErrorCode,
  message: string,
  details?: Record<string, unknown>,
  cause?: unknown,
): FirecodeError<DevicesErrorCode> {
  return new FirecodeError(code, message, {
    ...(details === undefined ? {} : { details }),
    ...(cause === undefined ? {} : { cause }),
  });
}
