import {
  type ComponentStatus,
  decodeComponentStatus,
  decodeSystemStatus,
  decodeTransmissionStatus,
  type SystemStatus,
  type TransmissionStatus,
} from '@firecode/schema';
import type { Gb26875Quirks } from '../frame/quirks.js';

const NORMAL = 1 << 0;
const FIRE = 1 << 1;

/**
 * Whether a status word (types 1, 2 and 21 share bits 0 and 1) reports test mode. By the standard, bit
 * 0 clear is test mode, fire bit or not. Some devices send a real fire with bit 0 clear; under the
 * `fireWithoutNormalBit` quirk such a word (fire set, bit 0 clear) is a real alarm, not a test. Only
 * when named: a centre that guesses would either dispatch on tests or ignore real fires.
 */
export function isTestStatus(word: number, quirks: Gb26875Quirks = {}): boolean {
  if ((word & NORMAL) !== 0) return false;
  return !(quirks.fireWithoutNormalBit === true && (word & FIRE) !== 0);
}

/** A status word read for people and programs: the schema's flags, and whether it is a test. */
export type ReadStatus<Flags> = { readonly flags: Flags; readonly test: boolean };

/** Reads a status word of an upload type (1 system, 2 component, 21 transmission device). */
export function readStatus(type: 1, word: number, quirks?: Gb26875Quirks): ReadStatus<SystemStatus>;
export function readStatus(type: 2, word: number, quirks?: Gb26875Quirks): ReadStatus<ComponentStatus>;
export function readStatus(type: 21, word: number, quirks?: Gb26875Quirks): ReadStatus<TransmissionStatus>;
export function readStatus(
  type: 1 | 2 | 21,
  word: number,
  quirks: Gb26875Quirks = {},
): ReadStatus<SystemStatus | ComponentStatus | TransmissionStatus> {
  const flags =
    type === 1
      ? decodeSystemStatus(word)
      : type === 2
        ? decodeComponentStatus(word)
        : decodeTransmissionStatus(word);
  return { flags, test: isTestStatus(word, quirks) };
}
