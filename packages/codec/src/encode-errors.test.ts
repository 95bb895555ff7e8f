/** Bad input to the encoders gives CODEC_INVALID_INPUT / CODEC_UNKNOWN_POINT naming the field, never a crash. */
import type { FireEvent, Reading } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { encodeAlarm, encodeBirth, encodeDataBatch, encodeState } from './encode.js';
import { sampleBatch, sampleCatalog, sampleEvent, T0 } from './test-fixtures.js';

const rejects = (work: () => unknown, code: string, message: RegExp) =>
  expect(work).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));

const reading = (overrides: Partial<Reading>): Reading => ({
  point: 'riser-1-pressure',
  time: T0,
  value: 1,
  quality: { level: 'good' },
  ...overrides,
});

describe('encoder input errors', () => {
  it('names a reading of a point the catalog lacks', () => {
    rejects(
      () => encodeDataBatch(sampleBatch({ readings: [reading({ point: 'nowhere' })] }), sampleCatalog),
      'CODEC_UNKNOWN_POINT',
      /readings\[0\].*"nowhere".*add the point to the catalog/,
    );
  });

  it('rejects bad times, values, qualities and sequences', () => {
    rejects(
      () => encodeDataBatch(sampleBatch({ readings: [reading({ time: -1 })] }), sampleCatalog),
      'CODEC_INVALID_INPUT',
      /readings\[0\]\.time/,
    );
    rejects(
      () =>
        encodeDataBatch(
          sampleBatch({ readings: [reading({ value: '3' as unknown as number })] }),
          sampleCatalog,
        ),
      'CODEC_INVALID_INPUT',
      /readings\[0\]\.value/,
    );
    rejects(
      () =>
        encodeDataBatch(
          sampleBatch({ readings: [reading({ quality: { level: 'awful' as 'bad' } })] }),
          sampleCatalog,
        ),
      'CODEC_INVALID_INPUT',
      /quality/,
    );
    rejects(
      () =>
        encodeDataBatch(sampleBatch({ readings: [reading({ quality: undefined as never })] }), sampleCatalog),
      'CODEC_INVALID_INPUT',
      /quality is missing/,
    );
    rejects(
      () => encodeDataBatch(sampleBatch({ sequence: -1n }), sampleCatalog),
      'CODEC_INVALID_INPUT',
      /sequence/,
    );
    rejects(
      () => encodeDataBatch(sampleBatch({ sequence: 2n ** 64n }), sampleCatalog),
      'CODEC_INVALID_INPUT',
      /sequence/,
    );
    rejects(
      () => encodeAlarm({ gatewayId: 'gw', sequence: 5 as unknown as bigint, events: [sampleEvent] }),
      'CODEC_INVALID_INPUT',
      /sequence must be a bigint/,
    );
  });

  it('rejects invalid events with the schema problems', () => {
    const broken = { ...sampleEvent, component: '' } as FireEvent;
    rejects(
      () => encodeAlarm({ gatewayId: 'gw', sequence: 1n, events: [broken] }),
      'CODEC_INVALID_INPUT',
      /events\[0\].*component/s,
    );
  });

  it('refuses batches a receiver with default limits would refuse', () => {
    const many = Array.from({ length: 200_001 }, (_, index) => reading({ time: T0 + index }));
    rejects(
      () => encodeDataBatch(sampleBatch({ readings: many }), sampleCatalog),
      'CODEC_INVALID_INPUT',
      /split it/,
    );
    rejects(
      () =>
        encodeAlarm({
          gatewayId: 'gw',
          sequence: 1n,
          events: [{ ...sampleEvent, description: 'x'.repeat(70_000) }],
        }),
      'CODEC_INVALID_INPUT',
      /description is longer than 65536 bytes/,
    );
    // 80 events with 60 kB descriptions: 4.8 MB, above the 4 MiB default.
    const events = Array.from({ length: 80 }, () => ({ ...sampleEvent, description: 'x'.repeat(60_000) }));
    rejects(
      () => encodeDataBatch(sampleBatch({ events }), sampleCatalog),
      'CODEC_INVALID_INPUT',
      /smaller batches/,
    );
  });

  it('rejects an invalid catalog at the birth, and a batch for another gateway', () => {
    const duplicated = { ...sampleCatalog, points: [...sampleCatalog.points, sampleCatalog.points[0]!] };
    rejects(() => encodeBirth(duplicated, { time: T0 }), 'CODEC_INVALID_INPUT', /used twice/);
    rejects(
      () => encodeDataBatch(sampleBatch({ gatewayId: 'gw-other' }), sampleCatalog),
      'CODEC_INVALID_INPUT',
      /gateway "gw-other".*catalog is gateway "gw-tower-a"/,
    );
    rejects(() => encodeState({ gatewayId: '', online: true, time: T0 }), 'CODEC_INVALID_INPUT', /gatewayId/);
  });
});
