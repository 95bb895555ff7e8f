/**
 * @packageDocumentation
 * Compact standard-CBOR wire format for high-rise fire code batches
 */
export {};
