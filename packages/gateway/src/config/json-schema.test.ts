import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './json-schema.js';

const committed = new URL('../../config.schema.json', import.meta.url);

describe('configJsonSchema', () => {
  it('describes the file as written: strict objects, enums, secret pattern', () => {
    const schema = configJsonSchema() as {
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, { properties?: Record<string, { pattern?: string }> }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['building', 'gateway', 'buses', 'uplink']));
    expect(schema.properties.uplink?.properties?.password?.pattern).toMatch(/env:/);
  });

  it('matches the committed config.schema.json (regenerate: firecode-gateway schema > packages/gateway/config.schema.json)', () => {
    const onDisk = JSON.parse(readFileSync(committed, 'utf8')) as unknown;
    expect(onDisk).toEqual(configJsonSchema());
  });
});
