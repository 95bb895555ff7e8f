/**
 * Decodes every message type with decoders that share no code with ours: `cborg` (strict: shortest
 * integer and length forms, no duplicate keys, no indefinite lengths, no undefined) and Python's
 * cbor2 through reference/decode_v1.py, a decoder written from docs/wire-format.md. Their results
 * must be schema-valid and equal to what was encoded.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogSchema, fireEventSchema, type Reading, readingSchema } from '@firecode/schema';
import { decode as cborgDecode } from 'cborg';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogHash } from './catalog.js';
import { encodeAlarm, encodeBirth, encodeDataBatch, encodeState } from './encode.js';
import { workloadBatch, workloadCatalog } from './standard-workload.js';
import { sampleBatch, sampleCatalog, sampleEvent, T0 } from './test-fixtures.js';

const strict = {
  strict: true,
  useMaps: true,
  rejectDuplicateMapKeys: true,
  allowIndefinite: false,
  allowUndefined: false,
} as const;

const batch = sampleBatch({ sequence: 2n ** 63n + 5n, historical: true });
const messages = {
  birth: encodeBirth(sampleCatalog, { time: T0, sequence: 41n }),
  birthDeflated: encodeBirth(sampleCatalog, { time: T0 }, { compress: 'always' }),
  data: encodeDataBatch(batch, sampleCatalog),
  dataDeflated: encodeDataBatch(batch, sampleCatalog, { compress: 'always' }),
  alarm: encodeAlarm({ gatewayId: 'gw-tower-a', sequence: 43n, events: [sampleEvent] }, sampleCatalog),
  state: encodeState({ gatewayId: 'gw-tower-a', online: false, time: T0 }),
};

/** Readings as decoders return them: grouped by point in first-seen order. */
function groupedByPoint(readings: readonly Reading[]): Reading[] {
  const order = [...new Set(readings.map((reading) => reading.point))];
  return order.flatMap((point) => readings.filter((reading) => reading.point === point));
}

describe('cborg (strict) reads every message type', () => {
  it('reads the envelope of each message with shortest-form integers and no extensions', () => {
    for (const [name, bytes] of Object.entries(messages)) {
      const envelope = cborgDecode(bytes, strict) as Map<number, unknown>;
      expect(envelope, name).toBeInstanceOf(Map);
      expect(envelope.get(0), name).toBe(1);
      expect(envelope.get(2), name).toBe('gw-tower-a');
      expect(envelope.get(4), name).toBeTypeOf('number');
    }
  });

  it('reads the birth: the catalog bytes hash to the announced hash and the catalog is schema-valid', () => {
    const envelope = cborgDecode(messages.birth, strict) as Map<number, unknown>;
    const catalogBytes = envelope.get(7) as Uint8Array;
    const hash = createHash('sha256').update(catalogBytes).digest().subarray(0, 8);
    expect(Buffer.from(envelope.get(5) as Uint8Array).toString('hex')).toBe(hash.toString('hex'));
    expect(hash.toString('hex')).toBe(catalogHash(sampleCatalog));
    const catalog = cborgDecode(catalogBytes, { ...strict, useMaps: false });
    expect(catalogSchema.parse(catalog)).toEqual(sampleCatalog);
    expect(envelope.get(3)).toBe(41);
  });

  it('reads the data batch: 64-bit sequence exact, readings expand to the encoded ones', () => {
    const envelope = cborgDecode(messages.data, strict) as Map<number, unknown>;
    expect(envelope.get(1)).toBe(1);
    expect(envelope.get(3)).toBe(2n ** 63n + 5n);
    expect(envelope.get(6)).toBe(true);
    const body = envelope.get(7) as Map<number, unknown>;
    const columns = body.get(0) as unknown[];
    const readings: Reading[] = [];
    for (const series of body.get(1) as unknown[][]) {
      const [alias, column, decimals, values, qualities] = series as [
        number,
        number,
        number,
        unknown[],
        Map<number, number> | undefined,
      ];
      const timeColumn = columns[column];
      const base = envelope.get(4) as number;
      let times: number[];
      if (timeColumn instanceof Map) {
        times = Array.from(
          { length: timeColumn.get(2) },
          (_, i) => base + timeColumn.get(0) + i * timeColumn.get(1),
        );
      } else {
        let time = base;
        times = (timeColumn as number[]).map((delta) => {
          time += delta;
          return time;
        });
      }
      let previous = 0;
      values.forEach((item, index) => {
        let value: number | null = null;
        if (Array.isArray(item)) value = item[0] as number;
        else if (typeof item === 'number') {
          previous += item;
          value = previous / 10 ** decimals;
        }
        const code = qualities?.get(index);
        const levels = ['good', 'uncertain', 'bad'] as const;
        const reasons = [undefined, 'communication-failure'] as const;
        const quality =
          code === undefined
            ? { level: 'good' as const }
            : { level: levels[code & 3]!, ...(code >> 2 ? { reason: reasons[code >> 2] } : {}) };
        readings.push(
          readingSchema.parse({ point: sampleCatalog.points[alias]!.id, time: times[index], value, quality }),
        );
      });
    }
    expect(readings).toEqual(groupedByPoint(batch.readings));
    const events = body.get(2) as Map<number, unknown>[];
    expect(events).toHaveLength(1);
    expect(events[0]!.get(3)).toBe(1); // component alias: fap-1 is components[1]
  });

  it('reads the alarm with components by id and the state message', () => {
    const alarm = cborgDecode(messages.alarm, strict) as Map<number, unknown>;
    const event = ((alarm.get(7) as Map<number, unknown>).get(2) as Map<number, unknown>[])[0]!;
    expect(event.get(3)).toBe('fap-1');
    expect(event.get(0)).toBe(0);
    expect(alarm.get(4)).toBe(sampleEvent.time);
    const state = cborgDecode(messages.state, strict) as Map<number, unknown>;
    expect((state.get(7) as Map<number, unknown>).get(4)).toBe(false);
  });
});

