import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogSchema } from './catalog.js';
import { isFirecodeError } from './errors.js';
import { readingSchema } from './reading.js';
import { formatPath, parseOrThrow, validate } from './validate.js';

describe('validate', () => {
  it('returns the parsed value when the data is valid', () => {
    const reading = { point: 'p-1', time: 1, value: 2, quality: { level: 'good' } };
    expect(validate(readingSchema, reading)).toEqual({ ok: true, value: reading });
  });

  it('returns every problem with its path, in plain words', () => {
    const catalog = {
      gatewayId: 'GW 1',
      components: [{ id: 'pump-1', systemType: 11, componentType: 300 }, { systemType: 'eleven' }],
      points: [
        { id: 'p-1', kind: 'pressure', unit: 'kPa', component: 'pump-1', extra: 1 },
        { id: 'p-2', kind: 'presure', unit: 'kPa', component: 'pump-1', range: { min: 0 } },
      ],
    };
    const result = validate(catalogSchema, catalog);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        path: 'gatewayId',
        code: 'invalid_format',
        message: 'use 1-64 lowercase letters, digits, ".", "_" or "-", got text "GW 1"',
      },
      {
        path: 'components[0].componentType',
        code: 'too_big',
        message: 'must be at most 255, got the number 300',
      },
      { path: 'components[1].id', code: 'invalid_type', message: 'is missing: add text' },
      {
        path: 'components[1].systemType',
        code: 'invalid_type',
        message: 'must be a number, got text "eleven"',
      },
      { path: 'components[1].componentType', code: 'invalid_type', message: 'is missing: add a number' },
      {
        path: 'points[1].kind',
        code: 'invalid_value',
        message: expect.stringMatching(/^must be one of "pressure", "level", .*got text "presure"$/),
      },
      { path: 'points[1].range.max', code: 'invalid_type', message: 'is missing: add a number' },
    ]);
  });

  it('reports cross-reference problems in the same pass as field problems', () => {
    const catalog = {
      gatewayId: 'gw-1',
      components: [
        { id: 'pump-1', systemType: 11, componentType: 91 },
        { id: 'pump-1', systemType: -1 },
      ],
      points: [{ id: 'p-1', kind: 'pressure', unit: 'bar', component: 'pump-9', range: { min: 10, max: 0 } }],
    };
    const result = validate(catalogSchema, catalog);
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual([
      'components[1].systemType',
      'components[1].componentType',
      'points[0].unit',
      'points[0].range',
      'components[1].id',
      'points[0].component',
    ]);
  });

  it('explains whole numbers, minimums, unknown keys and custom checks', () => {
    const schema = z.strictObject({ count: z.number().int().min(1), name: z.string().min(1) });
    const result = validate(schema, { count: 1.5, name: '', other: true });
    expect(result.ok ? [] : result.problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      'count: must be a whole number, got the number 1.5',
      'name: must not be empty',
      '(root): has unknown field "other": remove it or check the spelling',
    ]);
  });

  it('formats paths with indexes and odd keys', () => {
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['points', 2, 'unit'])).toBe('points[2].unit');
    expect(formatPath(['source', 'a b'])).toBe('source["a b"]');
  });

  it('parseOrThrow throws SCHEMA_INVALID listing the problems', () => {
    try {
      parseOrThrow(readingSchema, { point: 'p', time: -1, value: 'x' }, 'reading from modbus line 1');
      expect.unreachable();
    } catch (error) {
      expect(isFirecodeError(error, 'SCHEMA_INVALID')).toBe(true);
      if (!isFirecodeError(error)) return;
      expect(error.message).toContain('reading from modbus line 1 is invalid (3 problems)');
      expect(error.message).toContain('time: must be at least 0, got the number -1');
      expect(error.details?.['problems']).toHaveLength(3);
    }
  });
});
