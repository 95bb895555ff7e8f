import {
  createRtuBus,
  createRtuOverTcpBus,
  createTcpBus,
  type ModbusMaster,
  type RegisterTable,
} from '@firecode/modbus';
import type { CommissioningMaster, MasterTarget } from './master.js';

/**
 * Settings for commissioning: no retries (each failure is worth seeing, and a scan of absent units
 * should cost one timeout each), and a circuit breaker that does not open during a scan.
 */
const commissioning = { retries: 0, breaker: { failureThreshold: 1_000_000 } };

function openBus(target: MasterTarget): ModbusMaster {
  switch (target.kind) {
    case 'tcp':
      return createTcpBus({
        ...commissioning,
        // A scan meets many silent unit ids in a row on a healthy connection: that is not a
        // half-open connection to drop.
        reconnectAfterTimeouts: Number.MAX_SAFE_INTEGER,
        host: target.host,
        port: target.port,
        timeoutMs: target.timeoutMs,
      });
    case 'rtu-over-tcp':
      return createRtuOverTcpBus({
        ...commissioning,
        host: target.host,
        port: target.port,
        timeoutMs: target.timeoutMs,
      });
    case 'rtu':
      return createRtuBus({
        ...commissioning,
        path: target.path,
        baudRate: target.baud,
        dataBits: target.dataBits,
        parity: target.parity,
        stopBits: target.stopBits,
        timeoutMs: target.timeoutMs,
      });
  }
}

/** Opens a commissioning master through `@firecode/modbus` (its scheduler, framing and errors). */
export async function openModbusMaster(target: MasterTarget): Promise<CommissioningMaster> {
  const bus = openBus(target);
  const reads: Record<RegisterTable, (unit: number, address: number, count: number) => Promise<number[]>> = {
    holding: async (u, a, c) => Array.from(await bus.readHoldingRegisters(u, a, c)),
    input: async (u, a, c) => Array.from(await bus.readInputRegisters(u, a, c)),
    coils: async (u, a, c) => (await bus.readCoils(u, a, c)).map(Number),
    discrete: async (u, a, c) => (await bus.readDiscreteInputs(u, a, c)).map(Number),
  };
  return {
    read: (unit, table, address, count) => reads[table](unit, address, count),
    close: () => bus.close(),
  };
}
