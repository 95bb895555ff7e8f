import { modbusError } from './errors.js';

/** Serial character format. Defaults: 8 data bits, no parity, 1 stop bit (8N1). */
export interface SerialFormat {
  baudRate: number;
  dataBits?: 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 1.5 | 2;
}

/** Timing of one serial line, derived once from its format. All durations in milliseconds. */
export interface LineTiming {
  readonly baudRate: number;
  /** Bits on the wire per character: start + data + parity + stop. */
  readonly bitsPerChar: number;
  /** Duration of one character. */
  readonly charMs: number;
  /** Minimum silence between frames: 3.5 characters, but 1.75 ms above 19200 baud. */
  readonly interFrameMs: number;
  /** Wire time of `bytes` characters (no gaps). */
  wireMs(bytes: number): number;
}

/**
 * Modbus over Serial Line v1.02, section 2.5.1.1: frames are separated by at least 3.5 character times;
 * above 19200 baud fixed values are recommended (1.75 ms inter-frame, 750 us inter-character) because
 * the per-character interrupt load would otherwise be too high.
 */
const FIXED_INTER_FRAME_ABOVE_19200_MS = 1.75;
const HIGH_BAUD_THRESHOLD = 19200;

/** Computes the line's timing from baud rate, data bits, parity and stop bits. */
export function lineTiming(format: SerialFormat): LineTiming {
  const { baudRate } = format;
  if (!Number.isFinite(baudRate) || baudRate <= 0) {
    throw modbusError('MODBUS_INVALID_ARGUMENT', `baud rate ${baudRate} is not a positive number`, {
      baudRate,
    });
  }
  const dataBits = format.dataBits ?? 8;
  const parityBits = (format.parity ?? 'none') === 'none' ? 0 : 1;
  const stopBits = format.stopBits ?? 1;
  const bitsPerChar = 1 + dataBits + parityBits + stopBits;
  const charMs = (bitsPerChar * 1000) / baudRate;
  const interFrameMs = baudRate > HIGH_BAUD_THRESHOLD ? FIXED_INTER_FRAME_ABOVE_19200_MS : 3.5 * charMs;
  return {
    baudRate,
    bitsPerChar,
    charMs,
    interFrameMs,
    wireMs: (bytes: number) => bytes * charMs,
  };
}
