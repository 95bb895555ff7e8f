import { FirecodeError } from '@firecode/schema';

/**
 * Every code the SDK itself throws or emits (it also passes on the schema's, codec's and uplink's codes,
 * e.g. `SCHEMA_INVALID` for a bad catalog, `SCHEMA_UNIT_MISMATCH` for a unit of another quantity,
 * `OUTBOX_FULL` when the outbox cannot take a message).
 */
export const SDK_ERROR_CODES = [
  /** A reading names a point that is not in the catalog. */
  'SDK_UNKNOWN_POINT',
  /** An event names a component that is not in the catalog. */
  'SDK_UNKNOWN_COMPONENT',
  /** A reading's value, time or quality is not usable (e.g. a string, a negative time, a bad quality). */
  'SDK_INVALID_READING',
  /** An event's kind, time or flags are not usable. */
  'SDK_INVALID_EVENT',
  /** The client was closed; create a new one to continue. */
  'SDK_CLOSED',
  /**
   * Signing: the outbox numbered a message differently than the one that was signed. Only happens when
   * something else appends to the client's outbox; give the client an outbox of its own.
   */
  'SDK_SIGNING_SEQUENCE',
] as const;

/** One of {@link SDK_ERROR_CODES}. */
export type SdkErrorCode = (typeof SDK_ERROR_CODES)[number];

/** The `FirecodeError` (from `@firecode/schema`) with one of the SDK's own codes. */
export type SdkError = FirecodeError<SdkErrorCode>;

/** Builds a `FirecodeError` with one of the SDK's codes. */
export function sdkError(code: SdkErrorCode, message: string, details?: Record<string, unknown>): SdkError {
  return new FirecodeError(code, message, details === undefined ? {} : { details });
}
