import type { RegisterTable } from './register-tables.js';

/** One request that a device refused, as the planner memory needs it. */
export interface RefusedRead {
  table: RegisterTable;
  address: number;
  count: number;
  /** Address ranges inside the request that were not wanted (holes filled by the planner). */
  holes: { address: number; count: number }[];
  /** Wanted addresses inside the request, ascending. */
  wantedAddresses: number[];
}

/**
 * What the planner has learned about one device: "split here" barriers, learned after the device
 * answered exception 02 (illegal address) or 03 (illegal value) to a merged read. A barrier at address
 * `b` in a table means no request may contain both `b - 1` and `b`. Keep one memory per device and
 * pass it to every `planReads()` for that device.
 */
export class PlanMemory {
  private readonly barriers = new Map<RegisterTable, Set<number>>();

  /** Barrier addresses of `table`, ascending. */
  barriersOf(table: RegisterTable): number[] {
    return [...(this.barriers.get(table) ?? [])].sort((a, b) => a - b);
  }

  /** True when no request of `table` may contain both `address - 1` and `address`. */
  hasBarrier(table: RegisterTable, address: number): boolean {
    return this.barriers.get(table)?.has(address) ?? false;
  }

  /**
   * Forbids requests of `table` that contain both `address - 1` and `address` (idempotent); e.g. from a
   * persisted {@link PlanMemory.toJSON} or a device profile that knows where the device's blocks end.
   */
  addBarrier(table: RegisterTable, address: number): void {
    let set = this.barriers.get(table);
    if (!set) {
      set = new Set();
      this.barriers.set(table, set);
    }
    set.add(address);
  }

  /**
   * Learns from a refused read. Splits at the largest filled hole (the likeliest culprit: an address the
   * device does not have), or else in the middle of the wanted addresses (a count limit, or one bad
   * register to isolate by bisection). Returns false when the request was a single wanted address or
   * run that cannot be split: then the refusal is the answer for those addresses.
   */
  learn(refused: RefusedRead): boolean {
    const hole = refused.holes.reduce<{ address: number; count: number } | undefined>(
      (largest, h) => (largest === undefined || h.count > largest.count ? h : largest),
      undefined,
    );
    if (hole) {
      this.addBarrier(refused.table, hole.address);
      return true;
    }
    const wanted = refused.wantedAddresses;
    if (wanted.length < 2) return false;
    const middle = wanted[wanted.length >> 1]!;
    this.addBarrier(refused.table, middle);
    return true;
  }

  /** Plain data for persistence or logs. */
  toJSON(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [table] of this.barriers) out[table] = this.barriersOf(table);
    return out;
  }
}
