import type { RequestOptions } from './bus-scheduler.js';
import { isModbusError, type ModbusError, modbusError } from './errors.js';
import type { ModbusMaster } from './modbus-bus.js';
import { PlanMemory } from './plan-memory.js';
import {
  type PlannedRead,
  type PlanOptions,
  planReads,
  type ReadPlan,
  type RegisterTable,
  type WantedRange,
} from './read-plan.js';

/** The outcome for one wanted range. */
export interface ReadOutcome {
  wanted: WantedRange;
  /** Registers (holding/input tables), when read. */
  registers?: Uint16Array;
  /** Bits (coils/discrete tables), when read. */
  bits?: boolean[];
  /** Why (part of) the range could not be read. */
  error?: ModbusError;
}

/** Options of {@link DeviceReader}. */
export interface DeviceReaderOptions extends Omit<PlanOptions, 'memory'> {
  unit: number;
  /** Priority, timeout and retries of the reads. */
  request?: RequestOptions;
  /** Share learned split points across readers of the same device (default: a new memory). */
  memory?: PlanMemory;
}

/** Exceptions that may mean "this merged read touched something the device does not have". */
const SPLITTABLE_EXCEPTIONS = new Set([2, 3]);
/** Each refusal adds a split point inside the refused span; this bounds the re-planning depth. */
const MAX_SPLIT_DEPTH = 17;

/**
 * Reads one device's wanted registers and bits with a {@link planReads} plan. When the device answers a
 * merged read with exception 02 or 03, the read is split (remembered in the device's {@link PlanMemory})
 * and re-tried at once, so that one absent register fails only its own points, and the next cycle's plan
 * avoids the refused merge from the start.
 */
export class DeviceReader {
  readonly memory: PlanMemory;
  private currentPlan: ReadPlan;

  /**
   * Plans the reads of `wanted` at once (with `options.memory` when given, so splits learned earlier
   * apply from the first cycle); nothing is sent until `read()`.
   */
  constructor(
    private readonly bus: ModbusMaster,
    readonly wanted: readonly WantedRange[],
    private readonly options: DeviceReaderOptions,
  ) {
    this.memory = options.memory ?? new PlanMemory();
    this.currentPlan = this.planFor(wanted);
  }

  /** The plan the next `read()` will use. */
  get plan(): ReadPlan {
    return this.currentPlan;
  }

  /**
   * The current plan as text for logs and support: a summary (strategy, request count, unwanted
   * registers read, estimated byte times), the cost model and limits, the split points learned so far,
   * then one line per request (function code, table, address range, filled holes, which wanted ranges it
   * covers). Changes after a `read()` in which the device refused a merged read.
   */
  explain(): string {
    return this.currentPlan.explain();
  }

  private planFor(wanted: readonly WantedRange[]): ReadPlan {
    return planReads(wanted, { ...this.options, memory: this.memory });
  }

  /** Runs one poll cycle; outcomes come in the order of `wanted`. Never throws for device errors. */
  async read(): Promise<ReadOutcome[]> {
    const values = new Map<RegisterTable, Map<number, number>>();
    const errors = new Map<RegisterTable, Map<number, ModbusError>>();
    let learned = false;

    const store = <T>(maps: Map<RegisterTable, Map<number, T>>, table: RegisterTable) => {
      let map = maps.get(table);
      if (!map) {
        map = new Map();
        maps.set(table, map);
      }
      return map;
    };

    const execute = async (
      request: PlannedRead,
      wanted: readonly WantedRange[],
      depth: number,
    ): Promise<void> => {
      try {
        const data = await this.readOne(request);
        const map = store(values, request.table);
        for (let i = 0; i < request.count; i++) map.set(request.address + i, Number(data[i]));
      } catch (caught) {
        const error = isModbusError(caught)
          ? caught
          : modbusError('MODBUS_BAD_RESPONSE', `read failed: ${String(caught)}`, {}, caught);
        const exceptionCode = error.details?.['exceptionCode'];
        if (
          error.code === 'MODBUS_EXCEPTION' &&
          SPLITTABLE_EXCEPTIONS.has(exceptionCode as number) &&
          depth < MAX_SPLIT_DEPTH &&
          this.memory.learn({
            table: request.table,
            address: request.address,
            count: request.count,
            holes: request.holes,
            wantedAddresses: wantedAddressesIn(request, wanted),
          })
        ) {
          learned = true;
          const inside = clip(request, wanted);
          const subPlan = this.planFor(inside);
          await Promise.all(subPlan.requests.map((r) => execute(r, inside, depth + 1)));
          return;
        }
        const map = store(errors, request.table);
        for (let i = 0; i < request.count; i++) map.set(request.address + i, error);
      }
    };

    await Promise.all(this.currentPlan.requests.map((r) => execute(r, this.wanted, 0)));
    if (learned) this.currentPlan = this.planFor(this.wanted);
    return this.wanted.map((w) => outcome(w, values.get(w.table), errors.get(w.table)));
  }

  private async readOne(request: PlannedRead): Promise<ArrayLike<number | boolean>> {
    const { unit, request: options } = this.options;
    switch (request.table) {
      case 'holding':
        return this.bus.readHoldingRegisters(unit, request.address, request.count, options);
      case 'input':
        return this.bus.readInputRegisters(unit, request.address, request.count, options);
      case 'coils':
        return this.bus.readCoils(unit, request.address, request.count, options);
      case 'discrete':
        return this.bus.readDiscreteInputs(unit, request.address, request.count, options);
    }
  }
}

function wantedAddressesIn(request: PlannedRead, wanted: readonly WantedRange[]): number[] {
  const set = new Set<number>();
  for (const i of request.covers) {
    const w = wanted[i]!;
    for (
      let a = Math.max(w.address, request.address);
      a < Math.min(w.address + w.count, request.address + request.count);
      a++
    )
      set.add(a);
  }
  return [...set].sort((a, b) => a - b);
}

/** The wanted ranges a request covers, clipped to the request's span. */
function clip(request: PlannedRead, wanted: readonly WantedRange[]): WantedRange[] {
  return request.covers.map((i) => {
    const w = wanted[i]!;
    const address = Math.max(w.address, request.address);
    const end = Math.min(w.address + w.count, request.address + request.count);
    return { table: w.table, address, count: end - address };
  });
}

function outcome(
  wanted: WantedRange,
  values: Map<number, number> | undefined,
  errors: Map<number, ModbusError> | undefined,
): ReadOutcome {
  const words: number[] = [];
  for (let a = wanted.address; a < wanted.address + wanted.count; a++) {
    const error = errors?.get(a);
    if (error) return { wanted, error };
    const value = values?.get(a);
    if (value === undefined) {
      return {
        wanted,
        error: modbusError(
          'MODBUS_BAD_RESPONSE',
          `${wanted.table} ${a} was not read (planner bug: please report)`,
        ),
      };
    }
    words.push(value);
  }
  return wanted.table === 'coils' || wanted.table === 'discrete'
    ? { wanted, bits: words.map((v) => v === 1) }
    : { wanted, registers: Uint16Array.from(words) };
}
