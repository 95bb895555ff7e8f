/**
 * @packageDocumentation
 * Compact standard-CBOR wire format for high-rise fire code batches (format v1, docs/wire-format.md):
 * birth/catalog, data batch, alarm and state messages; decoder limits against hostile bytes; optional
 * DEFLATE and COSE_Sign1 Ed25519 signatures. Runs anywhere (no Node-only APIs).
 */

// The sending side.
export { BATCH_STATUS_FIELDS, type BatchStatus, type BatchStatusField } from './batch-status.js';
export {
  COSE_SIGN1_TAG,
  type Ed25519KeyPair,
  exportEd25519PrivateKey,
  generateEd25519KeyPair,
  importEd25519PrivateKey,
  keyIdOf,
  signMessage,
  verifyMessage,
  type WebCryptoKey,
} from './cose-sign1.js';
// The receiving side: all of `@firecode/codec/decode`.
export * from './decoder.js';
export {
  encodeAlarm,
  encodeBirth,
  encodeDataBatch,
  encodeState,
  MAX_READINGS_PER_BATCH,
} from './encode.js';
export type {
  AlarmInput,
  BirthMeta,
  ColumnarDataBatch,
  DataBatch,
  EncodeOptions,
  StateInput,
} from './messages.js';
