/**
 * @packageDocumentation
 * `@firecode/codec/decode`: the receiving side only — decode (and verify) birth, data, alarm and state
 * messages, without the encoders. For browser dashboards and small services: with the schema it
 * bundles to about 55 kB gzip (`pnpm bench sdk`, `bundleGzipBytes`), against about 72 kB for the
 * whole codec. Runs anywhere (no Node-only APIs); signatures need WebCrypto.
 */
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
export type { PublicKeyLookup, VerifiedMessage, VerifyOptions } from './cose-sign1.js';
export { type DecodeOptions, decodeMessage } from './decode.js';
export { type MessageEnvelope, readEnvelope } from './envelope.js';
export { CODEC_ERROR_CODES, type CodecError, type CodecErrorCode } from './errors.js';
export { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './limits.js';
export type {
  DecodedAlarm,
  DecodedBirth,
  DecodedCommon,
  DecodedData,
  DecodedMessage,
  DecodedState,
  GatewayStatus,
  MessageType,
} from './messages.js';
export { type VerifiedDecodedMessage, verifyAndDecode } from './verify-and-decode.js';
export { FORMAT_VERSION } from './wire-keys.js';
