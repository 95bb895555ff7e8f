import type { RegisterTable } from '@firecode/modbus';
import { FirecodeError } from '@firecode/schema';

/** Where the commissioning commands talk Modbus. */
export type MasterTarget =
  | { kind: 'tcp'; host: string; port: number; timeoutMs: number }
  | {
      kind: 'rtu';
      path: string;
      baud: number;
      parity: 'none' | 'even' | 'odd';
      dataBits: 7 | 8;
      stopBits: 1 | 2;
      timeoutMs: number;
    }
  | { kind: 'rtu-over-tcp'; host: string; port: number; timeoutMs: number };

/**
 * The little a commissioning command needs from a Modbus master. An interface so the commands are
 * tested against a memory double and run against the modbus package's buses.
 */
export interface CommissioningMaster {
  /** Holding/input registers as 16-bit words; coils/discrete inputs as 0 or 1. Rejects with a ModbusError. */
  read(unit: number, table: RegisterTable, address: number, count: number): Promise<number[]>;
  close(): Promise<void>;
}

/** Opens a master on a target. */
export type OpenMaster = (target: MasterTarget) => Promise<CommissioningMaster>;

/** `tcp 127.0.0.1:502`, `serial /dev/ttyUSB0 9600 8N1`. */
export function describeTarget(target: MasterTarget): string {
  if (target.kind === 'rtu') {
    const parity = target.parity === 'none' ? 'N' : target.parity === 'even' ? 'E' : 'O';
    return `serial ${target.path} ${target.baud} ${target.dataBits}${parity}${target.stopBits}`;
  }
  return `${target.kind === 'tcp' ? 'tcp' : 'rtu-over-tcp'} ${target.host}:${target.port}`;
}

/**
 * A master over registers held in memory: the test double. Units not in `units` time out, as absent
 * devices do; addresses outside a unit's registers raise exception 2 (illegal data address).
 */
export function createMemoryMaster(
  units: Readonly<Record<number, Partial<Record<RegisterTable, readonly number[]>>>>,
): CommissioningMaster {
  let closed = false;
  return {
    async read(unit, table, address, count) {
      if (closed) throw new FirecodeError('MODBUS_CLOSED', 'the master is closed');
      const registers = units[unit];
      if (registers === undefined) {
        throw new FirecodeError('MODBUS_TIMEOUT', `unit ${unit} did not answer`, { details: { unit } });
      }
      const words = registers[table] ?? [];
      if (address + count > words.length) {
        throw new FirecodeError('MODBUS_EXCEPTION', `unit ${unit}: exception 2 (illegal data address)`, {
          details: { unit, exceptionCode: 2 },
        });
      }
      return words.slice(address, address + count);
    },
    async close() {
      closed = true;
    },
  };
}
