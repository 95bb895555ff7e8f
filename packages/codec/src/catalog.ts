import type { Catalog } from '@firecode/schema';
import { sha256 } from '@noble/hashes/sha2';
import { encodeCbor, wireInteger } from './cbor.js';
import { codecError } from './errors.js';

/**
 * The schema's `Catalog` is what the codec encodes. A point's alias on the wire is its index in
 * `points`, a component's its index in `components`: reordering them is a new catalog (a new hash, a
 * new birth). Treat a catalog object as immutable once it has been encoded: the codec caches what it
 * derives from it (hash, bytes, alias maps) per object.
 */
export type CodecCatalog = Catalog;

/** What the codec derives once per catalog object: its hash, its canonical bytes and the alias maps. */
export interface PreparedCatalog {
  readonly catalog: CodecCatalog;
  /** 16 lowercase hex digits: the first 8 bytes of SHA-256 over {@link PreparedCatalog.bytes}. */
  readonly hash: string;
  readonly hashBytes: Uint8Array;
  /** The catalog's canonical CBOR encoding: what a birth message carries. */
  readonly bytes: Uint8Array;
  readonly pointAliases: ReadonlyMap<string, number>;
  /**
   * The points' ids by alias, in one array: the encoder checks its guess of a reading's alias here,
   * without visiting the point objects, scattered over the heap and cold by the time a batch leaves.
   */
  readonly pointIds: readonly string[];
  readonly componentAliases: ReadonlyMap<string, number>;
}

/** Bytes of the catalog hash on the wire. 64 bits: collisions between one gateway's catalogs are moot. */
export const CATALOG_HASH_BYTES = 8;

const prepared = new WeakMap<CodecCatalog, PreparedCatalog>();

/**
 * The stable hash of a catalog's content: the same content gives the same hash whatever the order of
 * object keys, and any change (a renamed point, a reordered list, a new field) gives another. It names
 * the catalog in every data batch, so a receiver knows which birth to interpret it with.
 */
export function catalogHash(catalog: CodecCatalog): string {
  return prepareCatalog(catalog).hash;
}

/** Hash, canonical bytes and alias maps of a catalog, computed once per catalog object. */
export function prepareCatalog(catalog: CodecCatalog): PreparedCatalog {
  const cached = prepared.get(catalog);
  if (cached) return cached;
  const result = buildPrepared(catalog, encodeCbor(toCanonical(catalog, 'catalog')));
  prepared.set(catalog, result);
  return result;
}

/** Prepares a catalog received in a birth message, keeping the exact bytes it arrived as. */
export function prepareReceivedCatalog(catalog: CodecCatalog, bytes: Uint8Array): PreparedCatalog {
  // A copy: the bytes are a view into the caller's message buffer, which may be reused.
  const result = buildPrepared(catalog, bytes.slice());
  prepared.set(catalog, result);
  return result;
}

function buildPrepared(catalog: CodecCatalog, bytes: Uint8Array): PreparedCatalog {
  const hashBytes = sha256(bytes).subarray(0, CATALOG_HASH_BYTES);
  return {
    catalog,
    hash: hashToHex(hashBytes),
    hashBytes,
    bytes,
    pointAliases: aliasMap(catalog.points, 'points'),
    pointIds: catalog.points.map((point) => point.id),
    componentAliases: aliasMap(catalog.components, 'components'),
  };
}

function aliasMap(list: readonly { readonly id: string }[], where: string): Map<string, number> {
  const aliases = new Map<string, number>();
  list.forEach((entry, index) => {
    if (aliases.has(entry.id)) {
      throw codecError(
        'CODEC_INVALID_INPUT',
        `catalog ${where}[${index}] repeats id "${entry.id}": ids must be unique within ${where}`,
        { path: `${where}[${index}].id` },
      );
    }
    aliases.set(entry.id, index);
  });
  return aliases;
}

/** Lowercase hex of hash bytes. */
export function hashToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The catalog as a CBOR data model with a deterministic shape: object keys sorted the way RFC 8949
 * §4.2.1 sorts text keys (shorter first, then bytewise), `undefined` fields dropped, integers in their
 * shortest form. Anything that is not JSON-like data is an input error.
 */
function toCanonical(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? wireInteger(value) : value;
  }
  if (Array.isArray(value)) return value.map((item, index) => toCanonical(item, `${path}[${index}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const keys = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort(compareKeys);
    return new Map(
      keys.map((key) => [key, toCanonical((value as Record<string, unknown>)[key], `${path}.${key}`)]),
    );
  }
  throw codecError(
    'CODEC_INVALID_INPUT',
    `${path} is a ${typeof value}: a catalog holds only objects, arrays, strings, numbers, booleans and null`,
    { path },
  );
}

const utf8 = new TextEncoder();

function compareKeys(a: string, b: string): number {
  const left = utf8.encode(a);
  const right = utf8.encode(b);
  if (left.length !== right.length) return left.length - right.length;
  for (let index = 0; index < left.length; index += 1) {
    const difference = left[index]! - right[index]!;
    if (difference !== 0) return difference;
  }
  return 0;
}
