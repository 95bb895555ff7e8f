import { describe, expect, it } from 'vitest';
import { crc32, crc32Portable } from './crc32.js';

describe('crc32', () => {
  it('matches the standard check value', () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32Portable(check)).toBe(0xcbf43926);
  });

  it('continues a running CRC like one pass', () => {
    const bytes = new TextEncoder().encode('firecode outbox record');
    expect(crc32Portable(bytes.subarray(7), crc32Portable(bytes.subarray(0, 7)))).toBe(crc32(bytes));
  });
});
