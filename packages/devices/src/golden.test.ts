/**
 * Golden tests: every built-in profile against the frames in hardware/captures (vendor-document
 * frames byte for byte, plus frames synthesized from the vendors' register tables). Each poll's
 * requests must be exactly the profile's read plan, and its replies must decode to exactly the
 * expected readings and events.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDeviceNormalizer, type DeviceNormalizerOptions } from './normalize/normalizer.js';
import { encodeRegister, readRegister } from './normalize/transform.js';
import type { RegisterTable } from './profile/schema.js';
import { readPlanFor } from './read-plan.js';
import { getProfile, profiles } from './registry.js';
import { createRegisterSnapshot } from './snapshot.js';
import { parseRtuReply, parseRtuRequest } from './testing/rtu-frames.js';

const capturesDir = fileURLToPath(new URL('../../../hardware/captures/', import.meta.url));

interface Exchange {
  name?: string;
  request: string;
  reply?: string;
  expect?: {
    registers?: Record<string, number>;
    write?: { register: string; value: number };
    exception?: number;
  };
}
interface Capture {
  profile: string;
  device: { deviceId: string; unit: number };
  options?: Partial<DeviceNormalizerOptions>;
  exchanges?: Exchange[];
  polls: {
    name: string;
    time: number;
    exchanges: Exchange[];
    expect: { readings: unknown[]; events: unknown[]; unknownCodes?: number };
  }[];
}

const tableOf: Record<number, RegisterTable> = {
  1: 'coils',
  2: 'discreteInputs',
  3: 'holdingRegisters',
  4: 'inputRegisters',
};

const captures = readdirSync(capturesDir)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, capture: parse(readFileSync(capturesDir + name, 'utf8')) as Capture }));

describe('golden captures', () => {
  it('cover every built-in profile', () => {
    const covered = new Set(captures.map((c) => c.capture.profile));
    expect(profiles.filter((p) => !covered.has(p.id)).map((p) => p.id)).toEqual([]);
  });

  for (const { name, capture } of captures) {
    describe(name, () => {
      const profile = getProfile(capture.profile);

      for (const exchange of capture.exchanges ?? []) {
        it(exchange.name ?? exchange.request, () => {
          const request = parseRtuRequest(exchange.request);
          expect(request.unit).toBe(capture.device.unit);
          const reply = exchange.reply ? parseRtuReply(exchange.reply, request, profile.quirks) : undefined;
          if (exchange.expect?.registers) {
            expect(reply?.kind).toBe('registers');
            const snapshot = createRegisterSnapshot([
              {
                table: tableOf[request.functionCode]!,
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
        });
      }

      it('polls decode to exactly the expected readings and events', () => {
        const normalizer = createDeviceNormalizer(profile, {
          deviceId: capture.device.deviceId,
          ...capture.options,
        });
        const plan = readPlanFor(profile, capture.options ?? {});
        for (const poll of capture.polls) {
          const requests = poll.exchanges.map((e) => parseRtuRequest(e.request));
          expect(
            requests.map((r) => ({ table: tableOf[r.functionCode], address: r.address, count: r.count })),
            `${poll.name}: requests follow the read plan`,
          ).toEqual(plan);
          const snapshot = createRegisterSnapshot();
          poll.exchanges.forEach((exchange, index) => {
            const request = requests[index]!;
            expect(request.unit).toBe(capture.device.unit);
            const reply = parseRtuReply(exchange.reply!, request, profile.quirks);
            const values = reply.kind === 'registers' ? reply.words : reply.kind === 'bits' ? reply.bits : [];
            snapshot.set(tableOf[request.functionCode]!, request.address, values);
          });
          const before = normalizer.stats().unknownCodes;
          const result = normalizer.normalize(snapshot, poll.time);
          expect(result.readings, `${poll.name}: readings`).toEqual(poll.expect.readings);
          expect(result.events, `${poll.name}: events`).toEqual(poll.expect.events);
          expect(normalizer.stats().unknownCodes - before, `${poll.name}: unknown codes`).toBe(
            poll.expect.unknownCodes ?? 0,
          );
        }
      });
    });
  }
});
