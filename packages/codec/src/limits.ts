/**
 * Bounds the decoder enforces before it trusts any length in the bytes, so hostile input costs at most
 * a linear scan of a bounded buffer: never a hang, a deep recursion or a huge allocation.
 */
export interface DecodeLimits {
  /** Largest message accepted, in bytes (also the largest inflated body). */
  maxBytes: number;
  /** Deepest nesting of arrays and maps. */
  maxDepth: number;
  /** Most data items (every integer, string, array, map, ...) in one message. */
  maxItems: number;
  /** Longest text string, in UTF-8 bytes. */
  maxTextLength: number;
}

/**
 * Defaults sized for a gateway's batches: a one-minute batch of 200 points at 1 Hz is ~15 kB and
 * ~13 k items, so these leave two orders of magnitude of room.
 */
export const DEFAULT_DECODE_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 16,
  maxItems: 1_000_000,
  maxTextLength: 64 * 1024,
});

/** Fills the defaults in and rejects nonsense limits (a programming error, hence `TypeError`). */
export function resolveLimits(limits: Partial<DecodeLimits> | undefined): DecodeLimits {
  const resolved = { ...DEFAULT_DECODE_LIMITS, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`decode limit ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return resolved;
}
