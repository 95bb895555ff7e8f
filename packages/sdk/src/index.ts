/**
 * @packageDocumentation
 * Vendor SDK: publish high-rise fire code readings and events from your own device. A few calls —
 * {@link createFirecodeClient}, `client.reading`, `client.event`, `client.flush`, `client.close` — on top
 * of the schema (validation, units), the codec (compact CBOR, optional signatures) and the uplink
 * (store-and-forward outbox, MQTT with birth and last will). See docs/sdk.md.
 */

// Types that appear in the client's public signatures, so vendors import everything from one package.
export type { Ed25519KeyPair } from '@firecode/codec';
export { generateEd25519KeyPair } from '@firecode/codec';
export type {
  Building,
  Catalog,
  Component,
  EventKind,
  FireEvent,
  FireSystem,
  Point,
  Quality,
  Reading,
} from '@firecode/schema';
export { FirecodeError, isFirecodeError } from '@firecode/schema';
export type {
  BackoffOptions,
  ConnectInfo,
  DeliveredMessage,
  DropReport,
  FsyncPolicy,
  MessageCount,
  OfflineInfo,
  Outbox,
  Tally,
  UplinkStats,
  UplinkTls,
  UplinkTopics,
} from '@firecode/uplink';
// The two outboxes, for vendors who build their own and pass it as `outbox`.
export { type BatchOptions, DiskOutbox, MAX_BATCH_READINGS, MemoryOutbox } from '@firecode/uplink';
export {
  type CloseResult,
  createFirecodeClient,
  FirecodeClient,
  type FirecodeClientEvents,
  type FirecodeClientStats,
  type Receipt,
} from './client.js';
export { SDK_ERROR_CODES, type SdkError, type SdkErrorCode } from './errors.js';
export type {
  DiskOutboxChoice,
  FirecodeClientOptions,
  MemoryOutboxChoice,
  OutboxChoice,
} from './options.js';
export type { EventInput, ReadingOptions } from './point-index.js';
