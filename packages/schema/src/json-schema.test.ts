import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { jsonSchemas, publishedSchemas, toJsonSchema } from './json-schema.js';

describe('JSON Schema export', () => {
  it.each(Object.keys(publishedSchemas) as (keyof typeof publishedSchemas)[])(
    '%s has a draft 2020-12 schema with every field and the required ones',
    (name) => {
      const json = toJsonSchema(name);
      expect(json['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(json['title']).toBe(name);
      expect(json['type']).toBe('object');
      const shape = (publishedSchemas[name] as unknown as z.ZodObject).shape;
      expect(Object.keys(json['properties'] as object).sort()).toEqual(Object.keys(shape).sort());
      const required = Object.entries(shape)
        .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
        .map(([key]) => key)
        .sort();
      expect([...((json['required'] as string[] | undefined) ?? [])].sort()).toEqual(required);
      // Survives a JSON round trip: no functions, no cycles.
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    },
  );

  it('carries descriptions, enums, integer bounds and patterns', () => {
    const point = toJsonSchema('Point') as {
      description: string;
      properties: Record<string, Record<string, unknown>>;
    };
    expect(point.description).toBe('A measured or state point of a component');
    expect(point.properties['kind']?.['enum']).toContain('residual-current');
    expect(point.properties['id']?.['pattern']).toBe('^[a-z0-9][a-z0-9._-]{0,63}$');
    expect(point.properties['analogType']).toMatchObject({ type: 'integer', minimum: 1, maximum: 255 });
  });

  it('exports every published schema at once', () => {
    expect(Object.keys(jsonSchemas())).toEqual(Object.keys(publishedSchemas));
  });
});
