import { FirecodeError } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { type CommissioningMaster, createMemoryMaster } from '../master.js';
import { scanUnits } from './scan-units.js';

const options = { table: 'holding', address: 0, count: 1 } as const;

describe('scanUnits', () => {
  it('finds the units that answer and those that answer with an exception', async () => {
    const master = createMemoryMaster({ 3: { holding: [42] }, 7: { input: [1] } });
    const progress: number[] = [];
    const found = await scanUnits(master, [1, 2, 3, 4, 5, 6, 7, 8], {
      ...options,
      onProgress: (t) => progress.push(t),
    });
    expect(found).toEqual([
      { unit: 3, status: 'answered', words: [42] },
      {
        unit: 7,
        status: 'exception',
        exceptionCode: 2,
        detail: expect.stringMatching(/illegal data address/),
      },
    ]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('treats a TCP gateway saying "target did not respond" (exception 11) as absent', async () => {
    const master: CommissioningMaster = {
      read: async (unit) => {
        throw new FirecodeError('MODBUS_EXCEPTION', `unit ${unit}: exception 11`, {
          details: { exceptionCode: 11 },
        });
      },
      close: async () => {},
    };
    expect(await scanUnits(master, [1, 2], options)).toEqual([]);
  });

  it('reports garbled answers, which hint at a wrong baud rate', async () => {
    const master: CommissioningMaster = {
      read: async () => {
        throw new FirecodeError('MODBUS_CRC', 'CRC mismatch');
      },
      close: async () => {},
    };
    expect(await scanUnits(master, [5], options)).toEqual([
      { unit: 5, status: 'garbled', detail: 'CRC mismatch' },
    ]);
  });

  it('stops on a dead link instead of reporting every unit absent', async () => {
    const master: CommissioningMaster = {
      read: async () => {
        throw new FirecodeError('MODBUS_DISCONNECTED', 'connection refused');
      },
      close: async () => {},
    };
    await expect(scanUnits(master, [1, 2, 3], options)).rejects.toMatchObject({
      code: 'MODBUS_DISCONNECTED',
    });
  });
});
