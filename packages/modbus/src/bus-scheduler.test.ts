import { afterEach, describe, expect, it } from 'vitest';
import { createRtuBus, createTcpBus } from './create-bus.js';
import { isModbusError } from './errors.js';
import { lineTiming } from './line-timing.js';
import type { ModbusBus } from './modbus-bus.js';
import { createLinkPair, type LineMonitor } from './testing/link-pair.js';
import { serveRtu } from './testing/serve-rtu.js';
import { serveTcp } from './testing/serve-tcp.js';
import { TestSlave } from './testing/test-slave.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** An RTU bus on an in-memory line honouring `baudRate`, with the slave's handled requests logged. */
function rtuLine(
  slave: TestSlave,
  baudRate: number,
  busOptions: Parameters<typeof createRtuBus>[0] | object = {},
) {
  const timing = lineTiming({ baudRate });
  const pair = createLinkPair({ timing });
  const served = serveRtu(slave, pair.slave, { timing });
  const log: { unit: number; address: number }[] = [];
  const handle = slave.handle.bind(slave);
  slave.handle = (unit, pdu) => {
    log.push({ unit, address: ((pdu[1] ?? 0) << 8) | (pdu[2] ?? 0) });
    return handle(unit, pdu);
  };
  const bus = createRtuBus({ link: pair.master, baudRate, ...busOptions });
  cleanups.push(async () => {
    await bus.close();
    await served.stop();
  });
  return { bus, log, monitor: pair.monitor as LineMonitor };
}

