import type { ExceptionCodeValue } from './modbus-codes.js';

/**
 * A misbehaviour a simulated slave can show, as data:
 * - `no-answer`: the request is swallowed (the master times out);
 * - `late-answer`: the correct reply, `delayMs` late;
 * - `corrupt-crc`: the correct reply with its CRC broken (over MBAP, which has no CRC, its length field);
 * - `garbage`: `length` random bytes instead of a reply;
 * - `exception`: an exception reply with `code` instead of the data;
 * - `offline`: the unit is gone until cleared (no answer to anything).
 * The port vanishing is a transport-level fault: see `vanish()` / `restore()` on the servers.
 */
export type Fault =
  | { kind: 'no-answer' }
  | { kind: 'late-answer'; delayMs: number }
  | { kind: 'corrupt-crc' }
  | { kind: 'garbage'; length?: number }
  | { kind: 'exception'; code: ExceptionCodeValue }
  | { kind: 'offline' };

/** The kinds of `Fault`. */
export type FaultKind = Fault['kind'];

/** All fault kinds, for loops and validation. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'no-answer',
  'late-answer',
  'corrupt-crc',
  'garbage',
  'exception',
  'offline',
];

/** How long a fault lasts: for the next `requests` requests to the unit, or until cleared. */
export interface FaultDuration {
  /** Number of requests the fault applies to; omitted: until `clearFault`. */
  requests?: number;
}
