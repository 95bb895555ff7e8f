/**
 * @packageDocumentation
 * Crash-safe store-and-forward outbox and MQTT publisher: messages are accepted into a bounded,
 * prioritised outbox (memory or append-only segment files), published at QoS 1 over a persistent
 * session, and deleted only when the broker acknowledges them. See docs/uplink.md.
 */
export { UPLINK_ERROR_CODES, type UplinkError, type UplinkErrorCode } from './errors.js';
export { classRank, isMessageClass, MESSAGE_CLASSES, type MessageClass } from './message-class.js';
export { DiskOutbox, type DiskOutboxOptions, type FsyncPolicy } from './outbox/disk-outbox.js';
export { MemoryOutbox, type MemoryOutboxOptions } from './outbox/memory-outbox.js';
export { type MessageCount, queuedCount, type Tally } from './outbox/message-count.js';
export type {
  AppendOptions,
  AppendResult,
  BuildPayload,
  ClassStats,
  DroppedMessage,
  MessageMeta,
  Outbox,
  OutboxMessage,
  OutboxStats,
} from './outbox/outbox.js';
export type { RecordProblem } from './outbox/record-format.js';
export { RECORD_HEADER_BYTES } from './outbox/record-format.js';
export type { RecoveryReport, SkippedSpan, TruncatedTail } from './outbox/recovery.js';
export { ALARM_BACKOFF_MAX_MS, type BackoffOptions } from './publisher/backoff.js';
export { safeUrl } from './publisher/connect-errors.js';
export {
  CONNECTION_EVENTS,
  CONNECTION_STATES,
  CONNECTION_TRANSITIONS,
  type ConnectionEvent,
  type ConnectionState,
  type ConnectionTransition,
} from './publisher/connection-states.js';
export { defaultClientId, PUBLISHER_DEFAULTS, PUBLISHER_LIMITS } from './publisher/defaults.js';
export { GatewayConditions } from './publisher/gateway-conditions.js';
export {
  type EncodeMessage,
  type MessageSubmitter,
  PlainSubmitter,
  type SubmitClass,
} from './publisher/message-submitter.js';
export type { MqttConnect, UplinkConnack, UplinkMqttClient } from './publisher/mqtt-client.js';
export type { PayloadSource } from './publisher/payload-source.js';
export {
  type PublishedDelivery,
  Publisher,
  type PublisherCloseOptions,
  type PublisherCloseResult,
  type PublisherEvents,
  type PublisherStats,
  type Receipt,
} from './publisher/publisher.js';
export type {
  PublishedBatch,
  PublisherOptions,
  PublisherUplinkSettings,
} from './publisher/publisher-options.js';
export {
  type BatchOptions,
  MAX_BATCH_READINGS,
  ReadingBatcher,
  resolveBatchOptions,
} from './publisher/reading-batcher.js';
export { type UplinkTopics, uplinkTopics } from './publisher/topics.js';
export {
  type ConnectInfo,
  createUplink,
  type DeliveredMessage,
  type DropReport,
  type OfflineInfo,
  Uplink,
  type UplinkCloseReport,
  type UplinkConnectionOptions,
  type UplinkEvents,
  type UplinkOptions,
  type UplinkStats,
  type UplinkTls,
} from './publisher/uplink.js';
export { formatBytes, type SizingInput, type SizingResult, sizeOutbox } from './sizing/size-outbox.js';
export { type CliIo, runSizingCli } from './sizing/sizing-cli.js';
