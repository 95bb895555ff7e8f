import { describe, expect, it } from 'vitest';
import { answerPdu } from './pdu.js';
import { MemoryRegisterBank, type RegisterBank } from './register-bank.js';

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');
const answer = (request: string, bank: RegisterBank, quirks = {}) =>
  answerPdu(hex(request), bank, quirks).pdu.toString('hex');

describe('answerPdu', () => {
  const bank = () => new MemoryRegisterBank({ holding: 100, coils: 20 });

  it('reads registers and bits in wire format', () => {
    const b = bank().setHolding(0, 1, 0x0102).setCoil(0, 1, 0, 1, 1, 0, 0, 0, 0, 1);
    expect(answer('03 0000 0002', b)).toBe('0304' + '0001' + '0102');
    expect(answer('01 0000 000a', b)).toBe('0102' + '0d' + '01'); // coils 0, 2, 3 and 8 set
  });

  it('echoes single and multiple writes', () => {
    const b = bank();
    expect(answer('06 0003 abcd', b)).toBe('060003abcd');
    expect(answer('05 0004 ff00', b)).toBe('050004ff00');
    expect(answer('10 0010 0002 04 0001 0002', b)).toBe('1000100002');
    expect(answer('0f 0000 0003 01 05', b)).toBe('0f00000003');
    expect([b.getHolding(3), b.getCoil(4), b.getHolding(17), b.getCoil(2)]).toEqual([0xabcd, true, 2, true]);
  });

  it('answers the standard exceptions in the specification order', () => {
    const b = bank();
    expect(answer('2b 0e01 00', b)).toBe('ab01'); // unknown function
    expect(answer('03 0000 007e', b)).toBe('8303'); // 126 registers
    expect(answer('03 0063 0002', b)).toBe('8302'); // past the 100-register bank
    expect(answer('05 0000 1234', b)).toBe('8503'); // coil value neither 0 nor FF00
    expect(answer('10 0000 0002 03 000100', b)).toBe('9003'); // byte count mismatch
    expect(answer('03 0000', b)).toBe('8303'); // truncated PDU
  });

  it('answers 04 when the bank fails while serving', () => {
    const failing: RegisterBank = {
      read: () => {
        throw new Error('sensor bus down');
      },
      write: () => false,
    };
    expect(answer('04 0000 0001', failing)).toBe('8404');
  });

  it('reproduces quirks: fixed 0x80 exception code, limited functions and read size', () => {
    const b = bank();
    expect(answer('03 0000 0007', b, { exceptionFunctionCode: 0x80, maxRegistersPerRequest: 6 })).toBe(
      '8003',
    );
    expect(answer('04 0000 0001', b, { supportedFunctions: [3, 6] })).toBe('8401');
  });
});
