/**
 * Runs a golden capture (frames + expected readings/events, the format of hardware/captures/*.yaml)
 * against a profile. Shared by the golden test of the built-in profiles and the test that keeps the
 * worked example of docs/devices.md true.
 */
import { registerTableOfReadFunction } from '@firecode/modbus';
import { expect } from 'vitest';
import { createDeviceNormalizer, type DeviceNormalizerOptions } from '../normalize/normalizer.js';
import { encodeRegister, readRegister } from '../normalize/transform.js';
import type { DeviceProfile } from '../profile/schema.js';
import { readPlanFor } from '../read-plan.js';
import { createRegisterSnapshot } from '../snapshot.js';
import { parseRtuReply, parseRtuRequest } from './rtu-frames.js';

/** One request (and reply) with what it must mean. */
export interface GoldenExchange {
  name?: string;
  origin?: string;
  /** Recorded frames: ms since the recording started (not checked). */
  at?: number;
  request: string;
  reply?: string;
  expect?: {
    registers?: Record<string, number>;
    write?: { register: string; value: number };
    exception?: number;
  };
}

/** A capture file. */
export interface GoldenCapture {
  profile: string;
  device: { deviceId: string; unit: number };
  options?: Partial<DeviceNormalizerOptions>;
  /** Recordings (`firecode-gateway capture`): how, where and what the tap saw; not checked. */
  recording?: Record<string, unknown>;
  exchanges?: GoldenExchange[];
  polls: {
    name: string;
    origin?: string;
    time: number;
    exchanges: GoldenExchange[];
    expect: { readings: unknown[]; events: unknown[]; unknownCodes?: number };
  }[];
}

/** Checks one standalone exchange (register decode, settings write, exception quirk). */
export function checkGoldenExchange(
  profile: DeviceProfile,
  capture: GoldenCapture,
  exchange: GoldenExchange,
): void {
  const request = parseRtuRequest(exchange.request);
  expect(request.unit).toBe(capture.device.unit);
  const reply = exchange.reply ? parseRtuReply(exchange.reply, request, profile.quirks) : undefined;
  if (exchange.expect?.registers) {
    expect(reply?.kind).toBe('registers');
    const snapshot = createRegisterSnapshot([
      {
        table: registerTableOfReadFunction(request.functionCode)!,
        address: request.address,
        values: reply?.kind === 'registers' ? reply.words : [],
      },
    ]);
    for (const [register, value] of Object.entries(exchange.expect.registers)) {
      expect(readRegister(snapshot, profile.registers[register]!), register).toBe(value);
    }
  }
  if (exchange.expect?.write) {
    const { register, value } = exchange.expect.write;
    const spec = profile.registers[register]!;
    expect(spec.writable).toBe(true);
    expect(request.functionCode).toBe(spec.writeFunction ?? 6);
    const [write] = encodeRegister(profile, register, value);
    expect({ address: request.address, values: request.values }).toEqual({
      address: write!.address,
      values: write!.values,
    });
    if (reply) expect(reply).toMatchObject({ kind: 'write-ack', address: spec.address });
  }
  if (exchange.expect?.exception !== undefined) {
    expect(reply).toMatchObject({ kind: 'exception', exceptionCode: exchange.expect.exception });
  }
}

/** Frames recorded on a line (`recorded ...`, `firmware ...`) rather than written from a manual. */
const isTapped = (origin: string | undefined) => /^(recorded|firmware)\b/.test(origin ?? '');

/**
 * Runs the polls of a capture through one normalizer, in order: each poll's requests must be exactly
 * the read plan (for recorded and firmware polls: cover it), and its replies must give exactly the expected readings and events.
 */
export function checkGoldenPolls(profile: DeviceProfile, capture: GoldenCapture): void {
  const normalizer = createDeviceNormalizer(profile, {
    deviceId: capture.device.deviceId,
    ...capture.options,
  });
  const plan = readPlanFor(profile, capture.options ?? {});
  for (const poll of capture.polls) {
    const requests = poll.exchanges.map((e) => parseRtuRequest(e.request));
    const reads = requests.map((r) => ({
      table: registerTableOfReadFunction(r.functionCode),
      address: r.address,
      count: r.count,
    }));
    if (isTapped(poll.origin)) {
      // A recording holds what the bus master asked, which may merge or split ranges differently
      // from our read plan: it must still cover every planned range.
      for (const want of plan) {
        expect(
          reads.some(
            (r) =>
              r.table === want.table &&
              r.address <= want.address &&
              r.address + r.count >= want.address + want.count,
          ),
          `${poll.name}: a read covers ${want.table} ${want.address}+${want.count} of the read plan`,
        ).toBe(true);
      }
    } else {
      expect(reads, `${poll.name}: requests follow the read plan`).toEqual(plan);
    }
    const snapshot = createRegisterSnapshot();
    poll.exchanges.forEach((exchange, index) => {
      const request = requests[index]!;
      expect(request.unit).toBe(capture.device.unit);
      const reply = parseRtuReply(exchange.reply!, request, profile.quirks);
      const values = reply.kind === 'registers' ? reply.words : reply.kind === 'bits' ? reply.bits : [];
      snapshot.set(registerTableOfReadFunction(request.functionCode)!, request.address, values);
    });
    const before = normalizer.stats().unknownCodes;
    const result = normalizer.normalize(snapshot, poll.time);
    expect(result.readings, `${poll.name}: readings`).toEqual(poll.expect.readings);
    expect(result.events, `${poll.name}: events`).toEqual(poll.expect.events);
    expect(normalizer.stats().unknownCodes - before, `${poll.name}: unknown codes`).toBe(
      poll.expect.unknownCodes ?? 0,
    );
  }
}
