import { lineTiming } from '@firecode/modbus';

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

// Character times and the t3.5 gap come from the Modbus engine, so master and slave agree by construction.

/** Bits one character takes on the wire (8N1: 10). */
export function bitsPerCharacter(timing: LineTiming): number {
  return lineTiming(timing).bitsPerChar;
}

/** Time one character takes on the wire, in ms (9600 8N1: 1.0417 ms). */
export function characterTimeMs(timing: LineTiming): number {
  return lineTiming(timing).charMs;
}

/** The silent interval that ends a frame (t3.5), in ms. */
export function frameGapMs(timing: LineTiming): number {
  return lineTiming(timing).interFrameMs;
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
