import type { FireEvent } from '@firecode/schema';
import type { ByteStream } from './byte-stream.js';
import { Gst9000PrinterParser, type Gst9000Record, gst9000RecordToEvent } from './gst9000-printer.js';
import { type DriverLogger, runGuarded, type UnknownFrame, unknownFrame } from './unknown-frames.js';

/** Options of {@link startGst9000Listener}. */
export interface Gst9000ListenerOptions {
  stream: ByteStream;
  componentId: string;
  /** Quiet time after which a pending, unterminated record is judged (default 2000 ms). */
  idleFlushMs?: number;
  now?: () => number;
  onEvent: (event: FireEvent, record: Gst9000Record) => void;
  /** Bytes outside records, malformed records, and records whose kind line is not known. */
  onUnknown?: (frame: UnknownFrame) => void;
  /** Unknown frames are also logged here (warn), with the component id. */
  logger?: DriverLogger;
}

/** Counters of a listener. */
export interface Gst9000ListenerStats {
  /** Records turned into events. */
  records: number;
  /** Bytes or records reported through `onUnknown`. */
  unknownFrames: number;
  /** Callbacks (`onEvent`, `onUnknown`) that threw: counted and logged, the next record still goes out. */
  callbackErrors: number;
}

/** A running printer-port listener. */
export interface Gst9000Listener {
  stop(): void;
  stats(): Gst9000ListenerStats;
}

/**
 * Listens to a GST9000 printer port (it only talks; nothing is sent) and turns printouts into events.
 * A record whose kind line is unknown is reported through `onUnknown` with its text, never dropped.
 */
export function startGst9000Listener(options: Gst9000ListenerOptions): Gst9000Listener {
  const parser = new Gst9000PrinterParser();
  const now = options.now ?? Date.now;
  const stats: Gst9000ListenerStats = { records: 0, unknownFrames: 0, callbackErrors: 0 };
  const guard = (what: string, action: () => void) =>
    runGuarded(what, action, () => stats.callbackErrors++, options.logger, options.componentId);
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const reportUnknown = (frame: UnknownFrame) => {
    stats.unknownFrames++;
    options.logger?.warn(
      { component: options.componentId, hex: frame.hex, length: frame.length },
      `GST9000 printer port: ${frame.reason}`,
    );
    guard('onUnknown', () => options.onUnknown?.(frame));
  };

  const handle = (out: ReturnType<Gst9000PrinterParser['feed']>) => {
    for (const record of out.records) {
      const event = gst9000RecordToEvent(record, { componentId: options.componentId, time: now() });
      if (event) {
        stats.records++;
        guard('onEvent', () => options.onEvent(event, record));
      } else {
        reportUnknown(
          unknownFrame(
            new TextEncoder().encode(`${record.loop}-${record.point} ${record.kindText}`),
            `unknown event kind "${record.kindText}" at loop ${record.loop} point ${record.point}`,
          ),
        );
      }
    }
    for (const frame of out.unknown) reportUnknown(frame);
  };

  const unsubscribe = options.stream.onData((chunk) => {
    handle(parser.feed(chunk));
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => handle(parser.flush()), options.idleFlushMs ?? 2000);
  });

  return {
    stop() {
      if (idleTimer) clearTimeout(idleTimer);
      unsubscribe();
      handle(parser.flush());
    },
    stats: () => ({ ...stats }),
  };
}
