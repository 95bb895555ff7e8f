/** Type checks for decoded CBOR items: each failure is a `CODEC_MALFORMED` error naming the field. */
import { codecError } from './errors.js';

/** Throws `CODEC_MALFORMED` with the message. */
export function malformed(message: string): never {
  throw codecError('CODEC_MALFORMED', `${message}: the message is damaged or not a Firecode v1 message`, {
    reason: message,
  });
}

export function asArray(item: unknown, where: string): unknown[] {
  if (!Array.isArray(item)) return malformed(`${where} must be an array`);
  return item;
}

export function asMap(item: unknown, where: string): Map<unknown, unknown> {
  if (!(item instanceof Map)) return malformed(`${where} must be a map`);
  return item;
}

/** A safe integer (cbor-x gives 64-bit integers as bigint). */
export function asInteger(item: unknown, where: string): number {
  if (typeof item === 'number' && Number.isSafeInteger(item)) return item;
  if (
    typeof item === 'bigint' &&
    item >= BigInt(Number.MIN_SAFE_INTEGER) &&
    item <= BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return Number(item);
  }
  return malformed(`${where} must be an integer within ±2^53`);
}

export function asString(item: unknown, where: string): string {
  if (typeof item !== 'string') return malformed(`${where} must be a text string`);
  return item;
}

export function asBoolean(item: unknown, where: string): boolean {
  if (typeof item !== 'boolean') return malformed(`${where} must be a boolean`);
  return item;
}

export function asBytes(item: unknown, where: string): Uint8Array {
  if (!(item instanceof Uint8Array)) return malformed(`${where} must be a byte string`);
  // cbor-x hands out Node Buffers where they exist; callers get the same plain view everywhere.
  return item.constructor === Uint8Array
    ? item
    : new Uint8Array(item.buffer, item.byteOffset, item.byteLength);
}
