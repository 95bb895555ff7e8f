import { describe, expect, it } from 'vitest';
import type { RegisterBank } from './register-bank.js';

/**
 * Where a bank under test lets a master write (banks built from profiles allow little): `count`
 * writable addresses from `address`, and the address right after them is NOT writable.
 */
export interface WritableRanges {
  holding?: { address: number; count: number };
  coils?: { address: number; count: number };
}

/**
 * The contract every `RegisterBank` keeps, run against each implementation. `writable` names ranges
 * the bank accepts master writes in (at least two addresses each).
 */
export function describeRegisterBank(
  name: string,
  build: () => RegisterBank,
  writable: WritableRanges,
): void {
  describe(`RegisterBank conformance: ${name}`, () => {
    const holding = writable.holding;
    const coils = writable.coils;

    it.skipIf(!holding)('reads back registers a master wrote, 0..65535', () => {
      const bank = build();
      const { address } = holding!;
      expect(bank.write('holding', address, [65535, 0])).toBe(true);
      expect(bank.read('holding', address, 2)).toEqual([65535, 0]);
    });

    it.skipIf(!coils)('reads back coils a master wrote', () => {
      const bank = build();
      const { address } = coils!;
      expect(bank.write('coils', address, [1, 0])).toBe(true);
      expect(bank.read('coils', address, 2)).toEqual([1, 0]);
    });

    it('refuses ranges past the end of the address space, writing nothing', () => {
      const bank = build();
      expect(bank.read('holding', 65535, 2)).toBeUndefined();
      expect(bank.write('holding', 65535, [1, 2])).toBe(false);
    });

    it.skipIf(!holding)('writes all or nothing when a range runs past what is writable', () => {
      const bank = build();
      const { address, count } = holding!;
      const before = bank.read('holding', address, count);
      expect(bank.write('holding', address, new Array(count + 1).fill(7))).toBe(false);
      expect(bank.read('holding', address, count)).toEqual(before);
    });

    it('never lets a master write input registers or discrete inputs', () => {
      const bank = build();
      expect(bank.write('input', 0, [1])).toBe(false);
      expect(bank.write('discrete', 0, [1])).toBe(false);
    });
  });
}
