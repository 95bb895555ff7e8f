import type { FireEvent } from '@firecode/schema';
import type { ByteStream } from './byte-stream.js';
import {
  LD128E_IDLE,
  LD128E_POLL,
  type Ld128eRecord,
  ld128eEventCodes,
  ld128eRecordToEvent,
  parseLd128eReply,
} from './ld128e.js';
import { type DriverLogger, runGuarded, type UnknownFrame } from './unknown-frames.js';

/** Options of {@link startLd128ePoller}. */
export interface Ld128ePollerOptions {
  stream: ByteStream;
  /** Component id of the panel in events. */
  componentId: string;
  /** Poll period; the vendor document says about 200 ms. */
  intervalMs?: number;
  /** Consecutive polls without any answer before `offline` is raised (default 5, one second). */
  offlineAfter?: number;
  /** GB/T 26875.3 component type of field devices in events (default 0, general). */
  pointComponentType?: number;
  now?: () => number;
  /** A panel event; `record` is absent for the poller's own `offline` events. */
  onEvent: (event: FireEvent, record?: Ld128eRecord) => void;
  /** Bytes that were not a record or idle marker, including records with unknown codes. */
  onUnknown?: (frame: UnknownFrame) => void;
  /** Unknown frames are also logged here (warn), with the component id. */
  logger?: DriverLogger;
}

/** Counters of a running poller. */
export interface Ld128ePollerStats {
  /** Polls (0x20) sent. */
  polls: number;
  /** Idle answers (0x7F): the panel is there and has nothing new. */
  idle: number;
  /** Records turned into events. */
  records: number;
  /** Bytes reported through `onUnknown`. */
  unknownFrames: number;
  /** Polls that got no answer at all. */
  noReply: number;
  /** Callbacks (`onEvent`, `onUnknown`) or poll writes that threw: counted and logged, polling goes on. */
  callbackErrors: number;
}

/** A running LD128E poll loop. */
export interface Ld128ePoller {
  stop(): void;
  stats(): Ld128ePollerStats;
}

/**
 * Polls an LD128E CRT port: sends 0x20 every `intervalMs`, frames each answer by its poll (0x7F, or
 * three bytes starting with a known code), turns records into events, and raises `offline` once after
 * `offlineAfter` silent polls (and clears it when the panel answers again).
 */
export function startLd128ePoller(options: Ld128ePollerOptions): Ld128ePoller {
  const intervalMs = options.intervalMs ?? 200;
  const offlineAfter = options.offlineAfter ?? 5;
  const now = options.now ?? Date.now;
  const stats: Ld128ePollerStats = {
    polls: 0,
    idle: 0,
    records: 0,
    unknownFrames: 0,
    noReply: 0,
    callbackErrors: 0,
  };
  const guard = (what: string, action: () => void) =>
    runGuarded(what, action, () => stats.callbackErrors++, options.logger, options.componentId);
  let collected: number[] = [];
  let awaiting = false;
  let silentPolls = 0;
  let offline = false;

  const panelEvent = (kind: 'offline', active: boolean, description: string): FireEvent => ({
    time: now(),
    kind,
    active,
    component: options.componentId,
    systemType: 1,
    componentType: 1,
    description,
  });

  const finishReply = () => {
    const bytes = Uint8Array.from(collected);
    collected = [];
    awaiting = false;
    if (bytes.length === 0) {
      stats.noReply++;
      silentPolls++;
      if (!offline && silentPolls >= offlineAfter) {
        offline = true;
        const event = panelEvent('offline', true, `no answer to ${silentPolls} polls`);
        guard('onEvent', () => options.onEvent(event));
      }
      return;
    }
    silentPolls = 0;
    if (offline) {
      offline = false;
      const event = panelEvent('offline', false, 'answering again');
      guard('onEvent', () => options.onEvent(event));
    }
    const reply = parseLd128eReply(bytes);
    stats.idle += reply.idle;
    for (const record of reply.records) {
      const event = ld128eRecordToEvent(record, {
        componentId: options.componentId,
        time: now(),
        ...(options.pointComponentType === undefined
          ? {}
          : { pointComponentType: options.pointComponentType }),
      });
      if (event) {
        stats.records++;
        guard('onEvent', () => options.onEvent(event, record));
      }
    }
    for (const frame of reply.unknown) {
      stats.unknownFrames++;
      options.logger?.warn(
        { component: options.componentId, hex: frame.hex, length: frame.length },
        `LD128E CRT port: ${frame.reason}`,
      );
      guard('onUnknown', () => options.onUnknown?.(frame));
    }
  };

  const isComplete = () =>
    (collected.length === 1 && collected[0] === LD128E_IDLE) ||
    (collected.length === 3 && ld128eEventCodes[collected[0]!] !== undefined);

  const unsubscribe = options.stream.onData((chunk) => {
    for (const byte of chunk) collected.push(byte);
    // Answers that arrive outside a poll are kept for the next reply: an unasked record is still a record.
    if (awaiting && isComplete()) finishReply();
  });

  const timer = setInterval(() => {
    if (awaiting || collected.length > 0) finishReply();
    stats.polls++;
    awaiting = true;
    guard('writing the poll', () => options.stream.write(Uint8Array.of(LD128E_POLL)));
  }, intervalMs);

  return {
    stop() {
      clearInterval(timer);
      unsubscribe();
    },
    stats: () => ({ ...stats }),
  };
}