describe('BusScheduler on an RS-485 line', () => {
  it('waits the configured inter-request delay on top of the inter-frame silence', async () => {
    const slave = new TestSlave().addUnit(1).addUnit(2);
    const { bus, monitor } = rtuLine(slave, 19200, { interRequestDelayMs: 15 });
    for (let i = 0; i < 6; i++) await bus.readHoldingRegisters((i % 2) + 1, 0, 1);
    const gaps: number[] = [];
    monitor.history.forEach((frame, i) => {
      const previous = monitor.history[i - 1];
      if (frame.sender === 'master' && previous?.sender === 'slave')
        gaps.push(frame.startMs - previous.endMs);
    });
    expect(gaps).toHaveLength(5);
    // A lower bound on silence, not a speed: a loaded machine only makes the gaps longer.
    for (const gap of gaps)
      expect(gap).toBeGreaterThanOrEqual(15 + lineTiming({ baudRate: 19200 }).interFrameMs - 0.5);
  });

  it('keeps one request in flight across all unit ids, with the inter-frame silence', async () => {
    const slave = new TestSlave().addUnit(1).addUnit(2).addUnit(3);
    for (const unit of [1, 2, 3]) slave.setRegisters(unit, 0, [unit * 100, unit * 100 + 1]);
    const { bus, monitor } = rtuLine(slave, 19200);
    const requests = Array.from({ length: 30 }, (_, i) => {
      const unit = (i % 3) + 1;
      return bus.readHoldingRegisters(unit, i % 2, 1).then((r) => [unit, i % 2, r[0]]);
    });
    for (const [unit, address, value] of await Promise.all(requests))
      expect(value).toBe(unit! * 100 + address!);
    expect(monitor.collisions).toBe(0);
    expect(monitor.gapViolations).toBe(0);
    expect(monitor.frames).toBe(60);
    // Frames strictly alternate master, slave: never two requests outstanding.
    expect(monitor.history.map((frame) => frame.sender)).toEqual(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 'master' : 'slave')),
    );
  });

  it('serves high priority before queued routine polls', async () => {
    const slave = new TestSlave().addUnit(1).addUnit(2);
    const { bus, log } = rtuLine(slave, 9600);
    const first = bus.readHoldingRegisters(1, 0, 1);
    const low = [1, 2, 3].map((a) => bus.readHoldingRegisters(1, a, 1, { priority: 'low' }));
    const normal = bus.readHoldingRegisters(1, 4, 1);
    const high = bus.readHoldingRegisters(2, 9, 1, { priority: 'high' });
    const write = bus.writeRegister(2, 8, 1); // writes default to high
    await Promise.all([first, ...low, normal, high, write]);
    expect(log.map((e) => e.address)).toEqual([0, 9, 8, 4, 1, 2, 3]);
  });

  it('takes unit ids in round-robin order so that one busy slave cannot starve another', async () => {
    const slave = new TestSlave().addUnit(1).addUnit(2).addUnit(3);
    const { bus, log } = rtuLine(slave, 38400);
    const jobs = [];
    for (let i = 0; i < 4; i++) jobs.push(bus.readHoldingRegisters(1, i, 1));
    for (let i = 0; i < 4; i++) jobs.push(bus.readHoldingRegisters(2, i, 1));
    jobs.push(bus.readHoldingRegisters(3, 0, 1));
    await Promise.all(jobs);
    expect(log.map((e) => e.unit)).toEqual([1, 2, 3, 1, 2, 1, 2, 1, 2]);
  });

  it('retries a lost answer with backoff and counts both the error and the retry', async () => {
    const slave = new TestSlave().addUnit(1);
    slave.setRegisters(1, 0, [42]);
    const { bus } = rtuLine(slave, 115200, { timeoutMs: 200, retries: 2, retryBackoffMs: 5 });
    slave.injectFault(1, 'silent', 'bad-crc');
    expect(Array.from(await bus.readHoldingRegisters(1, 0, 1))).toEqual([42]);
    const stats = bus.stats();
    expect(stats.retries).toBe(2);
    expect(stats.errors).toEqual({ MODBUS_TIMEOUT: 1, MODBUS_CRC: 1 });
    expect(stats.requests).toBe(3);
    expect(stats.successes).toBe(1);
  });

  it('does not retry exception answers (they are answers), except "busy"', async () => {
    const slave = new TestSlave().addUnit(1, { missing: [{ start: 10, end: 10 }] });
    const { bus } = rtuLine(slave, 115200, { retries: 3 });
    const error = await bus.readHoldingRegisters(1, 10, 1).catch((e: unknown) => e);
    expect(isModbusError(error, 'MODBUS_EXCEPTION')).toBe(true);
    expect(bus.stats().requests).toBe(1);
  });

  it('waits the turnaround delay after a broadcast before the next request', async () => {
    const slave = new TestSlave().addUnit(1);
    const { bus, monitor } = rtuLine(slave, 115200, { broadcastTurnaroundMs: 30 });
    await bus.writeRegisters(0, 5, [1, 2]);
    expect(Array.from(await bus.readHoldingRegisters(1, 5, 2))).toEqual([1, 2]);
    const [broadcast, next] = monitor.history;
    expect(broadcast?.bytes[0]).toBe(0);
    expect(next!.startMs - broadcast!.endMs).toBeGreaterThanOrEqual(30 - 0.05);
    await expect(bus.readHoldingRegisters(0, 0, 1)).rejects.toThrow(/unit id 0/);
  });

  it('opens the breaker of a dead slave, fails its requests fast, probes it, and reports both changes', async () => {
    const slave = new TestSlave().addUnit(1).addUnit(2, { dead: true });
    const { bus } = rtuLine(slave, 115200, {
      units: { 2: { timeoutMs: 20 } },
      retries: 0,
      breaker: { failureThreshold: 2, probeIntervalMs: 40 },
    });
    const events: string[] = [];
    bus.on('offline', (e) => events.push(`offline ${e.unit} ${e.error.code}`));
    bus.on('online', (e) => events.push(`online ${e.unit}`));
    let errorEvents = 0;
    bus.on('error', () => errorEvents++);
    for (let i = 0; i < 2; i++)
      await expect(bus.readHoldingRegisters(2, 0, 1)).rejects.toThrow(/did not answer/);
    expect(bus.unitState(2)).toBe('open');
    await expect(bus.readHoldingRegisters(2, 0, 1)).rejects.toMatchObject({ code: 'MODBUS_CIRCUIT_OPEN' });
    expect(Array.from(await bus.readHoldingRegisters(1, 0, 1))).toEqual([0]);
    slave.addUnit(2, {}); // the slave comes back
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(Array.from(await bus.readHoldingRegisters(2, 0, 1))).toEqual([0]);
    expect(bus.unitState(2)).toBe('closed');
    expect(events).toEqual(['online null', 'offline 2 MODBUS_TIMEOUT', 'online 2']);
    expect(errorEvents).toBe(2);
    expect(bus.stats().units[2]).toMatchObject({ requests: 3, successes: 1, failures: 2, breaker: 'closed' });
  });

  it('refuses requests beyond maxQueued with MODBUS_QUEUE_FULL, counts them, and serves the rest', async () => {
    const slave = new TestSlave().addUnit(1);
    slave.setRegisters(1, 0, [7, 8, 9, 10, 11, 12, 13, 14]);
    const { bus } = rtuLine(slave, 19200, { maxQueued: 5 });
    // Not awaited: the first goes on the line at once, the next five wait, the last two do not fit.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, a) => bus.readHoldingRegisters(1, a, 1).catch((e: unknown) => e)),
    );
    expect(results.slice(0, 6).map((r) => [...(r as Uint16Array)])).toEqual([
      [7],
      [8],
      [9],
      [10],
      [11],
      [12],
    ]);
    for (const refused of results.slice(6)) {
      expect(isModbusError(refused, 'MODBUS_QUEUE_FULL')).toBe(true);
      expect((refused as Error).message).toMatch(/maxQueued 5.*await requests/);
    }
    expect(bus.stats().errors.MODBUS_QUEUE_FULL).toBe(2);
    expect(bus.stats().queued).toBe(0);
    // The queue has room again once it drains.
    expect([...(await bus.readHoldingRegisters(1, 7, 1))]).toEqual([14]);
  });

  it('refuses an impossible maxQueued when the bus is made', () => {
    const slave = new TestSlave().addUnit(1);
    expect(() => rtuLine(slave, 19200, { maxQueued: 0 })).toThrow(/maxQueued 0 .* must be an integer >= 1/);
  });

  it('rejects queued requests when closed', async () => {
    const slave = new TestSlave().addUnit(1);
    const { bus } = rtuLine(slave, 9600);
    const pending = [0, 1, 2].map((a) => bus.readHoldingRegisters(1, a, 1).catch((e: unknown) => e));
    await bus.close();
    const results = await Promise.all(pending);
    expect(results.every((r) => isModbusError(r, 'MODBUS_CLOSED'))).toBe(true);
    await expect(bus.readHoldingRegisters(1, 0, 1)).rejects.toMatchObject({ code: 'MODBUS_CLOSED' });
  });
});