const python = '/usr/bin/python3';
const hasCbor2 = existsSync(python) && spawnSync(python, ['-c', 'import cbor2']).status === 0;

describe.skipIf(!hasCbor2)('Python cbor2 reference decoder (reference/decode_v1.py)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'firecode-codec-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('decodes the standard workload (irregular, shared time columns; 12 000 readings) exactly', () => {
    const catalog = workloadCatalog();
    const batch = workloadBatch();
    const files = [encodeBirth(catalog, { time: T0 }), encodeDataBatch(batch, catalog)].map(
      (bytes, index) => {
        const file = join(directory, `workload-${index}.cbor`);
        writeFileSync(file, bytes);
        return file;
      },
    );
    const script = fileURLToPath(new URL('../reference/decode_v1.py', import.meta.url));
    const result = spawnSync(python, [script, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(result.stderr).toBe('');
    const data = JSON.parse(result.stdout.trim().split('\n')[1]!);
    expect(data.readings).toEqual(groupedByPoint(batch.readings));
    expect(data.events.map((event: unknown) => fireEventSchema.parse(event))).toEqual(batch.events);
  });

  it('decodes every message type to schema-valid objects equal to what was encoded', () => {
    const files = Object.entries(messages).map(([name, bytes]) => {
      const file = join(directory, `${name}.cbor`);
      writeFileSync(file, bytes);
      return file;
    });
    const script = fileURLToPath(new URL('../reference/decode_v1.py', import.meta.url));
    const result = spawnSync(python, [script, ...files], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const [birth, birthDeflated, data, dataDeflated, alarm, state] = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(catalogSchema.parse(birth.catalog)).toEqual(sampleCatalog);
    expect(birth.catalogHash).toBe(catalogHash(sampleCatalog));
    expect(birthDeflated.catalog).toEqual(birth.catalog);
    for (const decoded of [data, dataDeflated]) {
      expect(decoded.sequence).toBe(String(2n ** 63n + 5n));
      expect(decoded.historical).toBe(true);
      expect(decoded.readings.map((reading: unknown) => readingSchema.parse(reading))).toEqual(
        groupedByPoint(batch.readings),
      );
      expect(decoded.events.map((event: unknown) => fireEventSchema.parse(event))).toEqual(batch.events);
      expect(decoded.status).toEqual(batch.status);
    }
    expect(alarm.events.map((event: unknown) => fireEventSchema.parse(event))).toEqual([sampleEvent]);
    expect(state).toEqual({ type: 'state', gatewayId: 'gw-tower-a', time: T0, online: false });
  });
});
