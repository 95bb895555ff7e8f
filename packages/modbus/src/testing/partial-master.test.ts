import { isFirecodeError } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { partialModbusMaster } from './partial-master.js';

describe('partialModbusMaster', () => {
  it('answers with the parts it was given', async () => {
    const master = partialModbusMaster(
      {
        readHoldingRegisters: async (_unit, address, count) =>
          Uint16Array.from({ length: count }, (_, i) => address + i),
      },
      { lineName: 'line-7' },
    );
    expect([...(await master.readHoldingRegisters(1, 10, 3))]).toEqual([10, 11, 12]);
    expect(master.lineName).toBe('line-7');
    await expect(master.close()).resolves.toBeUndefined();
  });

  it('rejects every request it was not given, naming the method', async () => {
    const master = partialModbusMaster({});
    const error = await master.readCoils(1, 0, 8).catch((e: unknown) => e);
    expect(isFirecodeError(error) && error.message).toContain(
      'readCoils was called on a partial test master',
    );
    await expect(master.writeRegister(1, 0, 5)).rejects.toThrow(/writeRegister/);
    expect(() => master.stats()).toThrow(/stats/);
  });
});
