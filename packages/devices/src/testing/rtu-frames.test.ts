import { describe, expect, it } from 'vitest';
import { checkedPdu, crc16Modbus, hexToBytes, parseRtuReply, parseRtuRequest } from './rtu-frames.js';

describe('golden RTU frame reader', () => {
  it('computes the CRC of the documented QDY30A read (84 0A on the wire)', () => {
    expect(crc16Modbus(hexToBytes('01 03 00 00 00 01'))).toBe(0x0a84);
  });

  it('rejects a frame whose CRC is wrong', () => {
    expect(() => checkedPdu('01 03 00 00 00 01 84 0B')).toThrow(/bad CRC/);
  });

  it('reads an exception with function code 0x80 only when the quirk is given', () => {
    const request = parseRtuRequest('01 03 00 00 00 07 04 08');
    expect(parseRtuReply('01 80 03 01 C1', request, { exceptionFunctionCode: 0x80 })).toEqual({
      kind: 'exception',
      unit: 1,
      functionCode: 0x80,
      exceptionCode: 3,
    });
    expect(() => parseRtuReply('01 80 03 01 C1', request)).toThrow(/does not answer/);
  });
});
