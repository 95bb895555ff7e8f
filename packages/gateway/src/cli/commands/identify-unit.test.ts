import { getProfile } from '@firecode/devices';
import { describe, expect, it } from 'vitest';
import { createMemoryMaster } from '../master.js';
import { identifyUnit } from './identify-unit.js';

describe('identifyUnit', () => {
  const qdy30a = getProfile('qdy30a');

  it('fits a profile when every probe register is in range', async () => {
    // QDY30A layout: unit code 1 (cm) at 2, decimals 1 at 3.
    const master = createMemoryMaster({ 1: { holding: [1, 3, 1, 1, 1234] } });
    const { matches } = await identifyUnit(master, 1, [qdy30a]);
    expect(matches).toEqual([
      expect.objectContaining({
        profile: 'qdy30a',
        matches: true,
        checks: [
          { register: 'unit', expect: { min: 0, max: 6 }, value: 1, ok: true },
          { register: 'decimals', expect: { min: 0, max: 3 }, value: 1, ok: true },
        ],
      }),
    ]);
  });

  it('does not fit when a value is out of range or the register raises an exception', async () => {
    const outOfRange = createMemoryMaster({ 1: { holding: [1, 3, 99, 1, 0] } });
    expect((await identifyUnit(outOfRange, 1, [qdy30a])).matches[0]?.matches).toBe(false);
    const tooShort = createMemoryMaster({ 1: { holding: [1] } });
    const result = await identifyUnit(tooShort, 1, [qdy30a]);
    expect(result.matches[0]?.checks[0]).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/illegal data address/),
    });
  });

  it('lets a unit that does not answer fail the whole identification', async () => {
    await expect(identifyUnit(createMemoryMaster({}), 5, [qdy30a])).rejects.toMatchObject({
      code: 'MODBUS_TIMEOUT',
    });
  });
});
