import { describe, expect, it } from 'vitest';
import { FirecodeError } from './errors.js';
import { checkPlausibleTime, checkReadingValue, EARLIEST_PLAUSIBLE_TIME } from './input-checks.js';
import { pointSchema } from './point.js';

const NOW = Date.UTC(2026, 5, 1, 12);

function thrown(run: () => unknown): FirecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof FirecodeError) return error;
    throw error;
  }
  throw new Error('expected a FirecodeError, nothing was thrown');
}

describe('checkPlausibleTime', () => {
  it('passes times from 2000-01-01 up to now plus the skew', () => {
    expect(checkPlausibleTime(EARLIEST_PLAUSIBLE_TIME, NOW, 'x')).toBe(EARLIEST_PLAUSIBLE_TIME);
    expect(checkPlausibleTime(NOW + 600_000, NOW, 'x')).toBe(NOW + 600_000);
    expect(checkPlausibleTime(NOW + 5_000, NOW, 'x', { maxFutureSkewMs: 5_000 })).toBe(NOW + 5_000);
  });

  it('names seconds given for milliseconds', () => {
    const error = thrown(() => checkPlausibleTime(Math.floor(NOW / 1000), NOW, 'reading of point "p"'));
    expect(error.code).toBe('SCHEMA_TIME_IMPLAUSIBLE');
    expect(error.message).toMatch(
      /^reading of point "p": time 1780315200 is 1970-01-21T.*looks like seconds, not milliseconds: multiply by 1000/,
    );
  });

  it('names an unset clock and a time in the future, with the skew that allows it', () => {
    expect(thrown(() => checkPlausibleTime(5, NOW, 'x')).message).toMatch(/clock is probably not set/);
    const future = thrown(() => checkPlausibleTime(Date.UTC(2100, 0, 1), NOW, 'x'));
    expect(future.code).toBe('SCHEMA_TIME_IMPLAUSIBLE');
    expect(future.message).toMatch(/2100-01-01T.*more than 600000 ms after now.*maxFutureSkewMs/);
    expect(thrown(() => checkPlausibleTime(NOW + 1, NOW, 'x', { maxFutureSkewMs: 0 })).code).toBe(
      'SCHEMA_TIME_IMPLAUSIBLE',
    );
    expect(thrown(() => checkPlausibleTime(NOW * 1000, NOW, 'x')).message).toMatch(/microseconds/);
  });
});

describe('checkReadingValue', () => {
  const pressure = { id: 'p', kind: 'pressure', unit: 'kPa' } as const;
  const contact = {
    id: 'fire-input',
    kind: 'state',
    unit: '',
    states: [
      { value: 0, name: 'normal' },
      { value: 1, name: 'fire' },
    ],
  } as const;

  it('converts to the canonical unit', () => {
    expect(checkReadingValue(pressure, 0.4, 'MPa')).toBe(400);
    expect(checkReadingValue(pressure, 1e300)).toBe(1e300);
  });

  it('rejects NaN and values whose conversion overflows, instead of sending null', () => {
    expect(thrown(() => checkReadingValue(pressure, Number.NaN)).code).toBe('SCHEMA_NOT_FINITE');
    const overflow = thrown(() => checkReadingValue(pressure, 1e308, 'MPa'));
    expect(overflow.code).toBe('SCHEMA_NOT_FINITE');
    expect(overflow.message).toMatch(/1e\+308 MPa is Infinity kPa.*check the value and its unit/);
  });

  it('takes only the declared states of a state point', () => {
    expect(checkReadingValue(contact, 1)).toBe(1);
    const two = thrown(() => checkReadingValue(contact, 2));
    expect(two.code).toBe('SCHEMA_STATE_INVALID');
    expect(two.message).toMatch(/2 is not one of its states 0 \(normal\), 1 \(fire\)/);
    expect(thrown(() => checkReadingValue(contact, 0.5)).code).toBe('SCHEMA_STATE_INVALID');
  });

  it('takes state codes (integers 0-65535) from a state point without states', () => {
    const code = { id: 'c', kind: 'state', unit: '' } as const;
    expect(checkReadingValue(code, 17)).toBe(17);
    for (const bad of [0.5, -1, 65536]) {
      expect(thrown(() => checkReadingValue(code, bad)).code).toBe('SCHEMA_STATE_INVALID');
    }
  });
});

describe('pointSchema states', () => {
  it('belong to state points only, each value once', () => {
    const base = { id: 'x', unit: '', component: 'c' };
    expect(
      pointSchema.safeParse({ ...base, kind: 'state', states: [{ value: 1, name: 'fire' }] }).success,
    ).toBe(true);
    const onPressure = pointSchema.safeParse({
      ...base,
      kind: 'pressure',
      unit: 'kPa',
      states: [{ value: 1, name: 'fire' }],
    });
    expect(onPressure.error?.issues[0]?.message).toMatch(/only a "state" point has states/);
    const twice = pointSchema.safeParse({
      ...base,
      kind: 'state',
      states: [
        { value: 1, name: 'fire' },
        { value: 1, name: 'alarm' },
      ],
    });
    expect(twice.error?.issues[0]?.message).toMatch(/listed twice/);
  });
});
