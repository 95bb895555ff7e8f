import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isModbusError, type ModbusErrorCode } from '../errors.js';
import type { ModbusBus } from '../modbus-bus.js';
import { type SlaveFault, TestSlave } from './test-slave.js';

/** What a transport fixture provides to the conformance suite. */
export interface TransportFixture {
  /** A bus over the transport under test, talking to `slave`, with retries 0. */
  bus: ModbusBus;
  stop(): Promise<void>;
}

/** Capabilities that differ by framing. */
export interface TransportTraits {
  /** The framing carries a CRC (RTU). */
  crc: boolean;
  /** Unit 0 is a broadcast (serial framings). */
  broadcast: boolean;
  /** Faults this framing legitimately tolerates (ASCII ignores noise before its ':'). */
  tolerates?: SlaveFault[];
}

async function expectCode(promise: Promise<unknown>, code: ModbusErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isModbusError(error), `expected ${code}, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

/**
 * The conformance suite every transport must pass: real frames through the real framing, against the
 * test slave (units 1 and 2 present, unit 9 absent). `build(slave)` creates the fixture per test.
 */
export function describeTransport(
  name: string,
  build: (slave: TestSlave) => Promise<TransportFixture>,
  traits: TransportTraits,
): void {
  describe(`transport conformance: ${name}`, () => {
    let slave: TestSlave;
    let fixture: TransportFixture;
    let bus: ModbusBus;

    beforeEach(async () => {
      slave = new TestSlave().addUnit(1).addUnit(2, { missing: [{ start: 100, end: 109 }] });
      slave.setRegisters(1, 0, [1, 2, 3, 0xffff]);
      slave.setRegisters(1, 10, [0xbeef, 7], 'input');
      slave.setRegisters(2, 0, [200, 201]);
      slave.setBits(1, 0, [true, false, true, true, false, false, false, false, true]);
      slave.setBits(1, 5, [true, true], 'discrete');
      fixture = await build(slave);
      bus = fixture.bus;
    });
    afterEach(async () => {
      await fixture.stop();
    });

    it('reads holding and input registers, coils and discrete inputs', async () => {
      expect(Array.from(await bus.readHoldingRegisters(1, 0, 4))).toEqual([1, 2, 3, 0xffff]);
      expect(Array.from(await bus.readInputRegisters(1, 10, 2))).toEqual([0xbeef, 7]);
      expect(await bus.readCoils(1, 0, 9)).toEqual([
        true,
        false,
        true,
        true,
        false,
        false,
        false,
        false,
        true,
      ]);
      expect(await bus.readDiscreteInputs(1, 4, 3)).toEqual([false, true, true]);
      expect(Array.from(await bus.readHoldingRegisters(1, 0, 125))).toHaveLength(125);
    });

    it('writes registers and coils', async () => {
      await bus.writeRegister(1, 20, 0x1234);
      await bus.writeRegisters(1, 21, [5, 6, 7]);
      await bus.writeCoil(1, 30, true);
      await bus.writeCoils(1, 31, [true, false, true]);
      expect(slave.getRegisters(1, 20, 4)).toEqual([0x1234, 5, 6, 7]);
      expect(slave.getBits(1, 30, 4)).toEqual([true, true, false, true]);
    });

    it('keeps units apart on one line, concurrent requests included', async () => {
      const results = await Promise.all([
        bus.readHoldingRegisters(1, 0, 2),
        bus.readHoldingRegisters(2, 0, 2),
        bus.readHoldingRegisters(1, 2, 2),
        bus.readHoldingRegisters(2, 1, 1),
      ]);
      expect(results.map((r) => Array.from(r))).toEqual([[1, 2], [200, 201], [3, 0xffff], [201]]);
    });

    it('decodes exception responses', async () => {
      const error = await bus.readHoldingRegisters(2, 95, 10).catch((e: unknown) => e);
      expect(isModbusError(error, 'MODBUS_EXCEPTION')).toBe(true);
      expect((error as { details: { exceptionCode: number } }).details.exceptionCode).toBe(2);
      expect(bus.stats().exceptions[2]).toBe(1);
      expect(Array.from(await bus.readHoldingRegisters(2, 0, 1))).toEqual([200]);
    });

    it('times out on an absent unit, then serves the next request', async () => {
      await expectCode(bus.readHoldingRegisters(9, 0, 1, { timeoutMs: 100 }), 'MODBUS_TIMEOUT');
      expect(Array.from(await bus.readHoldingRegisters(1, 0, 1))).toEqual([1]);
      expect(bus.stats().errors.MODBUS_TIMEOUT).toBe(1);
    });

    const faults: [Parameters<TestSlave['injectFault']>[1], ModbusErrorCode][] = [
      ['wrong-unit', 'MODBUS_WRONG_UNIT'],
      ['wrong-function', 'MODBUS_WRONG_FUNCTION'],
      ['truncated', 'MODBUS_TRUNCATED'],
    ];
    if (traits.crc) faults.push(['bad-crc', 'MODBUS_CRC'], ['garbage-before', 'MODBUS_CRC']);
    for (const [fault, code] of faults.filter(([f]) => !traits.tolerates?.includes(f))) {
      it(`counts a ${fault} answer as ${code} and recovers on the next request`, async () => {
        slave.injectFault(1, fault);
        await expectCode(bus.readHoldingRegisters(1, 0, 2, { timeoutMs: 300 }), code);
        expect(Array.from(await bus.readHoldingRegisters(1, 0, 2, { retries: 1 }))).toEqual([1, 2]);
        const stats = bus.stats();
        expect(stats.errors[code]).toBe(1);
        expect(stats.successes).toBeGreaterThanOrEqual(1);
      });
    }

    if (traits.broadcast) {
      it('broadcasts writes to unit 0 without waiting for an answer', async () => {
        await bus.writeRegister(0, 40, 99);
        expect(Array.from(await bus.readHoldingRegisters(1, 40, 1))).toEqual([99]);
        expect(Array.from(await bus.readHoldingRegisters(2, 40, 1))).toEqual([99]);
        expect(slave.broadcasts).toBe(1);
      });
    }

    it('rejects impossible requests before they reach the wire', async () => {
      await expectCode(bus.readHoldingRegisters(1, 0, 126), 'MODBUS_INVALID_ARGUMENT');
      await expectCode(bus.readHoldingRegisters(1, 65535, 2), 'MODBUS_INVALID_ARGUMENT');
      await expectCode(bus.writeRegister(1, 0, 70000), 'MODBUS_INVALID_ARGUMENT');
      await expectCode(bus.readCoils(0, 0, 1), 'MODBUS_INVALID_ARGUMENT');
      expect(bus.stats().requests).toBe(0);
    });
  });
}
