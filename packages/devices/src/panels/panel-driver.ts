/**
 * Fire-panel serial drivers as data, like sensor profiles: a driver names its protocol, the panel it
 * reads and how (polling or listening), and starts on a byte stream. Adding a protocol is one file in
 * `drivers/` and one line in `panel-drivers.ts`; the gateway's configuration and runtime take the list
 * from here and need no edit.
 */
import type { FireEvent } from '@firecode/schema';
import type { ByteStream } from './byte-stream.js';
import type { DriverLogger, UnknownFrame } from './unknown-frames.js';

/** Settings a panel's configuration gives its driver (each driver reads the ones it needs). */
export interface PanelDriverSettings {
  /** Poll period of drivers that poll. */
  pollIntervalMs: number;
  /** Consecutive unanswered polls before a polling driver reports the panel silent. */
  offlineAfterPolls: number;
  /** Quiet time after which a listening driver judges an unterminated record. */
  idleFlushMs: number;
}

/** What a started driver is given. */
export interface PanelDriverContext {
  stream: ByteStream;
  /** Component id of the panel in events. */
  componentId: string;
  settings: PanelDriverSettings;
  now: () => number;
  /** A record of the panel turned into an event. */
  onEvent: (event: FireEvent) => void;
  /** Bytes the driver could not make sense of (logged and counted by the caller, never dropped). */
  onUnknown: (frame: UnknownFrame) => void;
  /** A polling driver's panel stopped (`true`) or resumed (`false`) answering; `detail` says how. */
  onSilent: (silent: boolean, detail: string) => void;
  logger?: DriverLogger;
}

/** A fire-panel serial protocol driver. */
export interface PanelDriver {
  /** Protocol id used in gateway configurations (`panels[].protocol`). */
  readonly protocol: string;
  /** Panel make and port, for the gateway's catalog. */
  readonly vendor: string;
  readonly model: string;
  /** `polls`: the driver sends requests (and knows when the panel is silent); `listens`: it only reads. */
  readonly mode: 'polls' | 'listens';
  /** One line for `firecode-gateway check` and the docs. */
  readonly description: string;
  /** Starts reading the stream; the returned function stops it. */
  start(context: PanelDriverContext): () => void;
}
