import { afterEach, describe, expect, it } from 'vitest';
import { createTcpBus } from './create-bus.js';
import { DeviceReader } from './device-reader.js';
import type { ModbusBus } from './modbus-bus.js';
import type { WantedRange } from './read-plan.js';
import { serveTcp, type TcpTestServer } from './testing/serve-tcp.js';
import { TestSlave, type TestUnitOptions } from './testing/test-slave.js';

let server: TcpTestServer | undefined;
let bus: ModbusBus | undefined;
afterEach(async () => {
  await bus?.close();
  await server?.close();
});

async function device(options: TestUnitOptions) {
  const slave = new TestSlave().addUnit(1, options);
  for (let a = 0; a < 400; a++) slave.setRegisters(1, a, [a + 1000]);
  slave.setBits(1, 0, [true, false, true]);
  server = await serveTcp(slave);
  bus = createTcpBus({ host: '127.0.0.1', port: server.port, retries: 0 });
  return { slave, bus };
}

const at = (address: number, count = 1): WantedRange => ({ table: 'holding', address, count });

describe('DeviceReader', () => {
  it('reads every wanted range through the plan, registers and bits', async () => {
    const { bus } = await device({});
    const wanted = [at(0, 2), at(4), at(200, 130), { table: 'coils', address: 0, count: 3 } as const];
    const reader = new DeviceReader(bus, wanted, { unit: 1 });
    const outcomes = await reader.read();
    expect(Array.from(outcomes[0]!.registers!)).toEqual([1000, 1001]);
    expect(Array.from(outcomes[1]!.registers!)).toEqual([1004]);
    expect(outcomes[2]!.registers!).toHaveLength(130);
    expect(outcomes[2]!.registers![129]).toBe(1329);
    expect(outcomes[3]!.bits).toEqual([true, false, true]);
    expect(bus.stats().requests).toBe(reader.plan.requests.length);
  });

  it('splits a merged read the device refuses (exception 02 on a hole), remembers it, and fails only what is absent', async () => {
    const { bus } = await device({
      missing: [
        { start: 5, end: 6 },
        { start: 20, end: 20 },
      ],
    });
    const wanted = [at(0, 2), at(3, 2), at(7), at(20), at(22)];
    const reader = new DeviceReader(bus, wanted, { unit: 1 });
    expect(reader.plan.requests).toHaveLength(1); // 0-22 merged: holes are cheap at 9600 baud
    const first = await reader.read();
    expect(first.map((o) => o.error?.code ?? Array.from(o.registers!))).toEqual([
      [1000, 1001],
      [1003, 1004],
      [1007],
      'MODBUS_EXCEPTION',
      [1022],
    ]);
    const exceptionsFirst = bus.stats().errors.MODBUS_EXCEPTION ?? 0;
    expect(reader.explain()).toMatch(/learned split points: holding @/);
    // The next cycle starts from the learned plan: the only exception left is the genuinely absent register.
    const second = await reader.read();
    expect(second.map((o) => o.error?.code ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'MODBUS_EXCEPTION', 'ok']);
    expect((bus.stats().errors.MODBUS_EXCEPTION ?? 0) - exceptionsFirst).toBe(1);
  });

  it('learns a device limit lower than 125 registers from exception 03', async () => {
    const { bus } = await device({ maxRegistersPerRead: 40 });
    const reader = new DeviceReader(bus, [at(0, 100)], { unit: 1 });
    const first = await reader.read();
    expect(Array.from(first[0]!.registers!)).toEqual(Array.from({ length: 100 }, (_, i) => 1000 + i));
    const before = bus.stats().requests;
    await reader.read();
    expect(bus.stats().errors.MODBUS_EXCEPTION).toBeGreaterThan(0);
    expect(bus.stats().requests - before).toBe(reader.plan.requests.length);
    expect(reader.plan.requests.every((r) => r.count <= 40)).toBe(true);
    const errorsAfterLearning = bus.stats().errors.MODBUS_EXCEPTION;
    await reader.read();
    expect(bus.stats().errors.MODBUS_EXCEPTION).toBe(errorsAfterLearning);
  });

  it('reports a dead device per range without throwing', async () => {
    const { bus } = await device({ dead: true });
    const reader = new DeviceReader(bus, [at(0), at(1)], { unit: 1, request: { timeoutMs: 50 } });
    const outcomes = await reader.read();
    expect(outcomes.map((o) => o.error?.code)).toEqual(['MODBUS_TIMEOUT', 'MODBUS_TIMEOUT']);
  });
});
