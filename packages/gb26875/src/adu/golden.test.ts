import { describe, expect, it } from 'vitest';
import { Command } from '../frame/command.js';
import { decodeFrame, encodeFrame } from '../frame/frame.js';
import { hexBytes, toHex } from '../frame/test-bytes.js';
import { decodeAdu, encodeAdu } from './codec.js';
import { TypeFlag } from './objects.js';

// Frames and ADUs written by hand from GB/T 26875.3-2011 (table 1 frame, table 3 type flags, tables
// 4-6 codes, the status-bit figures), each byte explained. Time 2026-12-03 21:16:53 everywhere:
// 35 10 15 03 0c 1a (second, minute, hour, day, month, year-2000).
const time = { year: 2026, month: 12, day: 3, hour: 21, minute: 16, second: 53 };

describe('golden frames', () => {
  it('a smoke detector fire alarm: send data, type 2 component status', () => {
    const hex = `
      40 40              // start
      05 00              // serial 5
      01 00              // version 1.0
      35 10 15 03 0c 1a  // time label of the frame
      66 55 44 33 22 11  // source: the gateway 0x112233445566
      01 00 00 00 00 00  // destination: the centre, 1
      30 00              // ADU length 48 = 2 + 46
      02                 // command 2: send data
      02                 // ADU type flag 2: component status
      01                 // one object
      01                 // system type 1: fire alarm system (table 4)
      01                 // system address 1: panel 1
      2a                 // component type 42: photoelectric smoke detector (table 5)
      17 01 00 00        // component address 0x00000117 (loop 1, point 23), little-endian
      03 00              // status 0x0003: bit 0 normal + bit 1 fire alarm
      32 46 d7 df c0 c8  // description "2F走廊" in GB18030: '2' 'F' 走 d7 df 廊 c0 c8
      00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  // pad to 31 bytes
      35 10 15 03 0c 1a  // the object's time label
      a4                 // checksum: header 5+1+131+357+1+48+2 = 545, ADU 74+950 (text)+131 = 1155; 1700 = 0x6a4
      23 23              // end
    `;
    const bytes = hexBytes(hex);
    const frame = decodeFrame(bytes);
    expect(frame).toMatchObject({
      serial: 5,
      command: Command.sendData,
      source: 0x112233445566,
      destination: 1,
    });
    const adu = decodeAdu(frame.adu);
    expect(adu).toEqual({
      type: TypeFlag.componentStatus,
      objects: [
        {
          systemType: 1,
          systemAddress: 1,
          componentType: 42,
          componentAddress: 0x117,
          status: 0x0003,
          description: '2F走廊',
          time,
        },
      ],
    });
    expect(toHex(encodeFrame({ ...frame, adu: encodeAdu(adu) }))).toBe(toHex(bytes));
  });

  it('a hydrant riser pressure: type 3 analog value, type 5 pressure in 0.1 kPa', () => {
    const hex = `
      03                 // type flag 3: component analog value
      01                 // one object
      0b                 // system type 11: hydrant system
      00                 // system address 0
      00                 // component type 0: general (a pressure transmitter has no own code)
      02 00 00 00        // component address 2
      05                 // analog type 5: pressure, 0.1 kPa
      5e 10              // value 0x105e = 4190 -> 419.0 kPa
      35 10 15 03 0c 1a  // time label
    `;
    expect(decodeAdu(hexBytes(hex))).toEqual({
      type: 3,
      objects: [
        {
          systemType: 11,
          systemAddress: 0,
          componentType: 0,
          componentAddress: 2,
          analogType: 5,
          value: 4190,
          time,
        },
      ],
    });
  });

  it('a negative analog value is signed 16-bit', () => {
    // type 3, one object, system 0/0, component 18 (temperature-type electrical-fire detector) at 7,
    // analog type 3 (0.1 °C), value 0xff9c = -100 -> -10.0 °C
    const adu = decodeAdu(hexBytes('03 01 00 00 12 07 00 00 00 03 9c ff 35 10 15 03 0c 1a'));
    expect(adu.objects[0]).toMatchObject({ analogType: 3, value: -100 });
  });

  it('a silence at the panel: type 4 operation, bit 1', () => {
    // 04 type flag, 01 count, 01 fire alarm system, 01 address, 02 operation: bit 1 silence,
    // 00 operator 0, time label
    expect(decodeAdu(hexBytes('04 01 01 01 02 00 35 10 15 03 0c 1a'))).toEqual({
      type: 4,
      objects: [{ systemType: 1, systemAddress: 1, operation: 0x02, operator: 0, time }],
    });
  });

  it('check-in from the centre and its answer: control 91, then type 24 with bit 5', () => {
    // 5b type flag 91 check-in, 01 count, 0a answer within 10 minutes
    expect(decodeAdu(hexBytes('5b 01 0a'))).toEqual({ type: 91, objects: [{ timeoutMinutes: 10 }] });
    // 18 type flag 24 transmission operation, 01 count, 20 bit 5 check-in answered, 03 operator 3, time
    expect(decodeAdu(hexBytes('18 01 20 03 35 10 15 03 0c 1a'))).toEqual({
      type: 24,
      objects: [{ operation: 0x20, operator: 3, time }],
    });
  });

  it('clock sync and a read request from the centre', () => {
    // 5a type flag 90 sync clock, 01 count, time label
    expect(decodeAdu(hexBytes('5a 01 35 10 15 03 0c 1a'))).toEqual({ type: 90, objects: [{ time }] });
    // 3e type flag 62 read component status, 01 count, 01 fire alarm system, 01 address,
    // 17 01 00 00 component address 0x117
    expect(decodeAdu(hexBytes('3e 01 01 01 17 01 00 00'))).toEqual({
      type: 62,
      objects: [{ systemType: 1, systemAddress: 1, componentAddress: 0x117 }],
    });
  });

  it('rejects what does not parse with its offset', () => {
    expect(() => decodeAdu(hexBytes('16 01 00'))).toThrow(/type flag 22 is reserved/);
    expect(() => decodeAdu(hexBytes('80 01 00'))).toThrow(/user-defined/);
    expect(() => decodeAdu(hexBytes('15 02 01 35 10 15 03 0c 1a'))).toThrow(/at most 1 objects/);
    expect(() => decodeAdu(hexBytes('15 01 01 35 10 15 03 0c'))).toThrow(/needs byte/);
    expect(() => decodeAdu(hexBytes('15 01 01 35 10 15 03 0c 1a 00'))).toThrow(/left over/);
    expect(() => decodeAdu(hexBytes('15 01 01 35 10 15 03 0d 1a'))).toThrow(/month 13/);
    expect(() => decodeAdu(hexBytes('06 01 01 01 05 41 42'))).toThrow(/runs past/);
  });
});
