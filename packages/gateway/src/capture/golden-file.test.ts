import { getProfile } from '@firecode/devices';
import { checkGoldenExchange, checkGoldenPolls, type GoldenCapture } from '@firecode/devices/testing';
import { crc16 } from '@firecode/modbus';
import { describe, expect, it } from 'vitest';
import { buildGoldenCapture } from './golden-file.js';
import { pairFrames } from './pairing.js';
import type { TappedFrame } from './rtu-splitter.js';

const frame = (hex: string, at: number, crc = true): TappedFrame => {
  const body = Uint8Array.from(hex.split(' '), (b) => Number.parseInt(b, 16));
  const sum = crc16(body, 0, body.length);
  return { at, bytes: Uint8Array.from([...body, sum & 0xff, crc ? sum >> 8 : ~sum >> 8]), crcOk: crc };
};
const info = {
  origin: 'recorded 2026-12-03 unit test',
  line: 'tap 9600 8N1',
  startedAt: 1_000_000,
  durationMs: 900,
  silenceMs: 3.6,
};

describe('buildGoldenCapture', () => {
  const profile = getProfile('qdy30a');
  const line = pairFrames([
    frame('01 03 00 02 00 03', 0),
    frame('01 03 06 00 01 00 01 04 D2', 10), // 123.4 cm
    frame('01 06 00 00 00 02', 100), // slave address := 2
    frame('01 06 00 00 00 02', 110),
    frame('01 03 00 40 00 01', 200),
    frame('01 83 02', 210),
    frame('02 03 00 02 00 03', 300), // another unit on the bus
    frame('02 03 06 00 01 00 01 04 D2', 310),
    frame('01 03 00 02 00 03', 400),
    frame('01 03 06 00 01 00 01 04 D2', 410, false), // garbled
  ]);
  const capture = buildGoldenCapture(line, info, {
    profile,
    deviceId: 'tank-1',
  }) as unknown as GoldenCapture & {
    recording: Record<string, unknown>;
    badCrcFrames: unknown[];
  };

  it('makes polls of the reads that cover the read plan, decoded to readings at wall-clock time', () => {
    expect(capture.device).toEqual({ deviceId: 'tank-1', unit: 1 });
    expect(capture.polls).toHaveLength(1);
    expect(capture.polls[0]).toMatchObject({
      origin: info.origin,
      time: 1_000_000,
      expect: { readings: [{ point: 'tank-1.level', value: 1.234, time: 1_000_000 }], events: [] },
    });
  });

  it('gives the other requests of the unit what they mean: a settings write, an exception', () => {
    expect(capture.exchanges!.map((e) => e.expect)).toEqual([
      { write: { register: 'slave-address', value: 2 } },
      { exception: 2 },
      undefined, // the poll whose reply was garbled
    ]);
  });

  it('counts bad CRCs and other units, and keeps the garbled frame', () => {
    expect(capture.recording).toMatchObject({
      frames: 10,
      exchanges: 5,
      badCrc: 1,
      otherUnits: 1,
      unanswered: 1,
    });
    expect(capture.badCrcFrames).toHaveLength(1);
  });

  it('is what the golden runner of packages/devices accepts', () => {
    for (const exchange of capture.exchanges ?? []) checkGoldenExchange(profile, capture, exchange);
    checkGoldenPolls(profile, capture);
  });
});
