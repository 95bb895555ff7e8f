import { FirecodeError } from '@firecode/schema';

/** The codes of the ingest's own errors (FirecodeError codes; see the schema package's errors.ts). */
export const ingestErrorCodes = [
  'INGEST_SUBSCRIBE_REFUSED',
  'INGEST_REJECTED',
  'INGEST_STORE_MIGRATIONS_MISSING',
  'INGEST_STORE_MIGRATION_FAILED',
  'INGEST_STORE_UNKNOWN_POINT',
  'INGEST_STORE_CONNECT',
  'INGEST_ARGUMENTS',
  'INGEST_TOPIC_MISMATCH',
  'INGEST_OVERSIZE',
  'INGEST_REPLAYED',
] as const;
/** One of {@link ingestErrorCodes}. */
export type IngestErrorCode = (typeof ingestErrorCodes)[number];

/** Throws-ready error of this package. */
export function ingestError(
  code: IngestErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): FirecodeError<IngestErrorCode> {
  return new FirecodeError(code, message, options);
}
