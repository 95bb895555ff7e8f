/**
 * `pnpm bench codec`: the wire format against JSON, JSON + gzip and Sparkplug B on the documented
 * standard workload (packages/codec/src/standard-workload.ts: 200 points at 1 Hz for 60 s, 5 events,
 * 12 000 readings in one batch).
 *
 * Sizes: bytes of the one message that carries the batch, divided by 12 000 readings.
 * - firecode: `encodeDataBatch` (aliases, shared time columns, scaled delta values);
 * - json: `{gatewayId, sequence, readings: [{point, time: ISO string, value}], events}` — point names,
 *   ISO times, quality left out because every reading is good (JSON's best case);
 * - jsonGzip: that JSON through gzip (node:zlib, default level);
 * - sparkplug: a Sparkplug B DATA payload via `sparkplug-payload`: one metric per reading with alias
 *   and its own timestamp; pressures, levels and currents as Double, zone states as Boolean, the events
 *   as String metrics;
 * - firecodeDeflate: `encodeDataBatch(..., {compress: 'always'})`.
 * Speed: readings per second through encode and decode of the whole batch, ours against
 * `JSON.stringify` / `JSON.parse` of the same schema objects (epoch-ms times, qualities included, as a
 * program would naturally serialize them). Median of several timed rounds after a warm-up. Decoding
 * is timed twice: `decodeMessage` (one `Reading` object per reading) and `decodeColumnar` (typed
 * columns, what a store bulk-inserts from); `decodeVsJsonParse` is the columnar one over JSON.parse.
 */
import { gzipSync } from 'node:zlib';
import { get as sparkplugNamespace } from 'sparkplug-payload';
import { MemoryCatalogStore } from '../packages/codec/src/catalog-store.js';
import { decodeColumnar } from '../packages/codec/src/columnar-decode.js';
import { decodeMessage } from '../packages/codec/src/decode.js';
import { encodeDataBatch } from '../packages/codec/src/encode.js';
import { workloadBatch, workloadCatalog } from '../packages/codec/src/standard-workload.js';
import { printResult, printTable } from './support.js';

const catalog = workloadCatalog();
const batch = workloadBatch();
const readingCount = batch.readings.length;
const store = new MemoryCatalogStore();
store.add(catalog);

// ---- sizes ---------------------------------------------------------------------------------------
const firecode = encodeDataBatch(batch, catalog);
const firecodeDeflate = encodeDataBatch(batch, catalog, { compress: 'always' });
const jsonText = JSON.stringify({
  gatewayId: batch.gatewayId,
  sequence: String(batch.sequence),
  readings: batch.readings.map((reading) => ({
    point: reading.point,
    time: new Date(reading.time).toISOString(),
    value: reading.value,
  })),
  events: batch.events.map((event) => ({ ...event, time: new Date(event.time).toISOString() })),
});
const json = new TextEncoder().encode(jsonText);
const jsonGzip = gzipSync(json);

const sparkplug = sparkplugNamespace('spBv1.0');
if (!sparkplug) throw new Error('sparkplug-payload does not know namespace spBv1.0');
const aliasOf = new Map(catalog.points.map((point, index) => [point.id, index]));
const kindOf = new Map(catalog.points.map((point) => [point.id, point.kind]));
const sparkplugBytes = sparkplug.encodePayload({
  timestamp: batch.readings[0]!.time,
  seq: 0,
  metrics: [
    ...batch.readings.map((reading) =>
      kindOf.get(reading.point) === 'state'
        ? {
            alias: aliasOf.get(reading.point)!,
            timestamp: reading.time,
            type: 'Boolean' as const,
            value: reading.value === 1,
          }
        : {
            alias: aliasOf.get(reading.point)!,
            timestamp: reading.time,
            type: 'Double' as const,
            value: reading.value!,
          },
    ),
    ...batch.events.map((event, index) => ({
      alias: 1000 + index,
      timestamp: event.time,
      type: 'String' as const,
      value: `${event.component}:${event.kind}:${event.active}`,
    })),
  ],
});

