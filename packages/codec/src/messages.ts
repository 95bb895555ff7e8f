import type { FireEvent, Reading, ReadingColumns } from '@firecode/schema';
import type { BatchStatus } from './batch-status.js';
import type { CodecCatalog } from './catalog.js';

/**
 * A data batch's status as the wire carries it: a flat record of named figures. What gateways and the
 * SDK put there is `BatchStatus` (`batch-status.ts`); receivers must ignore names they do not
 * know, so later versions can add figures.
 */
export type GatewayStatus = Readonly<Record<string, number | string | boolean>>;

/** A batch of readings and events of one gateway, interpreted through its catalog. */
export interface DataBatch {
  gatewayId: string;
  /** Increases by one per message and keeps increasing across restarts (persist it). 0 to 2^64-1. */
  sequence: bigint;
  /** True for data replayed from the store after an outage. */
  historical: boolean;
  readings: readonly Reading[];
  events: readonly FireEvent[];
  /** What gateways and the SDK send is a {@link BatchStatus}; other figures may be added by name. */
  status?: BatchStatus | GatewayStatus;
  /** Base time when the batch has no readings or events (epoch ms); otherwise the earliest time is used. */
  time?: number;
}

/**
 * A {@link DataBatch} whose readings are {@link ReadingColumns}: what the gateway's and the SDK's
 * batcher hand over, with no object per reading. Encodes to the same bytes.
 */
export interface ColumnarDataBatch extends Omit<DataBatch, 'readings'> {
  readings: ReadingColumns;
}

/** One or a few events sent at once, outside the batch cadence. */
export interface AlarmInput {
  gatewayId: string;
  sequence: bigint;
  historical?: boolean;
  events: readonly FireEvent[];
  /** Base time when `events` is empty (epoch ms). */
  time?: number;
}

/** What a birth message says besides the catalog. */
export interface BirthMeta {
  /** When the gateway (re)connected or its configuration changed, epoch ms. */
  time: number;
  /** The gateway's message sequence number at the time of the birth, if it numbers births too. */
  sequence?: bigint;
}

/** Online/offline of a gateway; the offline form is what a gateway registers as its MQTT last will. */
export interface StateInput {
  gatewayId: string;
  online: boolean;
  /** Epoch ms: when the state began (for a last will, when the connection was made). */
  time: number;
}

/** How to encode. */
export interface EncodeOptions {
  /**
   * DEFLATE the body: `never` (default), `auto` (only when it makes the message smaller) or `always`.
   * The message says which it did (envelope key 8 instead of 7).
   */
  compress?: 'never' | 'auto' | 'always';
}

/** Fields every decoded message has. */
export interface DecodedCommon {
  /** Wire format version (1). */
  formatVersion: number;
  gatewayId: string;
  /** True when the body arrived DEFLATE-compressed. */
  compressed: boolean;
}

/** A decoded birth: the gateway's catalog. Add it to your catalog store to decode its batches. */
export interface DecodedBirth extends DecodedCommon {
  type: 'birth';
  time: number;
  sequence?: bigint;
  catalogHash: string;
  catalog: CodecCatalog;
}

/** A decoded data batch, readings and events expanded to point and component ids. */
export interface DecodedData extends DecodedCommon {
  type: 'data';
  sequence: bigint;
  historical: boolean;
  /** Base time of the batch (epoch ms). */
  time: number;
  catalogHash: string;
  /** Grouped by point, in the order the points first appeared in the batch. */
  readings: Reading[];
  events: FireEvent[];
  status?: GatewayStatus;
}

/** A decoded alarm. */
export interface DecodedAlarm extends DecodedCommon {
  type: 'alarm';
  sequence: bigint;
  historical: boolean;
  time: number;
  catalogHash?: string;
  events: FireEvent[];
}

/** A decoded state message. */
export interface DecodedState extends DecodedCommon {
  type: 'state';
  online: boolean;
  time: number;
}

/** Any decoded message; switch on `type`. */
export type DecodedMessage = DecodedBirth | DecodedData | DecodedAlarm | DecodedState;

/** The message types of the wire format. */
export type MessageType = DecodedMessage['type'];
