/**
 * The JSON Schema files are for other languages: check them with an independent validator (Python's
 * `jsonschema`, draft 2020-12) on data zod accepts and data it rejects. Skipped where no Python with
 * `jsonschema` is installed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PublishedSchemaName } from './json-schema.js';
import { publishedSchemas } from './json-schema.js';

const jsonSchemaDir = fileURLToPath(new URL('../json-schema/', import.meta.url));

const python = ['python3', '/usr/bin/python3'].find(
  (command) => spawnSync(command, ['-c', 'import jsonschema'], { stdio: 'ignore' }).status === 0,
);

const script = `
import json, sys
from jsonschema import Draft202012Validator
cases = json.load(sys.stdin)
out = []
for case in cases:
    with open(sys.argv[1] + case["schema"] + ".schema.json") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    out.append(Draft202012Validator(schema).is_valid(case["data"]))
print(json.dumps(out))
`;

const cases: { schema: PublishedSchemaName; data: unknown }[] = [
  {
    schema: 'Catalog',
    data: {
      gatewayId: 'gw-1',
      building: {
        id: '310101-0001',
        name: 'Tower A',
        address: '1 Century Ave',
        floors: { above: 40, below: 3 },
      },
      components: [
        {
          id: 'pt-1',
          systemType: 11,
          componentType: 0,
          location: { floor: -1 },
          panel: { loop: 1, address: 2 },
        },
      ],
      points: [
        {
          id: 'p-1',
          kind: 'pressure',
          unit: 'kPa',
          component: 'pt-1',
          thresholds: { low: 100, hysteresis: 5 },
        },
      ],
    },
  },
  { schema: 'Catalog', data: { gatewayId: 'GW 1', components: [], points: [] } },
  {
    schema: 'Catalog',
    data: { gatewayId: 'gw-1', components: [{ id: 'x', systemType: 300, componentType: 0 }], points: [] },
  },
  {
    schema: 'Reading',
    data: { point: 'p-1', time: 1764000000000, value: null, quality: { level: 'bad', reason: 'stale' } },
  },
  { schema: 'Reading', data: { point: 'p-1', time: -1, value: 1, quality: { level: 'good' } } },
  { schema: 'Reading', data: { point: 'p-1', time: 1, value: 1, quality: { level: 'fine' } } },
  {
    schema: 'FireEvent',
    data: {
      time: 1,
      kind: 'fire',
      active: true,
      component: 'smoke-1',
      systemType: 1,
      componentType: 42,
      source: { word: 3 },
    },
  },
  {
    schema: 'FireEvent',
    data: { time: 1, kind: 'smoke', active: true, component: 'smoke-1', systemType: 1, componentType: 42 },
  },
  { schema: 'SystemStatusReport', data: { time: 1, systemType: 1, systemAddress: 0, status: 65535 } },
  { schema: 'SystemStatusReport', data: { time: 1, systemType: 1, systemAddress: 0, status: 65536 } },
  { schema: 'TransmissionStatusReport', data: { time: 1, status: 1.5 } },
];

describe.skipIf(python === undefined)(
  'JSON Schema files under an independent validator (Python jsonschema)',
  () => {
    it('accept exactly what zod accepts on these cases', () => {
      const result = spawnSync(python!, ['-c', script, jsonSchemaDir], {
        input: JSON.stringify(cases),
        encoding: 'utf8',
      });
      expect(result.stderr).toBe('');
      const verdicts = JSON.parse(result.stdout) as boolean[];
      const expected = cases.map(
        (testCase) => publishedSchemas[testCase.schema].safeParse(testCase.data).success,
      );
      expect(expected).toEqual([true, false, false, true, false, false, true, false, true, false, false]);
      expect(verdicts).toEqual(expected);
    });
  },
);
