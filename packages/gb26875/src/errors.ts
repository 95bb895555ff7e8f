import { FirecodeError } from '@firecode/schema';

/**
 * Every code `@firecode/gb26875` throws. Programs switch on these; the message says what was wrong,
 * where (byte offset, field) and what to do. The deframer counts rejected frames by the same codes
 * (see {@link Gb26875Deframer}), so a log line and a counter name the same reason.
 */
export const GB26875_ERROR_CODES = [
  /** Fewer bytes than a frame needs (30 + ADU length), or bytes after the end marker. */
  'GB26875_TRUNCATED',
  /** The frame does not start with `@@` (0x40 0x40). */
  'GB26875_BAD_START',
  /** The frame does not end with `##` (0x23 0x23) where its ADU length says: the length lies. */
  'GB26875_BAD_END',
  /** The ADU length field is larger than 1024, the standard's limit. */
  'GB26875_LENGTH_EXCEEDS_LIMIT',
  /** The checksum byte is not the low 8 bits of the sum of the serial number through the ADU. */
  'GB26875_BAD_CHECKSUM',
  /** The protocol version's major number is not 1. */
  'GB26875_UNSUPPORTED_VERSION',
  /** The time label is not a valid date and time (e.g. second 89, month 0): maybe BCD, see quirks. */
  'GB26875_BAD_TIME',
  /** A frame whose command needs an ADU carries none (e.g. an empty send-data heartbeat without the quirk). */
  'GB26875_EMPTY_ADU',
  /** An ADU that does not parse: unknown type flag, object count or length that does not fit. */
  'GB26875_BAD_ADU',
  /** Input to an encoder is invalid (out-of-range field, too many objects, text too long). */
  'GB26875_INVALID_INPUT',
  /** A schema value (reading, event, component) has no GB/T 26875.3 mapping. */
  'GB26875_UNMAPPED',
] as const;

/** One of {@link GB26875_ERROR_CODES}. */
export type Gb26875ErrorCode = (typeof GB26875_ERROR_CODES)[number];

/** The error type this package throws: the project's `FirecodeError` narrowed to GB/T 26875 codes. */
export type Gb26875Error = FirecodeError<Gb26875ErrorCode>;

/** Builds an error; `details` carries where it happened (offset, field, limit). */
export function gb26875Error(
  code: Gb26875ErrorCode,
  message: string,
  details?: Record<string, unknown>,
  cause?: unknown,
): Gb26875Error {
  return new FirecodeError(code, message, {
    ...(details === undefined ? {} : { details }),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** True when `error` is one of this package's errors (optionally with `code`). */
export function isGb26875Error(error: unknown, code?: Gb26875ErrorCode): error is Gb26875Error {
  return (
    error instanceof FirecodeError &&
    (GB26875_ERROR_CODES as readonly string[]).includes(error.code) &&
    (code === undefined || error.code === code)
  );
}
