import { describe, expect, it } from 'vitest';
import { MemoryRegisterBank } from './register-bank.js';
import { SlaveEngine } from './slave-engine.js';

const read = Buffer.from('0300000001', 'hex');

describe('SlaveEngine', () => {
  it('applies a fault for its number of requests, then serves normally', () => {
    const engine = new SlaveEngine({ 1: new MemoryRegisterBank() });
    engine.setFault(1, { kind: 'no-answer' }, { requests: 2 });
    expect(engine.handle(1, read)).toEqual({ action: 'silent', reason: 'no-answer' });
    expect(engine.handle(1, read)).toEqual({ action: 'silent', reason: 'no-answer' });
    expect(engine.handle(1, read).action).toBe('send');
    expect(engine.faultOf(1)).toBeUndefined();
    expect(engine.stats.faults['no-answer']).toBe(2);
  });

  it('keeps a unit offline until cleared, other units unaffected', () => {
    const engine = new SlaveEngine({ 1: new MemoryRegisterBank(), 2: new MemoryRegisterBank() });
    engine.setFault(1, { kind: 'offline' });
    for (let i = 0; i < 5; i++) expect(engine.handle(1, read)).toMatchObject({ reason: 'offline' });
    expect(engine.handle(2, read).action).toBe('send');
    engine.clearFault(1);
    expect(engine.handle(1, read).action).toBe('send');
  });

  it('marks replies for a broken checksum, a delay or garbage (seeded: same bytes each run)', () => {
    const make = () => new SlaveEngine({ 1: new MemoryRegisterBank() }, { seed: 7 });
    const engine = make();
    engine.setFault(1, { kind: 'corrupt-crc' }, { requests: 1 });
    expect(engine.handle(1, read)).toMatchObject({ action: 'send', corruptChecksum: true });
    engine.setFault(1, { kind: 'late-answer', delayMs: 250 }, { requests: 1 });
    expect(engine.handle(1, read)).toMatchObject({ action: 'send', delayMs: 250 });
    engine.setFault(1, { kind: 'garbage', length: 5 }, { requests: 1 });
    const garbage = engine.handle(1, read);
    const again = make();
    again.setFault(1, { kind: 'garbage', length: 5 }, { requests: 1 });
    expect(garbage).toMatchObject({ garbage: expect.any(Buffer) });
    expect(again.handle(1, read)).toEqual(garbage);
  });

  it('executes broadcasts on every online unit without answering', () => {
    const one = new MemoryRegisterBank();
    const two = new MemoryRegisterBank();
    const engine = new SlaveEngine({ 1: one, 2: two });
    engine.setFault(2, { kind: 'offline' });
    expect(engine.handle(0, Buffer.from('0600050009', 'hex'), { broadcast: true })).toEqual({
      action: 'silent',
      reason: 'broadcast',
    });
    expect([one.getHolding(5), two.getHolding(5)]).toEqual([9, 0]);
  });

  it('ignores unit ids it does not serve, and rejects impossible ones', () => {
    const engine = new SlaveEngine({ 1: new MemoryRegisterBank() });
    expect(engine.handle(9, read)).toEqual({ action: 'silent', reason: 'unknown-unit' });
    expect(engine.stats.unknownUnit).toBe(1);
    expect(() => engine.addUnit(0, new MemoryRegisterBank())).toThrow(
      expect.objectContaining({ code: 'SIM_OPTIONS_INVALID' }),
    );
  });
});
