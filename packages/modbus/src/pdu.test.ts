import { describe, expect, it } from 'vitest';
import { crc16 } from './crc.js';
import { isModbusError } from './errors.js';
import {
  decodeResponse,
  expectedResponseLength,
  readRequest,
  responseLengthFromHeader,
  writeMultipleCoilsRequest,
  writeMultipleRegistersRequest,
  writeSingleCoilRequest,
  writeSingleRegisterRequest,
} from './pdu.js';

const hex = (s: string) => Uint8Array.from(s.split(' ').map((b) => Number.parseInt(b, 16)));
/** An RTU frame for `unit` and `pdu`, as our transport builds it. */
function rtu(unit: number, pdu: Uint8Array): string {
  const frame = new Uint8Array(pdu.length + 3);
  frame[0] = unit;
  frame.set(pdu, 1);
  const crc = crc16(frame, 0, frame.length - 2);
  frame[frame.length - 2] = crc & 0xff;
  frame[frame.length - 1] = crc >> 8;
  return Array.from(frame, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

describe('request PDUs', () => {
  it('build the frames real devices document (shared/domain/devices.md)', () => {
    expect(rtu(1, readRequest(3, 0, 1))).toBe('01 03 00 00 00 01 84 0A');
    expect(rtu(1, readRequest(3, 6, 1))).toBe('01 03 00 06 00 01 64 0B');
    expect(rtu(1, readRequest(3, 0, 7))).toBe('01 03 00 00 00 07 04 08');
    expect(rtu(1, writeSingleRegisterRequest(0, 2))).toBe('01 06 00 00 00 02 08 0B');
    expect(rtu(1, writeMultipleRegistersRequest(0x03e8, [2]))).toBe('01 10 03 E8 00 01 02 00 02 03 B9');
  });
  it('encode coils', () => {
    expect(Array.from(writeSingleCoilRequest(0x13, true))).toEqual([5, 0, 0x13, 0xff, 0]);
    expect(
      Array.from(
        writeMultipleCoilsRequest(0x13, [true, false, true, true, false, false, true, true, true, false]),
      ),
    ).toEqual([0x0f, 0, 0x13, 0, 10, 2, 0xcd, 0x01]);
  });
  it('know the length of the answer before it arrives', () => {
    expect(expectedResponseLength(readRequest(3, 0, 125))).toBe(252);
    expect(expectedResponseLength(readRequest(1, 0, 9))).toBe(4);
    expect(expectedResponseLength(writeSingleRegisterRequest(0, 1))).toBe(5);
    expect(responseLengthFromHeader(hex('03 04'))).toBe(6);
    expect(responseLengthFromHeader(hex('83'))).toBe(2);
    expect(responseLengthFromHeader(hex('03'))).toBeUndefined();
    expect(responseLengthFromHeader(hex('2B 0E'))).toBeNull();
  });
});

describe('decodeResponse', () => {
  it('decodes the documented answers', () => {
    expect(decodeResponse(readRequest(3, 0, 1), hex('03 02 00 01'), 1)).toEqual({
      kind: 'registers',
      values: Uint16Array.of(1),
    });
    expect(decodeResponse(readRequest(3, 6, 1), hex('03 02 00 40'), 1)).toEqual({
      kind: 'registers',
      values: Uint16Array.of(0x40),
    });
    expect(decodeResponse(writeMultipleRegistersRequest(0x03e8, [2]), hex('10 03 E8 00 01'), 1)).toEqual({
      kind: 'write',
    });
    expect(decodeResponse(readRequest(1, 0, 10), hex('01 02 CD 01'), 1)).toEqual({
      kind: 'bits',
      values: [true, false, true, true, false, false, true, true, true, false],
    });
  });
  it('decodes the arc-fault detector quirk: exceptions with function code 0x80', () => {
    const error = (() => {
      try {
        decodeResponse(readRequest(3, 0, 7), hex('80 03'), 1);
      } catch (e) {
        return e;
      }
    })();
    expect(isModbusError(error, 'MODBUS_EXCEPTION')).toBe(true);
    expect((error as { details: unknown }).details).toMatchObject({ exceptionCode: 3, functionCode: 3 });
  });
  it('names inconsistent answers', () => {
    expect(() => decodeResponse(readRequest(3, 0, 2), hex('03 02 00 01'), 4)).toThrow(
      /unit 4, function 3: response has 4 bytes, expected 6/,
    );
    expect(() => decodeResponse(readRequest(3, 0, 1), hex('04 02 00 01'), 1)).toThrow(
      /answered function 4 to function 3/,
    );
    expect(() => decodeResponse(readRequest(3, 0, 1), hex('84 02'), 1)).toThrow(
      /exception function 0x84 to function 3/,
    );
    expect(() => decodeResponse(writeSingleRegisterRequest(1, 2), hex('06 00 01 00 03'), 1)).toThrow(/echo/);
  });
});
