import type { TappedFrame } from './rtu-splitter.js';

/** A request seen on the line and the reply that followed it, if any. */
export interface TappedExchange {
  request: TappedFrame;
  /** Absent: nobody answered before the next request (a timeout, or a broadcast to unit 0). */
  reply?: TappedFrame;
}

/** What {@link pairFrames} made of a recording. */
export interface PairedLine {
  exchanges: TappedExchange[];
  /** Frames with a bad CRC, in order. */
  badCrc: TappedFrame[];
  /** Checked frames that are neither a request nor the reply to the pending one. */
  stray: TappedFrame[];
}

/** Options of {@link pairFrames}. */
export interface PairingOptions {
  /** A device quirk: the function code its exception replies carry (e.g. 0x80) instead of `fc | 0x80`. */
  exceptionFunctionCode?: number;
}

const word = (bytes: Uint8Array, offset: number) => (bytes[offset]! << 8) | bytes[offset + 1]!;

/** True when the frame has the layout of a request of its function code. */
function isRequest(frame: Uint8Array): boolean {
  const fc = frame[1]!;
  if (fc >= 1 && fc <= 6) return frame.length === 8;
  if (fc === 15 || fc === 16) return frame.length >= 9 && frame.length === 9 + frame[6]!;
  if (fc === 7 || fc === 11 || fc === 12 || fc === 17) return frame.length === 4;
  return fc === 8 && frame.length === 8;
}

/** The reply length the request asks for. */
function replyLength(request: Uint8Array): number | undefined {
  const fc = request[1]!;
  const count = word(request, 4);
  switch (fc) {
    case 1:
    case 2:
      return 5 + Math.ceil(count / 8);
    case 3:
    case 4:
      return 5 + count * 2;
    case 5:
    case 6:
    case 8:
    case 15:
    case 16:
    case 11:
      return 8;
    case 7:
      return 5;
    default:
      return undefined; // FC17: a byte count decides
  }
}

function answers(request: Uint8Array, reply: Uint8Array, options: PairingOptions): boolean {
  if (reply[0] !== request[0]) return false;
  const fc = request[1]!;
  const exceptionFc = options.exceptionFunctionCode ?? fc | 0x80;
  if (reply[1] === exceptionFc && reply.length === 5) return true;
  if (reply[1] !== fc) return false;
  const expected = replyLength(request);
  return expected === undefined || reply.length === expected;
}

/**
 * Pairs tapped frames into request/reply exchanges, the way a listener on an RS-485 bus must: the
 * line carries one master, so a checked frame is the reply to the pending request when its unit,
 * function code and length answer it, and otherwise a new request. A write's echo (FC05/06) is
 * byte-identical to its request and is taken as the reply.
 */
export function pairFrames(frames: readonly TappedFrame[], options: PairingOptions = {}): PairedLine {
  const out: PairedLine = { exchanges: [], badCrc: [], stray: [] };
  let pending: TappedExchange | undefined;
  for (const frame of frames) {
    if (!frame.crcOk) {
      out.badCrc.push(frame);
      // A garbled frame used the pending request's reply slot (or was a garbled request): what
      // follows is a new request either way.
      pending = undefined;
      continue;
    }
    if (pending && pending.request.bytes[0] !== 0 && answers(pending.request.bytes, frame.bytes, options)) {
      pending.reply = frame;
      pending = undefined;
      continue;
    }
    if (isRequest(frame.bytes)) {
      pending = { request: frame };
      out.exchanges.push(pending);
      continue;
    }
    out.stray.push(frame);
  }
  return out;
}
