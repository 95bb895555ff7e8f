import * as modbus from '@firecode/modbus';
import { notAvailableError } from './exit-codes.js';
import type { ReadTable } from './line-utilisation.js';
import type { CommissioningMaster, MasterTarget } from './master.js';

export type { CommissioningMaster, MasterTarget, OpenMaster } from './master.js';

/** The part of the modbus package's `ModbusBus` the commissioning commands use. */
interface BusLike {
  readHoldingRegisters(unit: number, address: number, count: number): Promise<ArrayLike<number>>;
  readInputRegisters(unit: number, address: number, count: number): Promise<ArrayLike<number>>;
  readCoils(unit: number, address: number, count: number): Promise<boolean[]>;
  readDiscreteInputs(unit: number, address: number, count: number): Promise<boolean[]>;
  close(): Promise<void>;
}
type BusFactory = (options: Record<string, unknown>) => BusLike;

const factoryNames = {
  tcp: 'createTcpBus',
  rtu: 'createRtuBus',
  'rtu-over-tcp': 'createRtuOverTcpBus',
} as const;

/**
 * Opens a master through `@firecode/modbus` (its scheduler, framing and errors), with no retries:
 * commissioning wants to see each failure, not hide it. A scan must not be slowed by the per-slave
 * circuit breaker either, so it opens only after many failures.
 */
export async function openModbusMaster(target: MasterTarget): Promise<CommissioningMaster> {
  const name = factoryNames[target.kind];
  const factory = (modbus as unknown as Record<string, unknown>)[name];
  if (typeof factory !== 'function') {
    throw notAvailableError(`Modbus ${target.kind} access`, `${name} from @firecode/modbus`);
  }
  const common = { timeoutMs: target.timeoutMs, retries: 0, breaker: { failureThreshold: 1000 } };
  const options: Record<string, unknown> =
    target.kind === 'rtu'
      ? {
          ...common,
          path: target.path,
          baudRate: target.baud,
          dataBits: target.dataBits,
          parity: target.parity,
          stopBits: target.stopBits,
        }
      : { ...common, host: target.host, port: target.port };
  const bus = (factory as BusFactory)(options);
  const reads: Record<ReadTable, (unit: number, address: number, count: number) => Promise<number[]>> = {
    holding: async (u, a, c) => Array.from(await bus.readHoldingRegisters(u, a, c)),
    input: async (u, a, c) => Array.from(await bus.readInputRegisters(u, a, c)),
    coil: async (u, a, c) => (await bus.readCoils(u, a, c)).map(Number),
    discrete: async (u, a, c) => (await bus.readDiscreteInputs(u, a, c)).map(Number),
  };
  return {
    read: (unit, table, address, count) => reads[table](unit, address, count),
    close: () => bus.close(),
  };
}
