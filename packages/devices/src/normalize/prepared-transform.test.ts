import { GOOD, pointKinds, unitsFor } from '@firecode/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rawTypes } from '../data-types.js';
import type { DeviceProfile, PointMapping, RegisterSpec } from '../profile/schema.js';
import { getProfile, profiles } from '../registry.js';
import { createRegisterSnapshot } from '../snapshot.js';
import { createDeviceNormalizer } from './normalizer.js';
import { prepareTransform, runTransform, sharedTransform } from './prepared-transform.js';
import { type TransformedValue, transformPoint } from './transform.js';

/*
 * The prepared transform (what the normalizer runs) against transformPoint (the generic path) on random
 * points and snapshots: the same value (Object.is), quality and problem, or a specialisation is wrong.
 * Points are built without the profile checks, so that combinations a check would refuse are covered too.
 */

/** What a snapshot may hold at an address: words (often small, as unit and decimals codes are), junk. */
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 1, arbitrary: fc.constantFrom<number | undefined>(undefined, -1, 70_000, 1.5, -0, Number.NaN) },
);

const register = fc.record<RegisterSpec>({
  table: fc.constantFrom('holding', 'input'),
  address: fc.integer({ min: 0, max: 5 }),
  type: fc.constantFrom(...rawTypes, 'u16', 'i16', 'u16', 'i16'),
  byteOrder: fc.constantFrom('big', 'little'),
  wordOrder: fc.constantFrom('big', 'little'),
  bit: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined, freq: 3 }),
  bits: fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
  values: fc.option(
    fc.tuple(fc.integer({ min: -2, max: 9 }), fc.integer({ min: 0, max: 12 })).map(([min, max]) => ({
      min: Math.min(min, max),
      max,
    })),
    { nil: undefined, freq: 2 },
  ),
  writable: fc.constant(false),
});

/** Units that fit no kind, or the wrong one. */
const strayUnit = fc.constantFrom('', 'x', 'kPa', 'mA', '°F', 'L/min');

const number = fc.oneof(
  fc.constantFrom(1, 0, -1, 0.1, 0.01, 10, 1000, 1e-3, 1e300),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.integer({ min: -1000, max: 1000 }),
);

/** A point's fields, mostly with a unit of its kind (the conversions are what is specialised). */
const point = fc.constantFrom(...pointKinds).chain((kind) => {
  const unit = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...unitsFor(kind)) },
    { weight: 1, arbitrary: strayUnit },
  );
  return fc.record({
    kind: fc.constant(kind),
    scale: number,
    offset: number,
    decimals: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    decimalsFrom: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    unit: fc.option(unit, { nil: undefined, freq: 8 }),
    unitFrom: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      {
        weight: 1,
        arbitrary: fc.dictionary(fc.integer({ min: 0, max: 9 }).map(String), fc.option(unit, { freq: 8 })),
      },
    ),
    range: fc.option(
      fc.tuple(number, number).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) })),
      { nil: undefined },
    ),
  });
});

const base = getProfile('mpd-380');

describe('prepareTransform / runTransform', () => {
  it('gives what transformPoint gives, for any point and snapshot (property)', () => {
    fc.assert(
      fc.property(
        point,
        register,
        register,
        register,
        fc.array(cell, { minLength: 10, maxLength: 10 }),
        (p, valueRegister, decimalsRegister, unitRegister, cells) => {
          const mapping: PointMapping = {
            id: 'value',
            kind: p.kind,
            register: 'value',
            transform: {
              scale: p.scale,
              offset: p.offset,
              ...(p.decimals === undefined ? {} : { decimals: p.decimals }),
              ...(p.decimalsFrom ? { decimalsFrom: 'decimals' } : {}),
              ...(p.unit === undefined ? {} : { unit: p.unit }),
              ...(p.unitFrom === undefined ? {} : { unitFrom: { register: 'unit', codes: p.unitFrom } }),
            },
            ...(p.range === undefined ? {} : { range: p.range }),
          };
          const profile: DeviceProfile = {
            ...base,
            registers: { value: valueRegister, decimals: decimalsRegister, unit: unitRegister },
            points: [mapping],
            events: [],
          };
          const snapshot = createRegisterSnapshot();
          cells.forEach((value, address) => {
            if (value === undefined) return;
            snapshot.set('holding', address, [value]);
            snapshot.set('input', address, [value]);
          });
          const expected = transformPoint(profile, mapping, snapshot);
          // A used result to fill, as the normalizer's is: nothing of the last reading may stay.
          const into: TransformedValue = { value: 12345, quality: GOOD, problem: 'stale' };
          const actual = runTransform(prepareTransform(profile, mapping), snapshot, into);
          expect(Object.is(actual.value, expected.value), `${actual.value} vs ${expected.value}`).toBe(true);
          expect(actual.quality).toEqual(expected.quality);
          expect(actual.problem).toBe(expected.problem);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('is shared by the devices of one profile; a range override is the overriding device’s alone', () => {
    const mpd = getProfile('mpd-380');
    const pressure = mpd.points[0]!;
    expect(sharedTransform(mpd, pressure)).toBe(sharedTransform(mpd, pressure));
    // 3,200,000 kPa (3 = MPa, 0 decimals, 32000): outside the profile's range, inside the override's.
    const snapshot = createRegisterSnapshot([{ table: 'holding', address: 2, values: [3, 0, 32000] }]);
    const wide = { min: 0, max: 4_000_000 };
    const qualities = [{}, { overrides: { pressure: { range: wide } } }, {}].map(
      (options, i) =>
        createDeviceNormalizer(mpd, { deviceId: `d-${i}`, ...options }).normalize(snapshot, 1).readings[0]
          ?.quality.level,
    );
    expect(qualities).toEqual(['uncertain', 'good', 'uncertain']);
  });

  it('gives every profile’s normalizer the readings and diagnostics of transformPoint (property)', () => {
    for (const profile of profiles) {
      if (profile.points.length === 0) continue;
      const addresses = new Set(
        Object.values(profile.registers).flatMap((spec) =>
          Array.from({ length: 4 }, (_, i) => `${spec.table}:${spec.address + i}`),
        ),
      );
      fc.assert(
        fc.property(fc.array(cell, { minLength: addresses.size, maxLength: addresses.size }), (cells) => {
          const snapshot = createRegisterSnapshot();
          [...addresses].forEach((key, i) => {
            const [table, address] = key.split(':') as [RegisterSpec['table'], string];
            const value = cells[i];
            if (value !== undefined) snapshot.set(table, Number(address), [value]);
          });
          const { readings, diagnostics } = createDeviceNormalizer(profile, { deviceId: 'd' }).normalize(
            snapshot,
            1,
          );
          const badProblems: string[] = [];
          profile.points.forEach((mapping, i) => {
            const expected = transformPoint(profile, mapping, snapshot);
            expect(readings[i]?.point).toBe(`d.${mapping.id}`);
            expect(Object.is(readings[i]?.value, expected.value)).toBe(true);
            expect(readings[i]?.quality).toEqual(expected.quality);
            if (expected.quality.level === 'bad') badProblems.push(`d.${mapping.id}: ${expected.problem}`);
          });
          const readingDiagnostics = diagnostics.filter((d) => d.source?.point !== undefined);
          expect(readingDiagnostics.map((d) => d.message)).toEqual(badProblems);
        }),
        { numRuns: 200 },
      );
    }
  });
});
