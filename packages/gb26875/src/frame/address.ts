import { MAX_TRANSMISSION_ADDRESS } from '@firecode/schema';
import { gb26875Error } from '../errors.js';

/** Bytes of a source or destination address. */
export const ADDRESS_BYTES = 6;

/**
 * Writes a 6-byte address little-endian. 48 bits fit a JavaScript number exactly, so addresses are
 * plain numbers (0 .. 2^48-1, the schema's `MAX_TRANSMISSION_ADDRESS`).
 */
export function writeAddress(target: Uint8Array, offset: number, address: number, field: string): void {
  if (!Number.isInteger(address) || address < 0 || address > MAX_TRANSMISSION_ADDRESS) {
    throw gb26875Error(
      'GB26875_INVALID_INPUT',
      `${field} ${address} is not a 6-byte address (an integer 0..${MAX_TRANSMISSION_ADDRESS})`,
      { field, address },
    );
  }
  let rest = address;
  for (let i = 0; i < ADDRESS_BYTES; i++) {
    target[offset + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}

/** Reads a 6-byte little-endian address. */
export function readAddress(source: Uint8Array, offset: number): number {
  let address = 0;
  for (let i = ADDRESS_BYTES - 1; i >= 0; i--) address = address * 256 + source[offset + i]!;
  return address;
}
