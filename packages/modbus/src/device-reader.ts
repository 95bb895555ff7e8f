import type { RequestOptions } from './bus-scheduler.js';
import { isModbusError, type ModbusError, modbusError } from './errors.js';
import type { ModbusMaster } from './modbus-bus.js';
import { PlanMemory } from './plan-memory.js';
import {
  type PlannedRead,
  type PlanOptions,
  planReads,
  type ReadPlan,
  type WantedRange,
} from './read-plan.js';
import { isBitTable, type RegisterTable } from './register-tables.js';

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
    const cycle = new ReadCycle();
    const requests = this.currentPlan.requests;
    // One request (the usual plan of a priority group) is awaited alone: a Promise.all, its array and
    // its reactions per read were a sixth of what a poll allocated.
    if (requests.length === 1) await this.execute(cycle, requests[0]!, this.wanted, 0);
    else await Promise.all(requests.map((r) => this.execute(cycle, r, this.wanted, 0)));
    if (cycle.learned) this.currentPlan = this.planFor(this.wanted);
    return this.wanted.map((w) => outcome(w, cycle.replies, cycle.failures));
  }

  /** One request of the cycle; a refused merged read is split and its parts read at once. */
  private async execute(
    cycle: ReadCycle,
    request: PlannedRead,
    wanted: readonly WantedRange[],
    depth: number,
  ): Promise<void> {
    try {
      const data = await this.readOne(request);
      cycle.replies.push({ table: request.table, address: request.address, count: request.count, data });
    } catch (caught) {
      // Apart from the success path: the async function's frame holds only what that path needs.
      await this.recover(cycle, request, wanted, depth, caught);
    }
  }

  private async recover(
    cycle: ReadCycle,
    request: PlannedRead,
    wanted: readonly WantedRange[],
    depth: number,
    caught: unknown,
  ): Promise<void> {
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
      cycle.learned = true;
      const inside = clip(request, wanted);
      const subPlan = this.planFor(inside);
      await Promise.all(subPlan.requests.map((r) => this.execute(cycle, r, inside, depth + 1)));
      return;
    }
    cycle.failures.push({ table: request.table, address: request.address, count: request.count, error });
  }

  /** Not `async`: the bus's promise is handed on as it is, without a frame and an await of its own. */
  private readOne(request: PlannedRead): Promise<ArrayLike<number | boolean>> {
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

/** A span of one table that a request read or failed to read. */
/** What the requests of one `read()` brought back, in the order they ended. */
class ReadCycle {
  readonly replies: Reply[] = [];
  readonly failures: Failure[] = [];
  /** Set when the device refused a merged read and the plan must be made again. */
  learned = false;
}

interface Span {
  table: RegisterTable;
  address: number;
  count: number;
}

interface Reply extends Span {
  data: ArrayLike<number | boolean>;
}

interface Failure extends Span {
  error: ModbusError;
}

/**
 * The span that last ended among those holding `address` (requests may overlap when wanted ranges
 * do). Looked up in the few spans of one read instead of a map entry per register, which cost ~100
 * map entries per device and poll (`pnpm bench gateway-pipeline`).
 */
function latestHolding<T extends Span>(
  spans: readonly T[],
  table: RegisterTable,
  address: number,
): T | undefined {
  for (let i = spans.length - 1; i >= 0; i--) {
    const span = spans[i]!;
    if (span.table === table && address >= span.address && address < span.address + span.count) return span;
  }
  return undefined;
}

function outcome(wanted: WantedRange, replies: readonly Reply[], failures: readonly Failure[]): ReadOutcome {
  // Bits are read as 0/1 (booleans from the line), so one word array serves both kinds of table.
  const words = new Uint16Array(wanted.count);
  for (let a = wanted.address; a < wanted.address + wanted.count; a++) {
    const failure = latestHolding(failures, wanted.table, a);
    if (failure) return { wanted, error: failure.error };
    const reply = latestHolding(replies, wanted.table, a);
    if (reply === undefined) {
      return {
        wanted,
        error: modbusError(
          'MODBUS_BAD_RESPONSE',
          `${wanted.table} ${a} was not read (planner bug: please report)`,
        ),
      };
    }
    words[a - wanted.address] = Number(reply.data[a - reply.address]);
  }
  return isBitTable(wanted.table)
    ? { wanted, bits: Array.from(words, (v) => v === 1) }
    : { wanted, registers: words };
}
