import { type CodecCatalog, type PreparedCatalog, prepareCatalog } from './catalog.js';

/**
 * Where a receiver keeps the catalogs it has seen in birth messages, keyed by gateway and catalog
 * hash. A database-backed store implements the same two methods.
 */
export interface CatalogStore {
  /** The catalog a gateway announced with this hash, or undefined when none was seen. */
  get(gatewayId: string, hash: string): CodecCatalog | undefined;
}

/** A bare look-up function: the simplest catalog source for `decodeMessage`. */
export type CatalogLookup = (gatewayId: string, hash: string) => CodecCatalog | undefined;

/**
 * An in-memory {@link CatalogStore}: keeps every catalog added, per gateway. Enough for tests, the SDK
 * and small receivers; a long-running ingest service with many gateways keeps them in its database.
 */
export class MemoryCatalogStore implements CatalogStore {
  readonly #catalogs = new Map<string, CodecCatalog>();

  /** Adds a catalog (e.g. from a decoded birth) and returns its hash. */
  add(catalog: CodecCatalog): string {
    const { hash } = prepareCatalog(catalog);
    this.#catalogs.set(key(catalog.gatewayId, hash), catalog);
    return hash;
  }

  get(gatewayId: string, hash: string): CodecCatalog | undefined {
    return this.#catalogs.get(key(gatewayId, hash));
  }

  /** Number of catalogs held. */
  get size(): number {
    return this.#catalogs.size;
  }
}

function key(gatewayId: string, hash: string): string {
  return `${gatewayId}\u0000${hash}`;
}

/** Resolves a store or function to a look-up that returns prepared catalogs. */
export function catalogResolver(
  source: CatalogStore | CatalogLookup,
): (gatewayId: string, hash: string) => PreparedCatalog | undefined {
  const lookup: CatalogLookup =
    typeof source === 'function' ? source : (gatewayId, hash) => source.get(gatewayId, hash);
  return (gatewayId, hash) => {
    const catalog = lookup(gatewayId, hash);
    return catalog === undefined ? undefined : prepareCatalog(catalog);
  };
}
