import { describe, expect, it } from 'vitest';
import { crc16, hasValidCrc } from './crc.js';

const hex = (s: string) => Uint8Array.from(s.split(' ').map((b) => Number.parseInt(b, 16)));

describe('crc16', () => {
  it('matches frames captured from real devices (shared/domain/devices.md)', () => {
    for (const frame of [
      '01 03 00 00 00 01 84 0A',
      '01 03 02 00 01 79 84',
      '01 06 00 00 00 02 08 0B',
      '01 03 02 00 00 B8 44',
      '01 03 00 06 00 01 64 0B',
      '01 03 02 00 40 B9 B4',
      '01 80 03 01 C1',
      '01 10 03 E8 00 01 02 00 02 03 B9',
      '01 10 03 E8 00 01 81 B9',
    ]) {
      expect(hasValidCrc(hex(frame)), frame).toBe(true);
    }
  });
  it('gives the catalogue check value and rejects a flipped bit', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x4b37);
    const frame = hex('01 03 02 00 01 79 84');
    frame[3] = 0x01;
    expect(hasValidCrc(frame)).toBe(false);
    expect(hasValidCrc(hex('01 03'))).toBe(false);
  });
});
