import { describe, expect, it } from 'vitest';
import {
  characterTimeMs,
  estimateLineLoad,
  frameGapMs,
  readLineTimeMs,
  rtuFrameBytes,
} from './line-utilisation.js';

const n81 = { baud: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;

describe('line utilisation', () => {
  it('times characters and gaps as the Modbus serial line specification says', () => {
    expect(characterTimeMs(n81)).toBeCloseTo(1.0417, 4);
    expect(characterTimeMs({ ...n81, parity: 'even' })).toBeCloseTo(1.1458, 4);
    expect(frameGapMs(n81)).toBeCloseTo(3.6458, 4);
    expect(frameGapMs({ ...n81, baud: 38400 })).toBe(1.75);
  });

  it('sizes RTU frames: 8-byte request, 5 + data reply', () => {
    expect(rtuFrameBytes({ table: 'holding', address: 0, count: 10 })).toEqual({ request: 8, reply: 25 });
    expect(rtuFrameBytes({ table: 'coils', address: 0, count: 9 })).toEqual({ request: 8, reply: 7 });
  });

  it('adds frames, two gaps and the inter-request delay', () => {
    // QDY30A: 7 registers at 9600 8N1 = (8 + 19) chars + 2 × 3.5 chars = 34 chars.
    expect(readLineTimeMs({ table: 'holding', address: 0, count: 7 }, n81)).toBeCloseTo((34 * 10) / 9.6, 6);
    expect(readLineTimeMs({ table: 'holding', address: 0, count: 7 }, n81, 20)).toBeCloseTo(
      (34 * 10) / 9.6 + 20,
      6,
    );
  });

  it('sums the devices of a line', () => {
    const plan = [{ table: 'holding', address: 0, count: 7 }] as const;
    const load = estimateLineLoad(
      [
        { device: 'a', plan, pollIntervalMs: 1000 },
        { device: 'b', plan, pollIntervalMs: 500 },
      ],
      n81,
    );
    const one = (34 * 10) / 9.6;
    expect(load.devices[1]?.utilisation).toBeCloseTo(one / 500, 9);
    expect(load.utilisation).toBeCloseTo(one / 1000 + one / 500, 9);
    expect(load.requestsPerSecond).toBeCloseTo(3, 9);
  });
});
