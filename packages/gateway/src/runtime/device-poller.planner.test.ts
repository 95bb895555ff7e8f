import { createDeviceNormalizer, parseProfile } from '@firecode/devices';
import { createTcpBus, lineTiming, rtuCostModel } from '@firecode/modbus';
import { ProfileDevice, startTcpSlave } from '@firecode/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { DevicePoller } from './device-poller.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('DevicePoller with the Modbus read planner', () => {
  it('fills the hole between two reads, and splits for good when the device refuses the merged read', async () => {
    // Two pressures at 0 and 6 with nothing mapped between: a strict device answers exception 02 there.
    const profile = parseProfile({
      id: 'two-pressures-with-a-hole',
      vendor: 'Test',
      model: 'T2',
      description: 'pressures at 0 and 6, registers 1-5 absent',
      systemType: 11,
      componentType: 0,
      registers: { a: { address: 0, type: 'i16' }, b: { address: 6, type: 'i16' } },
      points: [
        { id: 'a', kind: 'pressure', register: 'a', transform: { unit: 'kPa' } },
        { id: 'b', kind: 'pressure', register: 'b', transform: { unit: 'kPa' } },
      ],
    });
    const device = new ProfileDevice(profile);
    device.setPoint('a', 412);
    device.setPoint('b', 64);
    const slave = await startTcpSlave({ units: { 1: device } });
    const bus = createTcpBus({ host: '127.0.0.1', port: slave.port, retries: 0 });
    cleanups.push(
      () => slave.close(),
      () => bus.close(),
    );
    const normalizer = createDeviceNormalizer(profile, { deviceId: 'dev-1' });
    expect(normalizer.readPlan()).toHaveLength(2);
    const poller = new DevicePoller({
      deviceId: 'dev-1',
      unit: 1,
      bus,
      normalizer,
      pollIntervalMs: 1000,
      onPoll: () => {},
      // At 9600 baud a 5-register hole costs less than a second request: the planner merges.
      cost: rtuCostModel(lineTiming({ baudRate: 9600 })),
    });
    expect(poller.explain()).toMatch(/holding 0-6/);

    const first = await poller.pollOnce();
    expect(first.failedReads).toBe(0);
    expect(first.readings.toReadings().map((r) => [r.point, r.value, r.quality.level])).toEqual([
      ['dev-1.a', 412, 'good'],
      ['dev-1.b', 64, 'good'],
    ]);
    const exceptionsAfterFirst = bus.stats().errors['MODBUS_EXCEPTION'] ?? 0;
    expect(exceptionsAfterFirst).toBe(1);

    const second = await poller.pollOnce();
    expect(second.failedReads).toBe(0);
    expect(bus.stats().errors['MODBUS_EXCEPTION'] ?? 0).toBe(exceptionsAfterFirst);
    expect(poller.explain()).not.toMatch(/holding 0-6/);
  });
});
