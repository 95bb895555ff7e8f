import { afterEach, describe, expect, it } from 'vitest';
import { createTcpBus } from './create-bus.js';
import { serveTcp } from './testing/serve-tcp.js';
import { TestSlave } from './testing/test-slave.js';

/**
 * Must hold (issue 16): a unit that answers garbage is isolated after its configured failure count,
 * and the healthy unit behind the same Modbus TCP endpoint keeps being served. Before, garbage made
 * the MBAP stream go out of step, the transport dropped the connection, the drop was not counted
 * against anyone, and the unit kept costing a reconnect per poll (~45 requests over ~11 s).
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('a unit that answers garbage', () => {
  it('opens its breaker after failureThreshold attempts; the healthy unit on the endpoint gets every poll', async () => {
    const slave = new TestSlave().addUnit(1).addUnit(2, { answersGarbage: true });
    slave.setRegisters(1, 0, [1234]);
    const requestsTo = new Map<number, number>();
    const handle = slave.handle.bind(slave);
    slave.handle = (unit, pdu) => {
      requestsTo.set(unit, (requestsTo.get(unit) ?? 0) + 1);
      return handle(unit, pdu);
    };
    const server = await serveTcp(slave);
    const bus = createTcpBus({
      host: '127.0.0.1',
      port: server.port,
      timeoutMs: 500,
      retries: 2,
      reconnectDelayMs: 10,
      breaker: { failureThreshold: 3, probeIntervalMs: 60_000 },
    });
    cleanups.push(async () => {
      await bus.close();
      await server.close();
    });
    const offline: string[] = [];
    bus.on('offline', (event) => {
      if (event.unit !== null) offline.push(`${event.unit} ${event.error.code}`);
    });

    let healthy = 0;
    const failures: string[] = [];
    for (let round = 0; round < 20; round += 1) {
      const values = await bus.readHoldingRegisters(1, 0, 1);
      if (values[0] === 1234) healthy += 1;
      await bus.readHoldingRegisters(2, 0, 1).catch((error: { code: string }) => failures.push(error.code));
    }

    expect(healthy).toBe(20);
    // Three attempts (one request and its two retries) reached the garbage unit, then it was isolated.
    expect(requestsTo.get(2)).toBe(3);
    expect(bus.unitState(2)).toBe('open');
    expect(offline).toEqual(['2 MODBUS_DISCONNECTED']);
    expect(failures[0]).toBe('MODBUS_DISCONNECTED');
    expect(failures.slice(1).every((code) => code === 'MODBUS_CIRCUIT_OPEN')).toBe(true);
    expect(bus.stats().units[2]).toMatchObject({ failures: 3, breaker: 'open' });
  });
});
