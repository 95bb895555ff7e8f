import { createDeviceNormalizer, parseProfile } from '@firecode/devices';
import type { ModbusMaster, RequestOptions } from '@firecode/modbus';
import { partialModbusMaster } from '@firecode/modbus/testing';
import { describe, expect, it } from 'vitest';
import { DevicePoller } from './device-poller.js';

/** Two pressures at 0-1 and a fire input at 10: one routine read and one event read. */
const profile = parseProfile({
  id: 'poller-test-device',
  vendor: 'Test',
  model: 'T1',
  description: 'two pressures and a fire input',
  systemType: 1,
  componentType: 0,
  registers: {
    p0: { address: 0, type: 'i16' },
    p1: { address: 1, type: 'i16' },
    fire: { address: 10, type: 'u16', values: { min: 0, max: 1 } },
  },
  points: [
    { id: 'p0', kind: 'pressure', register: 'p0', transform: { unit: 'kPa' } },
    { id: 'p1', kind: 'pressure', register: 'p1', transform: { unit: 'kPa' } },
  ],
  events: [{ id: 'fire', register: 'fire', codes: { 0: 'normal', 1: { kind: 'fire' } } }],
});

interface Call {
  address: number;
  priority: RequestOptions['priority'];
}

/**
 * A ModbusMaster test double over an in-memory register table: records each read with its priority,
 * and fails reads of the addresses in `failing` (as a dead or half-dead slave would).
 */
function recordingMaster(registers: Record<number, number>, failing: Set<number> = new Set()) {
  const calls: Call[] = [];
  const read = async (_unit: number, address: number, count: number, options?: RequestOptions) => {
    calls.push({ address, priority: options?.priority });
    if (failing.has(address)) throw new Error(`unit does not answer (address ${address})`);
    return Uint16Array.from({ length: count }, (_, i) => registers[address + i] ?? 0);
  };
  const master = partialModbusMaster({ readHoldingRegisters: read, readInputRegisters: read });
  return { master, calls };
}

function poller(master: ModbusMaster) {
  return new DevicePoller({
    deviceId: 'dev',
    unit: 1,
    bus: master,
    normalizer: createDeviceNormalizer(profile, { deviceId: 'dev' }),
    pollIntervalMs: 1000,
    onPoll: () => {},
    now: () => 1000,
  });
}

describe('DevicePoller', () => {
  it('queues the event read first, at high priority, and the routine read at normal', async () => {
    const { master, calls } = recordingMaster({ 0: 400, 1: 410, 10: 1 });
    const outcome = await poller(master).pollOnce();
    expect(calls).toEqual([
      { address: 10, priority: 'high' },
      { address: 0, priority: 'normal' },
    ]);
    expect(outcome.readings.toReadings().map((r) => [r.point, r.value])).toEqual([
      ['dev.p0', 400],
      ['dev.p1', 410],
    ]);
    expect(outcome.events.map((e) => [e.kind, e.active])).toEqual([['fire', true]]);
    expect(outcome).toMatchObject({ failedReads: 0, totalReads: 2 });
  });

  it('a dead device: every point bad (communication-failure) and offline once, then back online', async () => {
    const failing = new Set([0, 10]);
    const { master } = recordingMaster({ 0: 400, 1: 410 }, failing);
    const device = poller(master);
    const first = await device.pollOnce();
    expect(
      first.readings
        .toReadings()
        .every((r) => r.quality.reason === 'communication-failure' && r.value === null),
    ).toBe(true);
    expect(first.events.map((e) => [e.kind, e.active])).toEqual([['offline', true]]);
    expect(first).toMatchObject({ failedReads: 2, totalReads: 2 });
    expect((await device.pollOnce()).events).toEqual([]);
    failing.clear();
    const back = await device.pollOnce();
    expect(back.events.map((e) => [e.kind, e.active])).toEqual([['online', true]]);
    expect(back.readings.toReadings().every((r) => r.quality.level === 'good')).toBe(true);
  });

  it('bits the line answers as booleans reach the normalizer as 0 and 1', async () => {
    const inputs = parseProfile({
      id: 'poller-test-inputs',
      vendor: 'Test',
      model: 'T2',
      description: 'a fire contact and a fault contact on discrete inputs',
      systemType: 1,
      componentType: 0,
      registers: {
        fire: { table: 'discreteInputs', address: 4, type: 'bool' },
        fault: { table: 'discreteInputs', address: 5, type: 'bool' },
      },
      points: [],
      events: [
        {
          id: 'fire',
          register: 'fire',
          codes: { 0: 'normal', 1: { kind: 'fire' } },
          statePoint: 'fire-state',
        },
        { id: 'fault', register: 'fault', codes: { 0: 'normal', 1: { kind: 'fault' } } },
      ],
    });
    const master = partialModbusMaster({
      readDiscreteInputs: async (_unit, address, count) =>
        Array.from({ length: count }, (_, k) => address + k === 4),
    });
    const outcome = await new DevicePoller({
      deviceId: 'dev',
      unit: 1,
      bus: master,
      normalizer: createDeviceNormalizer(inputs, { deviceId: 'dev' }),
      pollIntervalMs: 1000,
      onPoll: () => {},
      now: () => 1000,
    }).pollOnce();
    expect(outcome.readings.toReadings().map((r) => [r.point, r.value])).toEqual([['dev.fire-state', 1]]);
    expect(outcome.events.map((e) => [e.kind, e.active])).toEqual([['fire', true]]);
  });

  it('a half-answering device is not offline: what was read is normalized', async () => {
    const { master } = recordingMaster({ 0: 400, 1: 410 }, new Set([10]));
    const outcome = await poller(master).pollOnce();
    expect(outcome.failedReads).toBe(1);
    expect(outcome.events.some((e) => e.kind === 'offline')).toBe(false);
    expect(outcome.readings.toReadings().map((r) => r.value)).toEqual([400, 410]);
  });
});
