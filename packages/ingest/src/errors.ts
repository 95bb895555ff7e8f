import { FirecodeError } from '@firecode/schema';

/**
 * The codes of the status API's refusals (HTTP 4xx/5xx with a JSON body naming the parameter and what
 * to send instead); part of {@link INGEST_ERROR_CODES}.
 */
export const INGEST_HTTP_ERROR_CODES = [
  /** A query or path parameter is malformed or out of range (HTTP 400); the body names it. */
  'INGEST_HTTP_BAD_PARAMETER',
  /** No such building, gateway, point or page (HTTP 404). */
  'INGEST_HTTP_NOT_FOUND',
  /** The method is not allowed on that path (HTTP 405): the API is read-only, use GET. */
  'INGEST_HTTP_METHOD',
  /** The store is not reachable right now (HTTP 503): retry; the service logs why. */
  'INGEST_HTTP_UNAVAILABLE',
  /** An unexpected failure answering a request (HTTP 500); the service logs the cause. */
  'INGEST_HTTP_INTERNAL',
  /** The status server cannot listen on its address (taken, or not a local address). */
  'INGEST_HTTP_LISTEN',
] as const;

/** The codes of the ingest's own errors (FirecodeError codes; the convention is in docs/errors.md). */
export const INGEST_ERROR_CODES = [
  /** The broker refused the subscription: check its ACL for the client (and v5 shared-subscription support). */
  'INGEST_SUBSCRIBE_REFUSED',
  /** A message could not be decoded or stored and was rejected (counted by reason, never silently). */
  'INGEST_REJECTED',
  /** The SQL migrations are not installed beside the package: reinstall @firecode/ingest. */
  'INGEST_STORE_MIGRATIONS_MISSING',
  /** A migration failed and was rolled back: fix the database or the migration and run migrate again. */
  'INGEST_STORE_MIGRATION_FAILED',
  /** A batch names a point the stored catalog lacks: the gateway's birth has not been stored yet. */
  'INGEST_STORE_UNKNOWN_POINT',
  /** PostgreSQL cannot be reached at the URL: is the server running and the database created? */
  'INGEST_STORE_CONNECT',
  /** A bad option or command-line argument; the message says which and what to give. */
  'INGEST_ARGUMENTS',
  /** A message was published on another gateway's topic than its own gateway id: rejected. */
  'INGEST_TOPIC_MISMATCH',
  /** A message is larger than `maxMessageBytes`: rejected before decoding. */
  'INGEST_OVERSIZE',
  /** A message whose sequence was stored before (a redelivery): acknowledged, not stored twice. */
  'INGEST_REPLAYED',
  ...INGEST_HTTP_ERROR_CODES,
] as const;
/** One of {@link INGEST_ERROR_CODES}. */
export type IngestErrorCode = (typeof INGEST_ERROR_CODES)[number];

/** Throws-ready error of this package. */
export function ingestError(
  code: IngestErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): FirecodeError<IngestErrorCode> {
  return new FirecodeError(code, message, options);
}
