import type { ByteLink } from '../byte-link.js';
import { setTimeoutAtLeast } from '../clock.js';
import type { LineTiming } from '../line-timing.js';
import { rtuFraming, type SerialFraming } from '../serial-framing.js';
import type { TestSlave } from './test-slave.js';

/** Options of {@link serveRtu}. */
export interface ServeRtuOptions {
  /** Time the slave takes to answer after a request ends (default 0; never less than the inter-frame silence when `timing` is given). */
  turnaroundMs?: number;
  /** The line's timing: the slave waits the inter-frame silence before answering. */
  timing?: LineTiming;
  /**
   * Also delay each answer by its own wire time: for links that deliver instantly (serialport's
   * MockBinding) but should behave like a real line.
   */
  simulateWireTime?: boolean;
  /** Frame format (default RTU); `asciiFraming` makes this a Modbus ASCII slave. */
  framing?: SerialFraming;
}

/** What a running RTU slave counts. */
export interface RtuSlaveCounters {
  requests: number;
  /** Requests dropped because their CRC (or LRC) was wrong (real slaves stay silent then). */
  badCrc: number;
  /** Bytes dropped because they could not be framed. */
  garbageBytes: number;
}

/** Length of an RTU request frame from its first bytes, or undefined if not yet known, or null if not a request we know. */
function requestFrameLength(buffer: Uint8Array, length: number): number | null | undefined {
  if (length < 2) return undefined;
  const fc = buffer[1]!;
  if (fc >= 1 && fc <= 6) return 8;
  if (fc === 15 || fc === 16) return length < 7 ? undefined : 9 + buffer[6]!;
  return null;
}

/** A running RTU slave: {@link serveRtu}'s result. */
export interface ServedRtu {
  counters: RtuSlaveCounters;
  /** Settles when the link is open; rejects with the link's error if it cannot be opened. */
  ready: Promise<void>;
  /** Waits for the opening to settle (a failed one included), then closes the link. */
  stop(): Promise<void>;
}

/**
 * Runs `slave` as an RTU (or ASCII) slave on the slave end of a byte link. Returns its counters, a
 * promise of the link being open, and a stop function.
 */
export function serveRtu(slave: TestSlave, link: ByteLink, options: ServeRtuOptions = {}): ServedRtu {
  const counters: RtuSlaveCounters = { requests: 0, badCrc: 0, garbageBytes: 0 };
  const framing = options.framing ?? rtuFraming;
  const requestLength = (buffer: Uint8Array) =>
    framing.name === 'rtu'
      ? requestFrameLength(buffer, buffer.length)
      : framing.frameLength(buffer, buffer.length);
  let buffer = new Uint8Array(0);
  const delay = Math.max(options.turnaroundMs ?? 0, options.timing?.interFrameMs ?? 0);
  const timers = new Set<() => void>();

  const send = (frame: Uint8Array) => {
    const wire = options.simulateWireTime && options.timing ? options.timing.wireMs(frame.length) : 0;
    const wait = delay + wire;
    if (wait <= 0) {
      void link.write(frame).catch(() => {});
      return;
    }
    const cancel = setTimeoutAtLeast(() => {
      timers.delete(cancel);
      void link.write(frame).catch(() => {});
    }, wait);
    timers.add(cancel);
  };

  const answer = (unit: number, requestPdu: Uint8Array) => {
    counters.requests++;
    const response = slave.handle(unit, requestPdu);
    if (!response) return;
    const fault = slave.takeFault(unit);
    if (fault === 'silent') return;
    let frameUnit = unit;
    const pdu = Uint8Array.from(response);
    if (fault === 'wrong-unit') frameUnit = unit === 247 ? 1 : unit + 1;
    if (fault === 'wrong-function') pdu[0] = pdu[0] === 3 ? 4 : pdu[0] === 4 ? 3 : 0x2b;
    let frame = framing.encode(frameUnit, pdu);
    if (fault === 'bad-crc') {
      // RTU: flip the CRC's high byte; ASCII: change the LRC's last hex digit.
      const at = framing.name === 'rtu' ? frame.length - 1 : frame.length - 3;
      frame[at] = framing.name === 'rtu' ? frame[at]! ^ 0xff : frame[at] === 0x30 ? 0x31 : 0x30;
    }
    if (fault === 'truncated') frame = frame.slice(0, Math.max(2, frame.length >> 1));
    if (fault === 'garbage-before') {
      const garbage = Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00);
      const joined = new Uint8Array(garbage.length + frame.length);
      joined.set(garbage);
      joined.set(frame, garbage.length);
      frame = joined;
    }
    send(frame);
  };

  link.setReceiver({
    data(chunk) {
      const joined = new Uint8Array(buffer.length + chunk.length);
      joined.set(buffer);
      joined.set(chunk, buffer.length);
      buffer = joined;
      for (;;) {
        const length = requestLength(buffer);
        if (length === undefined || (length !== null && buffer.length < length)) return;
        if (length === null) {
          counters.garbageBytes += buffer.length;
          buffer = new Uint8Array(0);
          return;
        }
        const frame = buffer.slice(0, length);
        buffer = buffer.slice(length);
        const decoded = framing.decode(frame);
        if (!decoded) {
          counters.badCrc++;
          counters.garbageBytes += buffer.length;
          buffer = new Uint8Array(0);
          return;
        }
        answer(decoded.unit, decoded.pdu);
      }
    },
    closed() {
      buffer = new Uint8Array(0);
    },
  });
  // Callers that do not await `ready` must not get an unhandled rejection when the port is gone
  // (a test tearing down its pty pair while the open is still on its way did exactly that).
  const ready = link.open();
  const settled = ready.catch(() => {});
  return {
    counters,
    ready,
    async stop() {
      for (const cancel of timers) cancel();
      // Closing before the open has finished would leave the port open behind us.
      await settled;
      await link.close();
    },
  };
}
