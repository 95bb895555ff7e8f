import { describe, expect, it } from 'vitest';
import { lineTiming } from './line-timing.js';

describe('lineTiming', () => {
  it('computes 3.5 character times from the character format', () => {
    const t = lineTiming({ baudRate: 9600 });
    expect(t.bitsPerChar).toBe(10);
    expect(t.charMs).toBeCloseTo(1.0417, 4);
    expect(t.interFrameMs).toBeCloseTo(3.6458, 4);
    const even = lineTiming({ baudRate: 9600, parity: 'even', stopBits: 1 });
    expect(even.bitsPerChar).toBe(11);
    expect(even.interFrameMs).toBeCloseTo((3.5 * 11 * 1000) / 9600, 6);
    expect(lineTiming({ baudRate: 19200, stopBits: 2 }).interFrameMs).toBeCloseTo(
      (3.5 * 11 * 1000) / 19200,
      6,
    );
    expect(lineTiming({ baudRate: 2400, dataBits: 7, parity: 'odd' }).bitsPerChar).toBe(10);
  });
  it('uses the fixed 1.75 ms above 19200 baud', () => {
    expect(lineTiming({ baudRate: 38400 }).interFrameMs).toBe(1.75);
    expect(lineTiming({ baudRate: 115200 }).interFrameMs).toBe(1.75);
    expect(lineTiming({ baudRate: 115200 }).wireMs(10)).toBeCloseTo((100 * 1000) / 115200, 6);
  });
  it('rejects a nonsense baud rate', () => {
    expect(() => lineTiming({ baudRate: 0 })).toThrow(/baud rate 0/);
  });
});
