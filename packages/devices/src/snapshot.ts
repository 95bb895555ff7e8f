import type { RegisterTable } from '@firecode/modbus';

/**
 * The raw data of one poll: register values (0..65535) and bits (0/1) by table and address. The
 * gateway fills it from the Modbus replies; addresses it could not read are simply absent, and the
 * points that need them come out with bad quality.
 */
export interface RegisterSnapshot {
  get(table: RegisterTable, address: number): number | undefined;
}

/** Consecutive values read from one table. */
export interface RegisterBlock {
  table: RegisterTable;
  address: number;
  values: readonly number[];
}

/** A {@link RegisterSnapshot} filled block by block (also the test double of the seam). */
export class RegisterMap implements RegisterSnapshot {
  private readonly tables = new Map<RegisterTable, Map<number, number>>();

  constructor(blocks: readonly RegisterBlock[] = []) {
    for (const block of blocks) this.set(block.table, block.address, block.values);
  }

  /** Stores `values` from `address` on; returns this for chaining. */
  set(table: RegisterTable, address: number, values: readonly number[]): this {
    let cells = this.tables.get(table);
    if (!cells) {
      cells = new Map();
      this.tables.set(table, cells);
    }
    for (const [index, value] of values.entries()) cells.set(address + index, value);
    return this;
  }

  get(table: RegisterTable, address: number): number | undefined {
    return this.tables.get(table)?.get(address);
  }

  /** Forgets everything (reuse one map across polls). */
  clear(): void {
    this.tables.clear();
  }
}

/** Builds a snapshot from blocks, e.g. the replies of one poll. */
export function createRegisterSnapshot(blocks: readonly RegisterBlock[] = []): RegisterMap {
  return new RegisterMap(blocks);
}
