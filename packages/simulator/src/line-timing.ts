/**
 * Serial line timing for Modbus RTU. Source: Modbus over Serial Line Specification V1.02, 2.5.1.1:
 * a character is start + data + parity + stop bits; frames are separated by at least 3.5 character
 * times, fixed at 1.75 ms above 19200 baud.
 */
export interface LineTiming {
  /** Bits per second, e.g. 9600. */
  baudRate: number;
  /** Data bits; default 8. */
  dataBits?: 7 | 8;
  /** Parity; default `'none'`. */
  parity?: 'none' | 'even' | 'odd';
  /** Stop bits; default 1. */
  stopBits?: 1 | 2;
  /** The slave's processing time between the end-of-request gap and its first reply byte; default 0. */
  turnaroundMs?: number;
}

/** Above this baud rate the specification fixes the inter-frame gap instead of counting characters. */
const FIXED_GAP_ABOVE_BAUD = 19200;
const FIXED_FRAME_GAP_MS = 1.75;

/** Bits one character takes on the wire (8N1: 10). */
export function bitsPerCharacter(timing: LineTiming): number {
  return 1 + (timing.dataBits ?? 8) + ((timing.parity ?? 'none') === 'none' ? 0 : 1) + (timing.stopBits ?? 1);
}

/** Time one character takes on the wire, in ms (9600 8N1: 1.0417 ms). */
export function characterTimeMs(timing: LineTiming): number {
  return (bitsPerCharacter(timing) * 1000) / timing.baudRate;
}

/** The silent interval that ends a frame (t3.5), in ms. */
export function frameGapMs(timing: LineTiming): number {
  return timing.baudRate > FIXED_GAP_ABOVE_BAUD ? FIXED_FRAME_GAP_MS : 3.5 * characterTimeMs(timing);
}

/**
 * Theory of one transaction as a master sees it: the request on the wire, the slave's end-of-frame
 * gap, its turnaround, then the reply on the wire.
 */
export function transactionTimeMs(timing: LineTiming, requestBytes: number, replyBytes: number): number {
  const char = characterTimeMs(timing);
  return requestBytes * char + frameGapMs(timing) + (timing.turnaroundMs ?? 0) + replyBytes * char;
}

/** Throws a TypeError naming what is wrong with `timing`. */
export function validateLineTiming(timing: LineTiming, where: string): void {
  if (!Number.isFinite(timing.baudRate) || timing.baudRate < 50 || timing.baudRate > 4_000_000) {
    throw new TypeError(`${where}: baudRate ${timing.baudRate} is invalid; use e.g. 9600`);
  }
  if (timing.turnaroundMs !== undefined && !(timing.turnaroundMs >= 0)) {
    throw new TypeError(`${where}: turnaroundMs ${timing.turnaroundMs} is invalid; use 0 or more`);
  }
}
