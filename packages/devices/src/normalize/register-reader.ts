import type { RegisterSpec } from '../profile/schema.js';
import type { RegisterSnapshot } from '../snapshot.js';
import { readRegister } from './transform.js';

/*
 * readRegister decides per call what a spec's type, byte order and bit field are, and decodes a 16-bit
 * value through words → bytes → DataView: at building scale (10,000 readings a second, nearly all one
 * i16 or u16 register) that was most of the normalizer's CPU. A reader decides once, when the
 * normalizer is prepared; the one-word types are then integer arithmetic on the word, and every other
 * type is readRegister itself. normalize/register-reader.test.ts checks both give the same on random
 * specs and words.
 */

/** How a reader turns its register into the raw value. */
const GENERIC = 0;
const U16 = 1;
const U16_SWAPPED = 2;
const I16 = 3;
const I16_SWAPPED = 4;
const BOOL = 5;

/** A register spec prepared for reading poll after poll (see {@link registerReader}). */
export interface RegisterReader {
  readonly spec: RegisterSpec;
  readonly table: RegisterSpec['table'];
  readonly address: number;
  /** One of the decodings above: GENERIC is readRegister. */
  readonly decoding: number;
  /** Bit field: the raw value is `(decoded >> shift) & mask`, as readRegister computes it. */
  readonly bitField: boolean;
  readonly shift: number;
  readonly mask: number;
}

function decodingOf(spec: RegisterSpec): number {
  const little = spec.byteOrder === 'little';
  switch (spec.type) {
    case 'u16':
      return little ? U16_SWAPPED : U16;
    case 'i16':
      return little ? I16_SWAPPED : I16;
    case 'bool':
      // decodeRaw gives 0/1 for any word, whatever the byte order.
      return BOOL;
    default:
      return GENERIC;
  }
}

/**
 * Readers made so far, by spec: the devices of one profile share them (a building's 100 devices of one
 * model would otherwise hold 10,000 copies of the same few).
 */
const readers = new WeakMap<RegisterSpec, RegisterReader>();

/** Prepares `spec` for {@link readWith}. */
export function registerReader(spec: RegisterSpec): RegisterReader {
  let reader = readers.get(spec);
  if (reader === undefined) {
    reader = {
      spec,
      table: spec.table,
      address: spec.address,
      decoding: decodingOf(spec),
      bitField: spec.bit !== undefined,
      shift: spec.bit ?? 0,
      mask: (1 << (spec.bits ?? 1)) - 1,
    };
    readers.set(spec, reader);
  }
  return reader;
}

/** Exactly `readRegister(snapshot, reader.spec)`. */
export function readWith(reader: RegisterReader, snapshot: RegisterSnapshot): number | undefined {
  const decoding = reader.decoding;
  if (decoding === GENERIC) return readRegister(snapshot, reader.spec);
  const word = snapshot.get(reader.table, reader.address);
  if (word === undefined) return undefined;
  // readRegister's "not an integer 0..65535" in one test (`typeof` first: `&` would throw on a bigint).
  // -0 passes, as Number.isInteger does, and `w` is +0 then, as the DataView decoding gives.
  const w = typeof word === 'number' ? word & 0xffff : -1;
  if (w !== word) return Number.NaN;
  let raw: number;
  switch (decoding) {
    case U16:
      raw = w;
      break;
    case U16_SWAPPED:
      raw = ((w & 0xff) << 8) | (w >> 8);
      break;
    case I16:
      raw = (w << 16) >> 16;
      break;
    case I16_SWAPPED:
      raw = ((((w & 0xff) << 8) | (w >> 8)) << 16) >> 16;
      break;
    default:
      raw = w === 0 ? 0 : 1;
  }
  return reader.bitField ? (raw >> reader.shift) & reader.mask : raw;
}
