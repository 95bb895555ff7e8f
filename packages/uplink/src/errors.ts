import { FirecodeError, isFirecodeError } from '@firecode/schema';

/**
 * Every error code the uplink throws or emits. A program switches on `error.code`; `error.details`
 * carries the directory, file, offset or broker URL involved.
 */
export const UPLINK_ERROR_CODES = [
  /** The outbox cannot take the message: no droppable message left to make room (e.g. full of alarms). */
  'OUTBOX_FULL',
  /** The outbox was closed; open a new one to continue. */
  'OUTBOX_CLOSED',
  /** Another live process holds the outbox directory. */
  'OUTBOX_LOCKED',
  /** Reading or writing the outbox directory failed (permissions, disk full, ...). */
  'OUTBOX_IO',
  /** The payload builder threw or returned something that is not a Uint8Array. */
  'OUTBOX_BUILD_FAILED',
  /** The broker could not be reached or refused the connection. */
  'UPLINK_CONNECT_FAILED',
  /** The TLS handshake failed: wrong/missing client certificate, unknown CA, wrong host name. */
  'UPLINK_TLS_REFUSED',
  /** The broker refused the credentials or the client is not authorized. */
  'UPLINK_AUTH_REFUSED',
  /** The uplink was closed; create a new one to continue. */
  'UPLINK_CLOSED',
  /** A publish failed and will be retried from the outbox. */
  'UPLINK_PUBLISH_FAILED',
  /**
   * The broker refused a publish on a live connection (MQTT 5 PUBACK failure reason code, e.g. 0x87
   * not authorized by its ACL, 0x97 quota exceeded). The message stays in the outbox and its class is
   * retried after a backoff; `details` has `sequence`, `cls`, `topic`, `reasonCode`, `attempt`,
   * `retryInMs`. Check the broker's ACL and limits for the topic.
   */
  'UPLINK_PUBLISH_REFUSED',
  /**
   * The uplink's connection got an event its state does not allow (see CONNECTION_TRANSITIONS and
   * "Connection states" in docs/uplink.md): a bug in the uplink; `details` has `state` and `event`.
   */
  'UPLINK_STATE_INVALID',
] as const;

/** One of {@link UPLINK_ERROR_CODES}. */
export type UplinkErrorCode = (typeof UPLINK_ERROR_CODES)[number];

/** The `FirecodeError` (from `@firecode/schema`) the uplink throws and emits. */
export type UplinkError = FirecodeError<UplinkErrorCode>;

/** Builds a `FirecodeError` with one of the uplink's codes. */
export function uplinkError(
  code: UplinkErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): UplinkError {
  return new FirecodeError(code, message, options);
}

/** Re-throws FirecodeErrors as they are and wraps anything else as OUTBOX_IO with `what` and `where`. */
export function ioError(what: string, where: string, cause: unknown): Error {
  if (isFirecodeError(cause)) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return uplinkError(
    'OUTBOX_IO',
    `${what} failed for ${where}: ${reason}; check free space and permissions`,
    {
      cause,
      details: { path: where },
    },
  );
}
