/**
 * Each simulated fault kind produces the error our Modbus engine should see, counted by kind in the
 * engine's stats: over RTU on a socat pty pair and over Modbus TCP.
 */
import {
  createRtuBus,
  createTcpBus,
  isModbusError,
  type ModbusBus,
  type ModbusErrorCode,
} from '@firecode/modbus';
import {
  type Fault,
  MemoryRegisterBank,
  openPtyPair,
  type PtyPair,
  type RtuSlave,
  socatAvailable,
  startRtuSlave,
  startTcpSlave,
  type TcpSlave,
} from '@firecode/simulator';
import { afterEach, describe, expect, it } from 'vitest';

// Generous against a loaded machine: the "ok" late answer (20 ms) must stay well inside it.
const TIMEOUT_MS = 300;

async function codeOf(promise: Promise<unknown>): Promise<ModbusErrorCode | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (!isModbusError(error)) throw error;
    return error.code;
  }
}

/** Fault → what the engine must report for one read, per transport. */
const cases: { fault: Fault; rtu: ModbusErrorCode | 'ok'; tcp: ModbusErrorCode | 'ok' }[] = [
  { fault: { kind: 'no-answer' }, rtu: 'MODBUS_TIMEOUT', tcp: 'MODBUS_TIMEOUT' },
  { fault: { kind: 'late-answer', delayMs: TIMEOUT_MS * 4 }, rtu: 'MODBUS_TIMEOUT', tcp: 'MODBUS_TIMEOUT' },
  { fault: { kind: 'late-answer', delayMs: 20 }, rtu: 'ok', tcp: 'ok' },
  // MBAP has no CRC: the simulator breaks the header's protocol id instead.
  { fault: { kind: 'corrupt-crc' }, rtu: 'MODBUS_CRC', tcp: 'MODBUS_DISCONNECTED' },
  { fault: { kind: 'exception', code: 6 }, rtu: 'MODBUS_EXCEPTION', tcp: 'MODBUS_EXCEPTION' },
  { fault: { kind: 'offline' }, rtu: 'MODBUS_TIMEOUT', tcp: 'MODBUS_TIMEOUT' },
];

describe.skipIf(socatAvailable() ? false : 'socat is not installed (apt-get install socat)')(
  'fault kinds over RTU (socat pty pair) as ModbusBus sees them',
  () => {
    let pair: PtyPair;
    let slave: RtuSlave;
    let bus: ModbusBus;
    afterEach(async () => {
      await bus.close();
      await slave.close();
      await pair.close();
    });

    it.each(cases.map((c) => [c.fault.kind, c] as const))('%s', async (_kind, { fault, rtu }) => {
      pair = await openPtyPair();
      slave = await startRtuSlave({
        path: pair.slavePath,
        baudRate: 9600,
        units: { 1: new MemoryRegisterBank() },
      });
      bus = createRtuBus({ path: pair.masterPath, baudRate: 9600, timeoutMs: TIMEOUT_MS, retries: 0 });
      expect(await codeOf(bus.readHoldingRegisters(1, 0, 1))).toBe('ok');
      slave.engine.setFault(1, fault, { requests: 1 });
      expect(await codeOf(bus.readHoldingRegisters(1, 0, 1))).toBe(rtu);
      if (rtu !== 'ok') expect(bus.stats().errors[rtu]).toBe(1);
      expect(slave.engine.stats.faults[fault.kind]).toBe(1);
      // And the line recovers for the next request.
      if (fault.kind === 'late-answer')
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs + 50));
      expect(await codeOf(bus.readHoldingRegisters(1, 0, 1))).toBe('ok');
    });

    it('garbage instead of a reply is a framing error, never a value', async () => {
      pair = await openPtyPair();
      slave = await startRtuSlave({
        path: pair.slavePath,
        baudRate: 9600,
        units: { 1: new MemoryRegisterBank() },
      });
      bus = createRtuBus({ path: pair.masterPath, baudRate: 9600, timeoutMs: TIMEOUT_MS, retries: 0 });
      slave.engine.setFault(1, { kind: 'garbage', length: 9 }, { requests: 1 });
      const code = await codeOf(bus.readHoldingRegisters(1, 0, 1));
      // Seeded garbage: the same bytes every run, which the engine rejects on their CRC.
      expect(code).toBe('MODBUS_CRC');
      expect(bus.stats().errors.MODBUS_CRC).toBe(1);
      expect(slave.engine.stats.faults.garbage).toBe(1);
    });

    it('the port vanishing is a disconnection, and the line comes back with the port', async () => {
      pair = await openPtyPair();
      slave = await startRtuSlave({
        path: pair.slavePath,
        baudRate: 9600,
        units: { 1: new MemoryRegisterBank() },
      });
      bus = createRtuBus({
        path: pair.masterPath,
        baudRate: 9600,
        timeoutMs: TIMEOUT_MS,
        retries: 0,
        reconnectDelayMs: 20,
      });
      expect(await codeOf(bus.readHoldingRegisters(1, 0, 1))).toBe('ok');
      await slave.close();
      await pair.close(); // the cable is pulled: both pty ends disappear
      const code = await codeOf(bus.readHoldingRegisters(1, 0, 1));
      expect(code).toBe('MODBUS_DISCONNECTED');
      expect(bus.stats().errors.MODBUS_DISCONNECTED).toBeGreaterThanOrEqual(1);
    });
  },
);

describe('fault kinds over Modbus TCP as ModbusBus sees them', () => {
  let slave: TcpSlave;
  let bus: ModbusBus;
  afterEach(async () => {
    await bus.close();
    await slave.close();
  });

  it.each(cases.map((c) => [c.fault.kind, c] as const))('%s', async (_kind, { fault, tcp }) => {
    slave = await startTcpSlave({ units: { 1: new MemoryRegisterBank() } });
    bus = createTcpBus({
      host: '127.0.0.1',
      port: slave.port,
      timeoutMs: TIMEOUT_MS,
      retries: 0,
      reconnectDelayMs: 20,
    });
    expect(await codeOf(bus.readHoldingRegisters(1, 0, 1))).toBe('ok');
    slave.engine.setFault(1, fault, { requests: 1 });
    expect(await codeOf(bus.readHoldingRegisters(1, 0, 1))).toBe(tcp);
    if (tcp !== 'ok') expect(bus.stats().errors[tcp]).toBe(1);
    expect(slave.engine.stats.faults[fault.kind]).toBe(1);
  });

  it('the port vanishing is a disconnection; after restore the same bus reads again', async () => {
    slave = await startTcpSlave({ units: { 1: new MemoryRegisterBank().setHolding(0, 5) } });
    bus = createTcpBus({
      host: '127.0.0.1',
      port: slave.port,
      timeoutMs: TIMEOUT_MS,
      retries: 0,
      reconnectDelayMs: 20,
    });
    expect(await codeOf(bus.readHoldingRegisters(1, 0, 1))).toBe('ok');
    await slave.vanish();
    expect(await codeOf(bus.readHoldingRegisters(1, 0, 1))).toBe('MODBUS_DISCONNECTED');
    await slave.restore();
    let values: Uint16Array | undefined;
    for (let attempt = 0; attempt < 50 && !values; attempt++) {
      values = await bus.readHoldingRegisters(1, 0, 1).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return undefined;
      });
    }
    expect([...(values ?? [])]).toEqual([5]);
  });
});
