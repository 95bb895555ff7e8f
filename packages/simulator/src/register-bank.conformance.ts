import { describe, expect, it } from 'vitest';
import type { RegisterBank } from './register-bank.js';

/**
 * The contract every `RegisterBank` keeps, run against each implementation. `build` returns a bank in
 * which holding registers and coils 0..9 exist and are writable, and address 65535+1 does not.
 */
export function describeRegisterBank(name: string, build: () => RegisterBank): void {
  describe(`RegisterBank conformance: ${name}`, () => {
    it('reads back what a master wrote, register and coil', () => {
      const bank = build();
      expect(bank.write('holdingRegisters', 2, [0, 1, 65535])).toBe(true);
      expect(bank.read('holdingRegisters', 2, 3)).toEqual([0, 1, 65535]);
      expect(bank.write('coils', 5, [1, 0, 1])).toBe(true);
      expect(bank.read('coils', 5, 3)).toEqual([1, 0, 1]);
    });

    it('refuses ranges past the end of the address space, writing nothing', () => {
      const bank = build();
      expect(bank.read('holdingRegisters', 65535, 2)).toBeUndefined();
      const before = bank.read('holdingRegisters', 65535, 1);
      expect(bank.write('holdingRegisters', 65535, [1, 2])).toBe(false);
      expect(bank.read('holdingRegisters', 65535, 1)).toEqual(before);
    });

    it('never lets a master write input registers or discrete inputs', () => {
      const bank = build();
      expect(bank.write('inputRegisters', 0, [1])).toBe(false);
      expect(bank.write('discreteInputs', 0, [1])).toBe(false);
    });
  });
}
