import { type Catalog, isFirecodeError } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { PointIndex } from './point-index.js';
import { pressureHubParts } from './testing/pressure-hub-catalog.js';

const catalog: Catalog = { gatewayId: 'hub-test', ...pressureHubParts() };
const index = new PointIndex(catalog);
const NOW = 1_780_000_000_000;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isFirecodeError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('PointIndex.reading', () => {
  it('builds a good reading at the current time by default', () => {
    expect(index.reading('riser-1-pressure', 412.5, {}, NOW)).toEqual({
      point: 'riser-1-pressure',
      time: NOW,
      value: 412.5,
      quality: { level: 'good' },
    });
  });

  it('names the unknown point and the known ones', () => {
    expect(() => index.reading('riser-9-pressure', 1, {}, NOW)).toThrow(
      /"riser-9-pressure" is not in the catalog.*"riser-1-pressure"/,
    );
    expect(codeOf(() => index.reading('riser-9-pressure', 1, {}, NOW))).toBe('SDK_UNKNOWN_POINT');
  });

  it('converts a unit of the same quantity to the canonical one', () => {
    expect(index.reading('riser-1-pressure', 0.45, { unit: 'MPa' }, NOW).value).toBeCloseTo(450, 9);
  });

  it('refuses a unit of another quantity, and an unknown unit', () => {
    expect(codeOf(() => index.reading('riser-1-pressure', 3, { unit: 'V' }, NOW))).toBe(
      'SCHEMA_UNIT_MISMATCH',
    );
    expect(codeOf(() => index.reading('riser-1-pressure', 3, { unit: 'mPa' }, NOW))).toBe(
      'SCHEMA_UNKNOWN_UNIT',
    );
  });

  it('refuses NaN and Infinity, and non-numbers', () => {
    expect(codeOf(() => index.reading('riser-1-pressure', Number.NaN, {}, NOW))).toBe('SCHEMA_NOT_FINITE');
    expect(codeOf(() => index.reading('riser-1-pressure', Number.POSITIVE_INFINITY, {}, NOW))).toBe(
      'SCHEMA_NOT_FINITE',
    );
    expect(codeOf(() => index.reading('riser-1-pressure', '3' as unknown as number, {}, NOW))).toBe(
      'SDK_INVALID_READING',
    );
  });

  it('takes null only with a quality that says why', () => {
    expect(codeOf(() => index.reading('riser-1-pressure', null, {}, NOW))).toBe('SDK_INVALID_READING');
    const quality = { level: 'bad', reason: 'sensor-fault' } as const;
    expect(index.reading('riser-1-pressure', null, { quality }, NOW)).toMatchObject({ value: null, quality });
  });

  it('flags a value outside the range uncertain/out-of-range but still sends it', () => {
    expect(index.reading('riser-1-pressure', 2000, {}, NOW)).toMatchObject({
      value: 2000,
      quality: { level: 'uncertain', reason: 'out-of-range' },
    });
  });

  it('takes a Date or epoch ms, and refuses other times and bad qualities', () => {
    expect(index.reading('riser-1-pressure', 1, { time: new Date(NOW - 5) }, NOW).time).toBe(NOW - 5);
    expect(codeOf(() => index.reading('riser-1-pressure', 1, { time: -1 }, NOW))).toBe('SDK_INVALID_READING');
    expect(codeOf(() => index.reading('riser-1-pressure', 1, { time: 1.5 }, NOW))).toBe(
      'SDK_INVALID_READING',
    );
    expect(codeOf(() => index.reading('riser-1-pressure', 1, { time: new Date('x') }, NOW))).toBe(
      'SDK_INVALID_READING',
    );
    const quality = { level: 'fine' } as unknown as { level: 'good' };
    expect(codeOf(() => index.reading('riser-1-pressure', 1, { quality }, NOW))).toBe('SDK_INVALID_READING');
  });
});

describe('PointIndex.event', () => {
  it('fills in the component codes from the catalog', () => {
    expect(index.event({ kind: 'fault', component: 'hub-test', source: { code: 17 } }, NOW)).toEqual({
      time: NOW,
      kind: 'fault',
      active: true,
      component: 'hub-test',
      systemType: 11,
      componentType: 0,
      source: { code: 17 },
    });
  });

  it('refuses an unknown component, an unknown kind and a point of another component', () => {
    expect(codeOf(() => index.event({ kind: 'fault', component: 'pump-1' }, NOW))).toBe(
      'SDK_UNKNOWN_COMPONENT',
    );
    expect(codeOf(() => index.event({ kind: 'smoke' as 'fire', component: 'hub-test' }, NOW))).toBe(
      'SDK_INVALID_EVENT',
    );
    const other = new PointIndex({
      ...catalog,
      components: [...catalog.components, { id: 'pump-1', systemType: 11, componentType: 91 }],
    });
    expect(
      codeOf(() => other.event({ kind: 'fault', component: 'pump-1', point: 'riser-1-pressure' }, NOW)),
    ).toBe('SDK_INVALID_EVENT');
  });
});
