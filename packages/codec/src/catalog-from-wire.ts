/**
 * Turns a birth's decoded catalog (nested Maps) back into plain objects and checks the fields the
 * codec relies on. Keys become own properties even when a peer sends `__proto__`, so nothing reaches
 * a prototype.
 */
import type { CodecCatalog } from './catalog.js';
import { asArray, malformed } from './wire-read.js';

export function catalogFromWire(item: unknown): CodecCatalog {
  const catalog = toPlain(item, 'catalog');
  if (!isRecord(catalog)) return malformed('catalog must be a map');
  if (typeof catalog['gatewayId'] !== 'string') malformed('catalog.gatewayId must be a text string');
  for (const [index, component] of asArray(catalog['components'], 'catalog.components').entries()) {
    const where = `catalog.components[${index}]`;
    if (!isRecord(component)) return malformed(`${where} must be a map`);
    requireString(component, 'id', where);
    requireByte(component, 'systemType', where);
    requireByte(component, 'componentType', where);
  }
  for (const [index, point] of asArray(catalog['points'], 'catalog.points').entries()) {
    const where = `catalog.points[${index}]`;
    if (!isRecord(point)) return malformed(`${where} must be a map`);
    for (const field of ['id', 'kind', 'unit', 'component']) requireString(point, field, where);
  }
  return catalog as unknown as CodecCatalog;
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(record: Record<string, unknown>, field: string, where: string): void {
  const value = record[field];
  if (typeof value !== 'string' || (field !== 'unit' && value.length === 0)) {
    malformed(`${where}.${field} must be a text string`);
  }
}

function requireByte(record: Record<string, unknown>, field: string, where: string): void {
  const value = record[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) {
    malformed(`${where}.${field} must be an integer 0-255`);
  }
}
