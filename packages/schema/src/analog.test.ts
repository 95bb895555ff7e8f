import { describe, expect, it } from 'vitest';
import {
  ANALOG_MAX,
  ANALOG_MIN,
  analogType,
  analogTypeForPoint,
  fromAnalogValue,
  toAnalogValue,
} from './analog.js';
import { pointKinds } from './point.js';
import { analogTypes, defaultAnalogTypes, userAnalogTypes } from './tables/analog-types.js';

describe('GB/T 26875.3 analog values', () => {
  const known: [code: number, value: number, raw: number][] = [
    [5, 101.3, 1013],
    [5, 350, 3500],
    [5, 3200, 32000],
    [5, 0, 0],
    [4, 1000, 10],
    [2, 2.57, 257],
    [3, -12.5, -125],
    [3, 21.7, 217],
    [6, 12.3, 123],
    [7, 30, 30],
    [8, 380.5, 3805],
    [9, 12.4, 124],
    [10, 15.2, 152],
    [11, 120.5, 1205],
    [12, 8, 8],
    [1, 7, 7],
    [128, 300, 300],
  ];

  it.each(known)('type %i: %d ↔ raw %i', (code, value, raw) => {
    expect(toAnalogValue(value, code)).toBe(raw);
    expect(fromAnalogValue(raw, code)).toBe(value);
  });

  it('rounds to the resolution (half away from zero), never clamps', () => {
    expect(toAnalogValue(101.34, 5)).toBe(1013);
    expect(toAnalogValue(101.35, 5)).toBe(1014);
    expect(toAnalogValue(-12.55, 3)).toBe(-126);
    expect(toAnalogValue(1050, 4)).toBe(11);
  });

  it('refuses a value outside the type’s range with a clear error', () => {
    expect(() => toAnalogValue(3300, 5)).toThrow(
      expect.objectContaining({
        code: 'SCHEMA_ANALOG_OUT_OF_RANGE',
        message: expect.stringContaining('outside analog type 5 (Pressure (0.1 kPa), 0.1 kPa) range 0..3200'),
      }),
    );
    expect(() => toAnalogValue(-0.5, 5)).toThrow(
      expect.objectContaining({ code: 'SCHEMA_ANALOG_OUT_OF_RANGE' }),
    );
    expect(() => toAnalogValue(40000, 128)).toThrow(
      expect.objectContaining({ code: 'SCHEMA_ANALOG_OUT_OF_RANGE' }),
    );
    expect(() => toAnalogValue(Number.NaN, 5)).toThrow(
      expect.objectContaining({ code: 'SCHEMA_NOT_FINITE' }),
    );
  });

  it('refuses raw values that are not int16', () => {
    for (const raw of [ANALOG_MAX + 1, ANALOG_MIN - 1, 1.5, Number.NaN]) {
      expect(() => fromAnalogValue(raw, 3)).toThrow(
        expect.objectContaining({
          code: 'SCHEMA_ANALOG_OUT_OF_RANGE',
          message: expect.stringContaining('signed 16-bit'),
        }),
      );
    }
  });

  it('refuses raw values outside the type’s range unless asked not to', () => {
    expect(() => fromAnalogValue(-5, 5)).toThrow(
      expect.objectContaining({ code: 'SCHEMA_ANALOG_OUT_OF_RANGE' }),
    );
    expect(fromAnalogValue(-5, 5, { checkRange: false })).toBe(-0.5);
  });

  it('names unknown analog types', () => {
    expect(() => analogType(13)).toThrow(expect.objectContaining({ code: 'SCHEMA_UNKNOWN_CODE' }));
    expect(() => toAnalogValue(1, 99)).toThrow(/no analog type 99/);
  });

  it('round-trips every raw value in every type’s range (exhaustive)', () => {
    for (const type of [...analogTypes, ...userAnalogTypes]) {
      for (let raw = ANALOG_MIN; raw <= ANALOG_MAX; raw++) {
        const value = (raw * type.multiplier) / type.divisor;
        if (value < type.min || value > type.max) continue;
        if (toAnalogValue(fromAnalogValue(raw, type.code), type.code) !== raw) {
          throw new Error(`type ${type.code}: raw ${raw} did not round-trip`);
        }
      }
    }
  });

  it('keeps every type’s range inside int16', () => {
    for (const type of [...analogTypes, ...userAnalogTypes]) {
      expect((type.min * type.divisor) / type.multiplier).toBeGreaterThanOrEqual(ANALOG_MIN);
      expect((type.max * type.divisor) / type.multiplier).toBeLessThanOrEqual(ANALOG_MAX);
    }
  });

  it('picks a point’s analog type: its own, else its kind’s default, and checks the kind', () => {
    expect(analogTypeForPoint({ id: 'p', kind: 'pressure' }).code).toBe(5);
    expect(analogTypeForPoint({ id: 'p', kind: 'pressure', analogType: 4 }).code).toBe(4);
    expect(() => analogTypeForPoint({ id: 'p', kind: 'pressure', analogType: 3 })).toThrow(
      expect.objectContaining({ code: 'SCHEMA_UNIT_MISMATCH' }),
    );
    expect(() => analogTypeForPoint({ id: 's', kind: 'state' })).toThrow(/send it as a status/);
    for (const kind of pointKinds) {
      const code = defaultAnalogTypes[kind];
      if (code !== undefined) expect(analogType(code).kind).toBe(kind);
    }
  });
});
