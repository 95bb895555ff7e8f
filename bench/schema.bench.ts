/**
 * How much the schema costs at the edge: parsing readings and events (the gateway validates everything it
 * sends), a large catalog, unit and analog conversions, status words. Run from the repository root:
 *   pnpm tsx packages/schema/scripts/schema.bench.ts
 * (kept in the package because bench/ belongs to the integrator; `git mv` it to bench/schema.bench.ts to
 * run it as `pnpm bench schema`). Prints a table and, last, one JSON line.
 */

import {
  type Catalog,
  catalogSchema,
  decodeSystemStatus,
  encodeSystemStatus,
  fireEventSchema,
  type Reading,
  readingSchema,
  toAnalogValue,
  toCanonical,
  validate,
} from '@firecode/schema';
import { printResult, printTable } from './support.js';

/** Runs `operation` in batches until `budgetMs` has passed; returns operations per second. */
function measure(operation: () => void, opsPerCall: number, budgetMs = 400): number {
  for (let i = 0; i < 50; i++) operation(); // warm-up: let the JIT settle
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (let i = 0; i < 20; i++) operation();
    calls += 20;
    elapsed = performance.now() - start;
  }
  return (calls * opsPerCall * 1000) / elapsed;
}

const readings: Reading[] = Array.from({ length: 1000 }, (_, i) => ({
  point: `riser-${i % 48}-pressure`,
  time: 1_764_000_000_000 + i * 1000,
  value: 300 + (i % 17) * 0.1,
  quality: i % 50 === 0 ? { level: 'uncertain', reason: 'stale' } : { level: 'good' },
}));

const event = {
  time: 1_764_000_000_000,
  kind: 'fire',
  active: true,
  component: 'smoke-12f-03',
  systemType: 1,
  componentType: 42,
  loop: 2,
  address: 17,
  source: { frame: 'status', word: 3 },
};

const catalog: Catalog = {
  gatewayId: 'gw-bench',
  components: Array.from({ length: 500 }, (_, i) => ({
    id: `dev-${i}`,
    systemType: 11,
    componentType: 0,
    location: { floor: (i % 30) + 1, zone: `z${i % 8}` },
  })),
  points: Array.from({ length: 1000 }, (_, i) => ({
    id: `p-${i}`,
    kind: 'pressure' as const,
    unit: 'kPa',
    component: `dev-${i % 500}`,
    range: { min: 0, max: 1600 },
    thresholds: { low: 100, high: 1200, hysteresis: 10 },
  })),
};

const rows: Record<string, string | number>[] = [];
function record(name: string, opsPerSecond: number): number {
  rows.push({ operation: name, 'ops/s': Math.round(opsPerSecond), 'ns/op': 1e9 / opsPerSecond });
  return opsPerSecond;
}

const readingParse = record(
  'readingSchema.parse (per reading)',
  measure(() => {
    for (const reading of readings) readingSchema.parse(reading);
  }, readings.length),
);
const readingValidate = record(
  'validate(readingSchema) (per reading)',
  measure(() => {
    for (const reading of readings) validate(readingSchema, reading);
  }, readings.length),
);
const eventParse = record(
  'fireEventSchema.parse',
  measure(() => fireEventSchema.parse(event), 1),
);
const catalogParse = record(
  'catalogSchema.parse (500 components, 1000 points)',
  measure(() => catalogSchema.parse(catalog), 1, 1000),
);
let sink = 0;
const conversion = record(
  "toCanonical(v, 'MPa', 'pressure')",
  measure(() => {
    for (let i = 0; i < 1000; i++) sink += toCanonical(i * 0.001, 'MPa', 'pressure');
  }, 1000),
);
const analog = record(
  'toAnalogValue(v, 5)',
  measure(() => {
    for (let i = 0; i < 1000; i++) sink += toAnalogValue(i * 0.5, 5);
  }, 1000),
);
const statusRoundTrip = record(
  'encodeSystemStatus(decodeSystemStatus(w))',
  measure(() => {
    for (let word = 0; word < 1000; word++) sink += encodeSystemStatus(decodeSystemStatus(word));
  }, 1000),
);

printTable(`@firecode/schema on Node ${process.versions.node} (sink ${sink > 0 ? 'ok' : '0'})`, rows);
printResult('schema', {
  readingParsePerSecond: Math.round(readingParse),
  readingValidatePerSecond: Math.round(readingValidate),
  eventParsePerSecond: Math.round(eventParse),
  catalog1000PointsParseMs: Number((1000 / catalogParse).toFixed(3)),
  toCanonicalPerSecond: Math.round(conversion),
  toAnalogValuePerSecond: Math.round(analog),
  statusRoundTripPerSecond: Math.round(statusRoundTrip),
});
