import { describe, expect, it } from 'vitest';
import { crc16, hasValidCrc, rtuFrame } from './crc16.js';

// Frames from vendor documents (shared/domain/devices.md), CRC verified there.
describe('crc16', () => {
  it('matches the QDY30A read-address frame', () => {
    expect(rtuFrame(1, Buffer.from([0x03, 0x00, 0x00, 0x00, 0x01]))).toEqual(
      Buffer.from('010300000001840a', 'hex'),
    );
  });

  it('matches the arc-fault detector 0x80 exception reply', () => {
    expect(rtuFrame(1, Buffer.from([0x80, 0x03]))).toEqual(Buffer.from('01800301c1', 'hex'));
  });

  it('accepts valid frames and rejects one flipped bit', () => {
    const frame = Buffer.from('01100 3e8000181b9'.replace(' ', ''), 'hex');
    expect(hasValidCrc(frame)).toBe(true);
    frame[3] = (frame[3] as number) ^ 1;
    expect(hasValidCrc(frame)).toBe(false);
    expect(crc16(Buffer.alloc(0))).toBe(0xffff);
  });
});
