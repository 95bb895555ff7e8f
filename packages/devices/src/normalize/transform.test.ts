import { isFirecodeError } from '@firecode/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getProfile, profiles } from '../registry.js';
import { createRegisterSnapshot } from '../snapshot.js';
import { toCanonicalUnit } from '../units.js';
import { encodePointValue, transformPoint } from './transform.js';

describe('encodePointValue (inverse transform for simulators)', () => {
  it('writes unit, decimals and value registers of a QDY30A-layout device', () => {
    expect(encodePointValue(getProfile('mpd-380'), 'pressure', 350)).toEqual([
      { table: 'holding', address: 2, values: [3] },
      { table: 'holding', address: 3, values: [3] },
      { table: 'holding', address: 4, values: [3500] },
    ]);
    expect(encodePointValue(getProfile('qdy30a'), 'level', 2.5, { unitCode: 2, decimals: 0 })).toEqual([
      { table: 'holding', address: 2, values: [2] },
      { table: 'holding', address: 3, values: [0] },
      { table: 'holding', address: 4, values: [2500] },
    ]);
  });

  it('says why a value cannot be encoded', () => {
    expect(() => encodePointValue(getProfile('mpd-380'), 'pressure', 100_000)).toThrow(/does not fit a i16/);
    expect(() => encodePointValue(getProfile('qdy30a'), 'level', 1, { unitCode: 6 })).toThrow(
      /unit code 6 gives no level unit/,
    );
    expect(() => encodePointValue(getProfile('qdy30a'), 'pressure', 1)).toThrow(
      /no point "pressure": choose from level/,
    );
  });

  it('round-trips through the normalizer transform for every point of every profile (property)', () => {
    for (const profile of profiles) {
      for (const point of profile.points) {
        const { min, max } = point.range ?? { min: 0, max: 1000 };
        const transform = point.transform;
        const unit = transform.unitFrom
          ? transform.unitFrom.codes[String(profile.registers[transform.unitFrom.register]?.default)]
          : transform.unit;
        const decimals = transform.decimals ?? profile.registers[transform.decimalsFrom ?? '']?.default ?? 0;
        // One raw step, in the canonical unit: the most a round trip may be off by (half of it, rounded).
        const step =
          (toCanonicalUnit(point.kind, unit ?? '', transform.scale) ?? Number.NaN) / 10 ** decimals;
        fc.assert(
          fc.property(
            fc.double({ min: Math.max(min, -30), max: Math.min(max, 30), noNaN: true }),
            (value) => {
              let writes: ReturnType<typeof encodePointValue>;
              try {
                writes = encodePointValue(profile, point.id, value);
              } catch (error) {
                // Too large for the raw type at these decimals: a documented, named refusal.
                fc.pre(!isFirecodeError(error, 'DEVICES_VALUE_NOT_ENCODABLE'));
                throw error;
              }
              const snapshot = createRegisterSnapshot();
              for (const write of writes) snapshot.set(write.table, write.address, write.values);
              const back = transformPoint(profile, point, snapshot);
              expect(back.quality.level).not.toBe('bad');
              const isFloat = profile.registers[point.register]?.type === 'f32';
              const tolerance = isFloat ? Math.abs(value) * 1e-6 + 1e-6 : Math.abs(step) / 2 + 1e-9;
              expect(Math.abs((back.value ?? Number.NaN) - value)).toBeLessThanOrEqual(tolerance);
            },
          ),
          { numRuns: 50 },
        );
      }
    }
  });
});
