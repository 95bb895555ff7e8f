import { describe, expect, it } from 'vitest';
import { isTestStatus, readStatus } from './status.js';

describe('status words and the fireWithoutNormalBit quirk', () => {
  it('reads bit 0 clear as test mode unless the quirk is named and the fire bit is set', () => {
    expect(isTestStatus(0x0003)).toBe(false); // normal + fire: a real fire
    expect(isTestStatus(0x0002)).toBe(true); // fire with bit 0 clear: a test fire, strictly
    expect(isTestStatus(0x0002, { fireWithoutNormalBit: true })).toBe(false); // the vendor quirk: a real fire
    expect(isTestStatus(0x0004, { fireWithoutNormalBit: true })).toBe(true); // a fault in test mode stays a test
  });

  it('gives the schema flags beside the verdict', () => {
    expect(readStatus(2, 0x0002)).toMatchObject({ test: true, flags: { fireAlarm: true, normal: false } });
    expect(readStatus(21, 0x03).flags).toMatchObject({ fireAlarm: true, normal: true });
    expect(readStatus(1, 0x0101).flags).toMatchObject({ mainPowerFault: true });
  });
});