describe('BusScheduler on Modbus TCP', () => {
  it('reconnects after the connection drops, without losing the request', async () => {
    const slave = new TestSlave().addUnit(1);
    slave.setRegisters(1, 0, [7]);
    const server = await serveTcp(slave);
    const bus: ModbusBus = createTcpBus({
      host: '127.0.0.1',
      port: server.port,
      retries: 2,
      reconnectDelayMs: 10,
    });
    cleanups.push(async () => {
      await bus.close();
      await server.close();
    });
    const events: string[] = [];
    bus.on('online', (e) => events.push(`online ${e.unit}`));
    bus.on('offline', (e) => events.push(`offline ${e.unit}`));
    await bus.open();
    expect(events).toEqual(['online null']);
    expect(Array.from(await bus.readHoldingRegisters(1, 0, 1))).toEqual([7]);
    server.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Array.from(await bus.readHoldingRegisters(1, 0, 1))).toEqual([7]);
    expect(server.connections).toBe(2);
    expect(events).toEqual(['online null', 'offline null', 'online null']);
  });

  it('reports a device that is down as MODBUS_DISCONNECTED with what to check', async () => {
    const server = await serveTcp(new TestSlave());
    const port = server.port;
    await server.close();
    const bus = createTcpBus({ host: '127.0.0.1', port, retries: 0 });
    cleanups.push(() => bus.close());
    let offline = 0;
    bus.on('offline', () => offline++);
    await expect(bus.readHoldingRegisters(1, 0, 1)).rejects.toThrow(/cannot connect to 127.0.0.1:\d+.*check/);
    await expect(bus.readHoldingRegisters(1, 0, 1)).rejects.toThrow(/next connection attempt in/);
    expect(offline).toBe(1);
  });

  it('matches transaction ids: an answer arriving after its timeout is counted, not mistaken', async () => {
    const slave = new TestSlave().addUnit(1).addUnit(2);
    slave.setRegisters(1, 0, [11]);
    slave.setRegisters(2, 0, [22]);
    const server = await serveTcp(slave);
    const bus = createTcpBus({ host: '127.0.0.1', port: server.port, maxInFlight: 4, retries: 0 });
    cleanups.push(async () => {
      await bus.close();
      await server.close();
    });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => bus.readHoldingRegisters((i % 2) + 1, 0, 1).then((r) => r[0])),
    );
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 11 : 22)));
  });
});
