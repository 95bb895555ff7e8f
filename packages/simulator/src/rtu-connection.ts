import type { SlaveConnection, WriteBytes } from './connection.js';
import { rtuFrame } from './crc16.js';
import { characterTimeMs, frameGapMs, type LineTiming, validateLineTiming } from './line-timing.js';
import { RtuFramer } from './rtu-framer.js';
import type { SlaveDecision, SlaveEngine } from './slave-engine.js';

/** How long silence ends a frame of unknown length when no line timing is emulated. */
const INSTANT_MODE_SILENCE_MS = 5;
/** Paced replies are written in slices at most this far apart (fewer timers than one per byte). */
const PACING_SLICE_MS = 4;

/**
 * Serves RTU requests on one byte stream (serial port or RTU-over-TCP socket).
 *
 * Without `timing`, a complete CRC-valid frame is answered at once. With `timing` the line is
 * emulated: received bytes are taken to occupy the wire one character time each, the request ends
 * after the 3.5-character silence, the slave waits its turnaround, and the reply is written paced
 * so that its last byte leaves when it would on a real line at that baud rate.
 */
export function rtuConnection(engine: SlaveEngine, write: WriteBytes, timing?: LineTiming): SlaveConnection {
  if (timing) validateLineTiming(timing, 'RTU slave timing');
  const framer = new RtuFramer();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let silenceTimer: NodeJS.Timeout | undefined;
  /** Timing mode: when the last received byte has finished "arriving" on the emulated wire. */
  let wireFreeAt = 0;
  let countedBadFrames = 0;
  /** Timing mode: when the slave's last reply byte has left, so replies never overlap on the wire. */
  let replyLineFreeAt = 0;
  /** Timing mode: paced replies go out strictly one after the other (timers may fire out of order). */
  let replyChain: Promise<void> = Promise.resolve();

  const after = (ms: number, run: () => void) => {
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (!closed) run();
      },
      Math.max(0, ms),
    );
    timers.add(timer);
  };

  const syncBadFrames = () => {
    while (countedBadFrames < framer.badFrames) {
      countedBadFrames++;
      engine.countBadFrame();
    }
  };

  const serve = (frame: Buffer, replyStart: number) => {
    const unit = frame[0] as number;
    const pdu = frame.subarray(1, frame.length - 2);
    const decision = engine.handle(unit, pdu, { broadcast: unit === 0 });
    if (decision.action === 'silent') return;
    const bytes = replyBytes(unit, decision);
    let start = replyStart + decision.delayMs;
    if (timing) {
      const charMs = characterTimeMs(timing);
      start = Math.max(start, replyLineFreeAt);
      replyLineFreeAt = start + bytes.length * charMs;
      const paced = start;
      replyChain = replyChain.then(() => sendPaced(bytes, paced, charMs));
    } else if (decision.delayMs > 0) after(start - performance.now(), () => write(bytes));
    else write(bytes);
  };

  /** Writes `bytes` so that byte i is out no earlier than `start + (i + 1)` character times. */
  const sendPaced = (bytes: Buffer, start: number, charMs: number): Promise<void> =>
    new Promise((resolve) => {
      let sent = 0;
      const tick = () => {
        const now = performance.now();
        const due = Math.min(bytes.length, Math.floor((now - start) / charMs + 1e-9));
        if (due > sent) {
          write(bytes.subarray(sent, due));
          sent = due;
        }
        if (sent < bytes.length) {
          const nextDue = start + (sent + 1) * charMs;
          const lastDue = start + bytes.length * charMs;
          after(Math.min(lastDue, Math.max(nextDue, now + PACING_SLICE_MS)) - performance.now(), tick);
        } else resolve();
      };
      // A closed connection cancels the timers: settle anyway so the chain does not hold anything.
      if (closed) resolve();
      else after(start + charMs - performance.now(), tick);
    });

  const onSilence = () => {
    silenceTimer = undefined;
    const frames = framer.flush();
    syncBadFrames();
    const replyStart = performance.now() + (timing?.turnaroundMs ?? 0);
    for (const frame of frames) serve(frame, replyStart);
  };

  return {
    receive(chunk) {
      if (closed) return;
      framer.push(chunk);
      if (silenceTimer) clearTimeout(silenceTimer);
      if (timing) {
        const now = performance.now();
        wireFreeAt = Math.max(wireFreeAt, now) + chunk.length * characterTimeMs(timing);
        silenceTimer = setTimeout(onSilence, wireFreeAt + frameGapMs(timing) - now);
        return;
      }
      for (const frame of framer.take()) serve(frame, performance.now());
      syncBadFrames();
      silenceTimer = framer.pending ? setTimeout(onSilence, INSTANT_MODE_SILENCE_MS) : undefined;
    },
    close() {
      closed = true;
      if (silenceTimer) clearTimeout(silenceTimer);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

function replyBytes(unit: number, decision: Extract<SlaveDecision, { action: 'send' }>): Buffer {
  if (decision.garbage) return decision.garbage;
  const frame = rtuFrame(unit, decision.pdu);
  if (decision.corruptChecksum) frame[frame.length - 1] = (frame[frame.length - 1] as number) ^ 0xff;
  return frame;
}
