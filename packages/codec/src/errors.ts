import { FirecodeError } from '@firecode/schema';

/**
 * Every code the codec throws. Programs switch on these; the message says what was wrong, where, and
 * what to do. `CODEC_UNKNOWN_CATALOG` is the one a receiver recovers from (ask for or wait for the
 * next birth); the signature codes are distinct so a tampered message, a wrong key and an unsigned
 * message where one is required can be told apart.
 */
export const CODEC_ERROR_CODES = [
  /** Bytes are not well-formed CBOR or not a Firecode message (truncated, wrong types, bad values). */
  'CODEC_MALFORMED',
  /** A decoder limit (total bytes, nesting depth, item count, string length, inflated size) was hit. */
  'CODEC_LIMIT_EXCEEDED',
  /** The message's format version is not one this decoder reads. */
  'CODEC_UNSUPPORTED_VERSION',
  /** The data batch refers to a catalog hash the receiver has not seen: wait for or request a birth. */
  'CODEC_UNKNOWN_CATALOG',
  /** A birth message's catalog does not hash to the hash it announces. */
  'CODEC_CATALOG_HASH_MISMATCH',
  /** A reading or event names a point or component that is not in the catalog (encode or decode). */
  'CODEC_UNKNOWN_POINT',
  /** The input to an encoder is invalid (bad time, sequence, gateway id, ...). */
  'CODEC_INVALID_INPUT',
  /** A signature is required but the message is not signed. */
  'CODEC_SIGNATURE_MISSING',
  /** The message was signed with another key than the one expected for this gateway. */
  'CODEC_SIGNATURE_WRONG_KEY',
  /** The signature does not match the bytes: the message was altered after signing. */
  'CODEC_SIGNATURE_INVALID',
  /** A signed message was handed to a decoder that does not verify signatures. */
  'CODEC_SIGNATURE_UNVERIFIED',
] as const;

/** One of {@link CODEC_ERROR_CODES}. */
export type CodecErrorCode = (typeof CODEC_ERROR_CODES)[number];

/** The error type the codec throws: the project's `FirecodeError` narrowed to codec codes. */
export type CodecError = FirecodeError<CodecErrorCode>;

/** Builds a codec error; `details` carries where it happened (offset, path, limit). */
export function codecError(
  code: CodecErrorCode,
  message: string,
  details?: Record<string, unknown>,
  cause?: unknown,
): CodecError {
  return new FirecodeError(code, message, {
    ...(details === undefined ? {} : { details }),
    ...(cause === undefined ? {} : { cause }),
  });
}
