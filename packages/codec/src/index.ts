/**
 * @packageDocumentation
 * Compact standard-CBOR wire format for high-rise fire code batches (format v1, docs/wire-format.md):
 * birth/catalog, data batch, alarm and state messages; decoder limits against hostile bytes; optional
 * DEFLATE and COSE_Sign1 Ed25519 signatures. Runs anywhere (no Node-only APIs).
 */

export { BATCH_STATUS_FIELDS, type BatchStatus, type BatchStatusField } from './batch-status.js';
export { type CodecCatalog, catalogHash } from './catalog.js';
export { type CatalogLookup, type CatalogStore, MemoryCatalogStore } from './catalog-store.js';
export {
  columnsToReadings,
  type DecodedColumnarMessage,
  type DecodedDataColumns,
  decodeColumnar,
  qualityOfCode,
  type ReadingColumns,
} from './columnar-decode.js';
export {
  COSE_SIGN1_TAG,
  type Ed25519KeyPair,
  exportEd25519PrivateKey,
  generateEd25519KeyPair,
  importEd25519PrivateKey,
  keyIdOf,
  type PublicKeyLookup,
  signMessage,
  type VerifiedMessage,
  type VerifyOptions,
  verifyMessage,
  type WebCryptoKey,
} from './cose-sign1.js';
export { type DecodeOptions, decodeMessage } from './decode.js';
export {
  encodeAlarm,
  encodeBirth,
  encodeDataBatch,
  encodeState,
  MAX_READINGS_PER_BATCH,
} from './encode.js';
export { type MessageEnvelope, readEnvelope } from './envelope.js';
export { type CodecError, type CodecErrorCode, codecErrorCodes } from './errors.js';
export { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './limits.js';
export type {
  AlarmInput,
  BirthMeta,
  DataBatch,
  DecodedAlarm,
  DecodedBirth,
  DecodedCommon,
  DecodedData,
  DecodedMessage,
  DecodedState,
  EncodeOptions,
  GatewayStatus,
  MessageType,
  StateInput,
} from './messages.js';
export { type VerifiedDecodedMessage, verifyAndDecode } from './verify-and-decode.js';
export { FORMAT_VERSION } from './wire-keys.js';
