/**
 * Turns a birth's decoded catalog (nested Maps) back into plain objects and checks the fields the
 * schema requires (the schema's `catalogSchema`). Keys become own properties even when a peer sends `__proto__`, so nothing reaches
 * a prototype.
 */
import { catalogSchema, formatProblems, validate } from '@firecode/schema';
import type { CodecCatalog } from './catalog.js';
import { malformed } from './wire-read.js';

export function catalogFromWire(item: unknown): CodecCatalog {
  const result = validate(catalogSchema, toPlain(item, 'catalog'));
  if (!result.ok) {
    return malformed(`the birth's catalog is not a valid catalog:\n${formatProblems(result.problems)}\n`);
  }
  return result.value;
}

function toPlain(item: unknown, where: string): unknown {
  if (item instanceof Map) {
    const object: Record<string, unknown> = {};
    for (const [key, value] of item) {
      if (typeof key !== 'string') malformed(`${where} has a non-text key`);
      Object.defineProperty(object, key, {
        value: toPlain(value, `${where}.${key}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return object;
  }
  if (Array.isArray(item)) return item.map((value, index) => toPlain(value, `${where}[${index}]`));
  if (typeof item === 'bigint') {
    if (item > BigInt(Number.MAX_SAFE_INTEGER) || item < BigInt(Number.MIN_SAFE_INTEGER)) {
      malformed(`${where} is an integer beyond ±2^53`);
    }
    return Number(item);
  }
  if (item instanceof Uint8Array) malformed(`${where} is a byte string; catalogs hold no binary data`);
  return item;
}
