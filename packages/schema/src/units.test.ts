import { describe, expect, it } from 'vitest';
import { canonicalUnits, type PointKind, pointKinds } from './point.js';
import { convertUnit, fromCanonical, toCanonical, unitFor, units, unitsFor } from './units.js';

/** Relative closeness: the brief asks for 1e-9; an exact 0 must come out as exactly 0. */
function expectClose(actual: number, expected: number): void {
  if (expected === 0) {
    expect(Math.abs(actual)).toBeLessThanOrEqual(1e-12);
    return;
  }
  const relative = Math.abs(actual - expected) / Math.abs(expected);
  if (relative > 1e-9) throw new Error(`${actual} is not within 1e-9 of ${expected} (relative ${relative})`);
}

/** Known values, worked out by hand from the unit definitions (SI, conventional water column, US psi). */
const knownValues: [kind: PointKind, value: number, unit: string, canonical: number][] = [
  ['pressure', 1, 'MPa', 1000],
  ['pressure', 0.35, 'MPa', 350],
  ['pressure', 250, 'kPa', 250],
  ['pressure', 101325, 'Pa', 101.325],
  ['pressure', 1013.25, 'hPa', 101.325],
  ['pressure', 1, 'bar', 100],
  ['pressure', 6.5, 'bar', 650],
  ['pressure', 1013.25, 'mbar', 101.325],
  ['pressure', 1, 'kg/cm²', 98.0665],
  ['pressure', 3, 'kg/cm2', 294.1995],
  ['pressure', 1, 'psi', 6.894757293168361],
  ['pressure', 100, 'psi', 689.4757293168361],
  ['pressure', 10, 'mH2O', 98.0665],
  ['pressure', 1000, 'mmH2O', 9.80665],
  ['pressure', 50, 'cmH2O', 4.903325],
  ['level', 2.5, 'm', 2.5],
  ['level', 150, 'cm', 1.5],
  ['level', 1200, 'mm', 1.2],
  ['level', 3, 'mH2O', 3],
  ['level', 98.0665, 'kPa', 10],
  ['level', 0.0980665, 'MPa', 10],
  ['level', 2000, 'mmH2O', 2],
  ['residual-current', 300, 'mA', 300],
  ['residual-current', 0.5, 'A', 500],
  ['line-current', 250, 'mA', 0.25],
  ['temperature', 25, '°C', 25],
  ['temperature', 25, '℃', 25],
  ['temperature', 212, '°F', 100],
  ['temperature', -40, '°F', -40],
  ['temperature', 32, '°F', 0],
  ['temperature', 0, 'K', -273.15],
  ['temperature', 373.15, 'K', 100],
  ['voltage', 380, 'V', 380],
  ['voltage', 10, 'kV', 10000],
  ['flow', 36, 'm³/h', 10],
  ['flow', 600, 'L/min', 10],
  ['flow', 1, 'm³/h', 0.2777777777777778],
  ['flow', 100, 'gpm', 6.30901964],
  ['gas-concentration', 25, '%LEL', 25],
  ['duration', 2, 'min', 120],
  ['duration', 1500, 'ms', 1.5],
  ['air-volume', 600, 'm³/h', 10],
  ['air-speed', 36, 'km/h', 10],
];

describe('unit conversions', () => {
  it.each(knownValues)('%s: %d %s is %d in the canonical unit', (kind, value, unit, canonical) => {
    expectClose(toCanonical(value, unit, kind), canonical);
    expectClose(fromCanonical(canonical, unit, kind), value);
  });

  it('is exact for the identity and keeps 0 °C at 32 °F', () => {
    expect(toCanonical(123.456, 'kPa', 'pressure')).toBe(123.456);
    expect(toCanonical(32, '°F', 'temperature')).toBe(0);
    expect(fromCanonical(0, '°F', 'temperature')).toBe(32);
  });

  it('converts between two reported units', () => {
    expectClose(convertUnit(1, 'MPa', 'bar'), 10);
    expectClose(convertUnit(14.503773773020923, 'psi', 'bar'), 1);
    expectClose(convertUnit(100, 'kPa', 'm', 'level'), 10.197162129779283);
    expectClose(convertUnit(1, 'A', 'mA'), 1000);
  });

  it('has each kind’s canonical unit as an identity unit', () => {
    for (const kind of pointKinds) {
      const canonical = unitFor(canonicalUnits[kind], kind);
      expect([canonical.multiplier / canonical.divisor, canonical.offset]).toEqual([1, 0]);
      expect(unitsFor(kind)[0]).toBe(canonicalUnits[kind]);
    }
  });

  it('round-trips every unit on a spread of values', () => {
    for (const unit of units) {
      for (const value of [-1234.5, -1, 0.001, 1, 42.42, 99999]) {
        expectClose(fromCanonical(toCanonical(value, unit.symbol, unit.kind), unit.symbol, unit.kind), value);
      }
    }
  });

  it('rejects an unknown unit with a message listing the known ones', () => {
    expect(() => toCanonical(1, 'mPa', 'pressure')).toThrow(
      expect.objectContaining({ code: 'SCHEMA_UNKNOWN_UNIT' }),
    );
    expect(() => toCanonical(1, 'furlong', 'level')).toThrow(
      /unknown unit "furlong" for a level point: use one of "m"/,
    );
    expect(() => convertUnit(1, 'kPa', 'atmospheres')).toThrow(
      expect.objectContaining({ code: 'SCHEMA_UNKNOWN_UNIT' }),
    );
  });

  it('rejects a unit of another quantity', () => {
    expect(() => toCanonical(1, 'V', 'pressure')).toThrow(
      expect.objectContaining({
        code: 'SCHEMA_UNIT_MISMATCH',
        message: expect.stringContaining('measures voltage'),
      }),
    );
    expect(() => convertUnit(1, 'kPa', 'V')).toThrow(
      expect.objectContaining({ code: 'SCHEMA_UNIT_MISMATCH' }),
    );
  });

  it('rejects non-finite values instead of passing NaN on', () => {
    expect(() => toCanonical(Number.NaN, 'bar', 'pressure')).toThrow(
      expect.objectContaining({ code: 'SCHEMA_NOT_FINITE' }),
    );
    expect(() => fromCanonical(Number.POSITIVE_INFINITY, 'bar', 'pressure')).toThrow(
      expect.objectContaining({ code: 'SCHEMA_NOT_FINITE' }),
    );
  });
});