const perReading = (bytes: Uint8Array) => bytes.length / readingCount;
const bytesPerReading = {
  firecode: round(perReading(firecode)),
  json: round(perReading(json)),
  jsonGzip: round(perReading(jsonGzip)),
  sparkplug: round(perReading(sparkplugBytes)),
  firecodeDeflate: round(perReading(firecodeDeflate)),
};

// Sanity: what we time decodes to what we encoded.
const check = decodeMessage(firecode, { catalogs: store });
if (check.type !== 'data' || check.readings.length !== readingCount) throw new Error('round trip failed');

// ---- speed ---------------------------------------------------------------------------------------
function readingsPerSecond(work: () => unknown): number {
  for (let i = 0; i < 20; i += 1) work(); // warm-up: let the JIT settle
  const rounds: number[] = [];
  for (let round = 0; round < 7; round += 1) {
    const iterations = 20;
    const start = performance.now();
    for (let i = 0; i < iterations; i += 1) work();
    const seconds = (performance.now() - start) / 1000;
    rounds.push((iterations * readingCount) / seconds);
  }
  rounds.sort((a, b) => a - b);
  return Math.round(rounds[Math.floor(rounds.length / 2)]!);
}

const schemaJson = JSON.stringify(batch, (_key, value) =>
  typeof value === 'bigint' ? String(value) : value,
);
const encodePerSec = {
  firecode: readingsPerSecond(() => encodeDataBatch(batch, catalog)),
  json: readingsPerSecond(() =>
    JSON.stringify(batch, (_key, value) => (typeof value === 'bigint' ? String(value) : value)),
  ),
};
const decodePerSec = {
  firecode: readingsPerSecond(() => decodeMessage(firecode, { catalogs: store })),
  firecodeColumnar: readingsPerSecond(() => decodeColumnar(firecode, { catalogs: store })),
  json: readingsPerSecond(() => JSON.parse(schemaJson)),
};
const decodeVsJsonParse = round(decodePerSec.firecodeColumnar / decodePerSec.json);

printTable(`Wire size, standard workload (${readingCount} readings, ${batch.events.length} events)`, [
  {
    format: 'firecode',
    bytes: firecode.length,
    bytesPerReading: bytesPerReading.firecode,
    vsSparkplug: ratio(firecode, sparkplugBytes),
    vsJson: ratio(firecode, json),
  },
  {
    format: 'firecode + DEFLATE',
    bytes: firecodeDeflate.length,
    bytesPerReading: bytesPerReading.firecodeDeflate,
    vsSparkplug: ratio(firecodeDeflate, sparkplugBytes),
    vsJson: ratio(firecodeDeflate, json),
  },
  {
    format: 'Sparkplug B',
    bytes: sparkplugBytes.length,
    bytesPerReading: bytesPerReading.sparkplug,
    vsSparkplug: 1,
    vsJson: ratio(sparkplugBytes, json),
  },
  {
    format: 'JSON + gzip',
    bytes: jsonGzip.length,
    bytesPerReading: bytesPerReading.jsonGzip,
    vsSparkplug: ratio(jsonGzip, sparkplugBytes),
    vsJson: ratio(jsonGzip, json),
  },
  {
    format: 'JSON',
    bytes: json.length,
    bytesPerReading: bytesPerReading.json,
    vsSparkplug: ratio(json, sparkplugBytes),
    vsJson: 1,
  },
]);
printTable('Speed (readings per second, whole batch)', [
  {
    direction: 'encode',
    firecode: encodePerSec.firecode,
    json: encodePerSec.json,
    ratio: round(encodePerSec.firecode / encodePerSec.json),
  },
  {
    direction: 'decode (objects)',
    firecode: decodePerSec.firecode,
    json: decodePerSec.json,
    ratio: round(decodePerSec.firecode / decodePerSec.json),
  },
  {
    direction: 'decode (columns)',
    firecode: decodePerSec.firecodeColumnar,
    json: decodePerSec.json,
    ratio: decodeVsJsonParse,
  },
]);
printResult('codec', { bytesPerReading, encodePerSec, decodePerSec, decodeVsJsonParse });

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function ratio(ours: Uint8Array, theirs: Uint8Array): number {
  return round(ours.length / theirs.length);
}
