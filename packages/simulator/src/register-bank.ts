import { isBitTable, REGISTER_TABLE_FACTS, REGISTER_TABLES, type RegisterTable } from '@firecode/modbus';
import { simulatorError } from './errors.js';
import type { SlaveQuirks } from './quirks.js';

/**
 * The data behind one unit id. The slave engine reads and writes through this seam only, so a bank
 * can be a plain array (`MemoryRegisterBank`), a profile-driven device, or a recording test double.
 *
 * `read` returns `undefined` when any address of the range is not mapped: the engine answers
 * exception 02 (illegal data address). Values are 0..65535 for registers and 0/1 for bits.
 */
export interface RegisterBank {
  /** Values of `count` consecutive addresses from `address`, or `undefined` if any is not mapped. */
  read(table: RegisterTable, address: number, count: number): number[] | undefined;
  /**
   * Writes consecutive values from `address` (only coils and holding registers are written by a
   * master). Returns `false` when any address is not mapped or not writable: nothing is written then.
   */
  write(table: RegisterTable, address: number, values: readonly number[]): boolean;
  /** How the device behind this bank departs from the specification (a `ProfileDevice` carries its profile's). */
  readonly quirks?: SlaveQuirks;
  /**
   * The unit id the device's own settings hold, for devices whose address is a register. When a
   * master's write changes it, the engine answers from the old id and serves the device at the new one.
   */
  configuredUnitId?(): number | undefined;
}

/** How big each table of a `MemoryRegisterBank` is (addresses 0..size-1 exist). */
export interface MemoryRegisterBankOptions {
  /** Number of holding registers; default 65536. */
  holding?: number;
  /** Number of input registers; default 65536. */
  input?: number;
  /** Number of coils; default 65536. */
  coils?: number;
  /** Number of discrete inputs; default 65536. */
  discrete?: number;
  /**
   * Holding-register addresses a master may NOT write (FC06/FC10 answer exception 02 there);
   * the simulator itself still can through `setHolding`.
   */
  readOnlyHolding?: Iterable<number>;
}

const TABLE_SIZE = 65536;

/**
 * A plain in-memory register bank: every address of each table exists and starts at 0, unless sizes
 * are given. Setters are for the simulator side (scenarios, tests); `read`/`write` are the master's view.
 */
export class MemoryRegisterBank implements RegisterBank {
  private readonly tables: Record<RegisterTable, Uint16Array | Uint8Array>;
  private readonly readOnlyHolding: Set<number>;

  constructor(options: MemoryRegisterBankOptions = {}) {
    const size = (table: RegisterTable): number => {
      const n = options[table] ?? TABLE_SIZE;
      if (!Number.isInteger(n) || n < 0 || n > TABLE_SIZE) {
        throw new TypeError(
          `MemoryRegisterBank: ${table} size ${n} is invalid; give an integer 0..${TABLE_SIZE}`,
        );
      }
      return n;
    };
    this.tables = Object.fromEntries(
      REGISTER_TABLES.map((table) => [
        table,
        isBitTable(table) ? new Uint8Array(size(table)) : new Uint16Array(size(table)),
      ]),
    ) as Record<RegisterTable, Uint16Array | Uint8Array>;
    this.readOnlyHolding = new Set(options.readOnlyHolding ?? []);
  }

  read(table: RegisterTable, address: number, count: number): number[] | undefined {
    const data = this.tables[table];
    if (!inRange(address, count, data.length)) return undefined;
    return Array.from(data.subarray(address, address + count));
  }

  write(table: RegisterTable, address: number, values: readonly number[]): boolean {
    if (!REGISTER_TABLE_FACTS[table].writable) return false;
    const data = this.tables[table];
    if (!inRange(address, values.length, data.length)) return false;
    if (table === 'holding') {
      for (let i = 0; i < values.length; i++) if (this.readOnlyHolding.has(address + i)) return false;
    }
    this.store(table, address, values);
    return true;
  }

  /** Sets holding registers from `address` (simulator side: ignores read-only marks). */
  setHolding(address: number, ...values: number[]): this {
    return this.set('holding', address, values);
  }

  /** Sets input registers from `address`. */
  setInput(address: number, ...values: number[]): this {
    return this.set('input', address, values);
  }

  /** Sets coils from `address` (booleans or 0/1). */
  setCoil(address: number, ...values: (boolean | number)[]): this {
    return this.set('coils', address, values.map(Number));
  }

  /** Sets discrete inputs from `address` (booleans or 0/1). */
  setDiscreteInput(address: number, ...values: (boolean | number)[]): this {
    return this.set('discrete', address, values.map(Number));
  }

  /** One holding register's value. */
  getHolding(address: number): number {
    return this.get('holding', address);
  }

  /** One input register's value. */
  getInput(address: number): number {
    return this.get('input', address);
  }

  /** One coil's state. */
  getCoil(address: number): boolean {
    return this.get('coils', address) === 1;
  }

  /** One discrete input's state. */
  getDiscreteInput(address: number): boolean {
    return this.get('discrete', address) === 1;
  }

  /** Sets any table from `address` (simulator side). Throws `SIM_ADDRESS_OUT_OF_RANGE` / `SIM_VALUE_OUT_OF_RANGE`. */
  set(table: RegisterTable, address: number, values: readonly number[]): this {
    const data = this.tables[table];
    if (!inRange(address, values.length, data.length)) {
      throw simulatorError(
        'SIM_ADDRESS_OUT_OF_RANGE',
        `${table} ${address}..${address + values.length - 1} is outside this bank (0..${data.length - 1}); use smaller addresses or a bigger bank`,
        { details: { table, address, count: values.length } },
      );
    }
    this.store(table, address, values);
    return this;
  }

  /** One value of any table. Throws `SIM_ADDRESS_OUT_OF_RANGE` outside the bank. */
  get(table: RegisterTable, address: number): number {
    const values = this.read(table, address, 1);
    if (values === undefined) {
      throw simulatorError(
        'SIM_ADDRESS_OUT_OF_RANGE',
        `${table} ${address} is outside this bank (0..${this.tables[table].length - 1})`,
        { details: { table, address } },
      );
    }
    return values[0] as number;
  }

  private store(table: RegisterTable, address: number, values: readonly number[]): void {
    const max = isBitTable(table) ? 1 : 0xffff;
    values.forEach((value, i) => {
      if (!Number.isInteger(value) || value < 0 || value > max) {
        throw simulatorError(
          'SIM_VALUE_OUT_OF_RANGE',
          `${table} ${address + i}: value ${value} is not an integer 0..${max}; encode signed or scaled values to raw registers first`,
          { details: { table, address: address + i, value } },
        );
      }
    });
    this.tables[table].set(values, address);
  }
}

function inRange(address: number, count: number, size: number): boolean {
  return (
    Number.isInteger(address) &&
    Number.isInteger(count) &&
    address >= 0 &&
    count >= 0 &&
    address + count <= size
  );
}
