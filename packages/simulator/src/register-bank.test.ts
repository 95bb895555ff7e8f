import { describe, expect, it } from 'vitest';
import { describeRegisterBank } from './register-bank.conformance.js';
import { MemoryRegisterBank } from './register-bank.js';

describeRegisterBank('MemoryRegisterBank', () => new MemoryRegisterBank({ readOnlyHolding: [110] }), {
  holding: { address: 100, count: 10 },
  coils: { address: 5, count: 10 },
});
describeRegisterBank(
  'MemoryRegisterBank (sized, read-only register)',
  () => new MemoryRegisterBank({ holding: 20, readOnlyHolding: [12] }),
  { holding: { address: 10, count: 2 }, coils: { address: 0, count: 2 } },
);

describe('MemoryRegisterBank', () => {
  it('keeps read-only holding registers for the simulator side only', () => {
    const bank = new MemoryRegisterBank({ readOnlyHolding: [4] }).setHolding(4, 250);
    expect(bank.write('holding', 3, [1, 2])).toBe(false);
    expect(bank.getHolding(3)).toBe(0);
    expect(bank.getHolding(4)).toBe(250);
  });

  it('rejects values that are not raw register values with a coded error', () => {
    const bank = new MemoryRegisterBank();
    expect(() => bank.setHolding(0, -1)).toThrow(expect.objectContaining({ code: 'SIM_VALUE_OUT_OF_RANGE' }));
    expect(() => bank.setCoil(0, 2)).toThrow(/0\.\.1/);
    expect(() => new MemoryRegisterBank({ input: 10 }).setInput(9, 1, 2)).toThrow(
      expect.objectContaining({ code: 'SIM_ADDRESS_OUT_OF_RANGE' }),
    );
  });

  it('rejects impossible sizes with a TypeError', () => {
    expect(() => new MemoryRegisterBank({ coils: 70000 })).toThrow(TypeError);
  });
});
