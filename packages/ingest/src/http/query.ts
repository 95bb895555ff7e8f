import { FirecodeError } from '@firecode/schema';
import { INGEST_HTTP_ERROR_CODES } from '../errors.js';

/**
 * Query and path parameters of the status API, validated: a bad one is a 400 with a JSON body saying
 * which parameter, what was wrong and what to send instead.
 */

/** A request the API refuses: a FirecodeError whose details carry the HTTP status. */
export type ApiError = FirecodeError<ApiErrorCode> & {
  details: { status: ApiStatus } & Record<string, unknown>;
};
/** The HTTP statuses the API refuses with. */
export type ApiStatus = 400 | 404 | 405 | 503;

/** Builds an {@link ApiError}. */
export function apiError(
  status: ApiStatus,
  code: ApiErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): ApiError {
  return new FirecodeError(code, message, { details: { status, ...details } }) as ApiError;
}

/** True when `error` is an {@link ApiError}. */
export function isApiError(error: unknown): error is ApiError {
  return (
    error instanceof FirecodeError &&
    (apiErrorCodes as readonly string[]).includes(error.code) &&
    typeof error.details?.['status'] === 'number'
  );
}

/**
 * Codes of the status server: in the API's error bodies (`{ "error": { "code", "message", ... } }`),
 * and `INGEST_HTTP_LISTEN` when it cannot listen.
 */
export const apiErrorCodes = INGEST_HTTP_ERROR_CODES;
/** One of {@link apiErrorCodes}. */
export type ApiErrorCode = (typeof apiErrorCodes)[number];

function bad(parameter: string, message: string, value: string | undefined): ApiError {
  return apiError(400, 'INGEST_HTTP_BAD_PARAMETER', `${parameter}: ${message}`, {
    parameter,
    ...(value === undefined ? {} : { value }),
  });
}

/**
 * A time parameter: epoch milliseconds (`1796313305000`) or an ISO 8601 time
 * (`2026-12-03T12:00:00Z`); `fallback` when absent.
 */
export function timeParameter(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (/^\d+$/.test(raw)) {
    const ms = Number(raw);
    if (Number.isSafeInteger(ms)) return ms;
  } else if (/^\d{4}-\d{2}-\d{2}/.test(raw)) {
    const ms = Date.parse(raw);
    if (Number.isFinite(ms)) return ms;
  }
  throw bad(
    name,
    `"${raw}" is not a time: give epoch milliseconds (e.g. 1796313305000) or ISO 8601 (e.g. 2026-12-03T12:00:00Z)`,
    raw,
  );
}

/** `true` / `false` (also `1` / `0`); `fallback` when absent. */
export function booleanParameter(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw bad(name, `"${raw}" is not a boolean: use true or false`, raw);
}

/** A positive integer path segment (a point's store id). */
export function idSegment(name: string, raw: string): number {
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(id > 0)) {
    throw bad(
      name,
      `"${raw}" is not a point id: use the pointRef of /api/buildings/:id/status (a positive integer)`,
      raw,
    );
  }
  return id;
}

/** Rejects query parameters the route does not know (a typo must not silently widen the answer). */
export function onlyParameters(query: URLSearchParams, known: readonly string[]): void {
  for (const name of query.keys()) {
    if (!known.includes(name)) {
      throw bad(
        name,
        `unknown parameter${known.length > 0 ? `: this route takes ${known.join(', ')}` : ': this route takes none'}`,
        query.get(name) ?? undefined,
      );
    }
  }
}

/** The widest window /api/points/:id/readings serves at once. */
export const MAX_READINGS_WINDOW_MS = 7 * 24 * 3600_000;
/** The window when `from` is not given: the last hour before `to`. */
export const DEFAULT_READINGS_WINDOW_MS = 3600_000;

/** `from` and `to` of a readings query: `from < to`, at most {@link MAX_READINGS_WINDOW_MS} apart. */
export function readingsWindow(query: URLSearchParams, now: number): { from: number; to: number } {
  onlyParameters(query, ['from', 'to']);
  const to = timeParameter(query, 'to', now);
  const from = timeParameter(query, 'from', to - DEFAULT_READINGS_WINDOW_MS);
  if (from >= to) {
    throw bad(
      'from',
      `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`,
      query.get('from') ?? undefined,
    );
  }
  if (to - from > MAX_READINGS_WINDOW_MS) {
    throw bad(
      'from',
      `the window from ${new Date(from).toISOString()} to ${new Date(to).toISOString()} is longer than 7 days: ask for at most 7 days at a time`,
      query.get('from') ?? undefined,
    );
  }
  return { from, to };
}
