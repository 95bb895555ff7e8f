import { type CostModel, rtuCostModel } from './cost-model.js';
import { modbusError } from './errors.js';
import { lineTiming } from './line-timing.js';
import { MODBUS_LIMITS } from './pdu.js';
import type { PlanMemory } from './plan-memory.js';
import {
  isBitTable,
  isRegisterTable,
  REGISTER_TABLE_FACTS,
  REGISTER_TABLES,
  type RegisterTable,
} from './register-tables.js';

/** A range of registers (or bits) somebody wants read. */
export interface WantedRange {
  table: RegisterTable;
  address: number;
  /** Registers (or bits) from `address`; may exceed one request's limit (it is then split). */
  count: number;
}

/** One read request of a plan. */
export interface PlannedRead {
  table: RegisterTable;
  functionCode: 1 | 2 | 3 | 4;
  address: number;
  count: number;
  /** Indices into the plan's `wanted` array of the ranges this read (partly) covers. */
  covers: number[];
  /** Unwanted ranges read to save a request. */
  holes: { address: number; count: number }[];
}

/** How to group wanted ranges into requests. */
export type PlanStrategy =
  /** Fewest wire byte times by the cost model: merges adjacent ranges and fills holes where it pays. */
  | 'cost'
  /** Merges only ranges that touch (what most gateways do). */
  | 'adjacent'
  /** One request per wanted range (what hand-written poll loops do). */
  | 'per-range';

/** Options of {@link planReads}. */
export interface PlanOptions {
  /** Default: RTU at 9600 baud 8N1 with a 5 ms turnaround. */
  cost?: CostModel;
  /** The device's own limit per read of registers (default and maximum 125). */
  maxRegisters?: number;
  /** The device's own limit per read of bits (default and maximum 2000). */
  maxBits?: number;
  /** What was learned about this device (split points after exceptions). */
  memory?: PlanMemory;
  /** Default `'cost'`. */
  strategy?: PlanStrategy;
}

/** A read plan: the requests, and how it came about. */
export interface ReadPlan {
  readonly wanted: readonly WantedRange[];
  readonly requests: readonly PlannedRead[];
  /** Estimated wire cost of the plan in byte times (request overheads plus data). */
  readonly costBytes: number;
  /** A human-readable account of the plan: one line per request, with holes and covered ranges. */
  explain(): string;
}

function checkWanted(wanted: readonly WantedRange[]): void {
  wanted.forEach((w, i) => {
    if (!isRegisterTable(w.table)) {
      throw modbusError(
        'MODBUS_INVALID_ARGUMENT',
        `wanted[${i}]: table "${w.table}" is not ${REGISTER_TABLES.join(', ')}`,
      );
    }
    if (!Number.isInteger(w.address) || !Number.isInteger(w.count) || w.address < 0 || w.count < 1) {
      throw modbusError(
        'MODBUS_INVALID_ARGUMENT',
        `wanted[${i}]: address ${w.address} and count ${w.count} must be integers, address >= 0, count >= 1`,
      );
    }
    if (w.address + w.count - 1 > MODBUS_LIMITS.maxAddress) {
      throw modbusError(
        'MODBUS_INVALID_ARGUMENT',
        `wanted[${i}]: ${w.table} ${w.address}+${w.count} runs past 65535`,
      );
    }
  });
}

function checkLimit(name: string, value: number | undefined, max: number): number {
  const limit = value ?? max;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw modbusError('MODBUS_INVALID_ARGUMENT', `${name} ${value} must be an integer 1-${max}`);
  }
  return limit;
}

/** Data bytes a response carries for `span` registers or bits. */
function dataBytes(table: RegisterTable, span: number): number {
  return isBitTable(table) ? Math.ceil(span / 8) : span * 2;
}

/**
 * Splits the sorted unique wanted addresses of one table into requests (index ranges [from, to)).
 * `cost`: dynamic programming over the addresses, minimising overhead per request plus the data bytes
 * of each span (holes included), under the size limit and the learned barriers; ties go to fewer
 * requests. O(addresses x limit).
 */
function splitAddresses(
  addresses: number[],
  table: RegisterTable,
  limit: number,
  strategy: PlanStrategy,
  overhead: number,
  memory: PlanMemory | undefined,
): [number, number][] {
  const n = addresses.length;
  // joinable[i]: addresses i-1 and i may share a request (no learned barrier between them).
  const joinable = new Uint8Array(n);
  const barriers = memory?.barriersOf(table) ?? [];
  for (let i = 1, b = 0; i < n; i++) {
    while (b < barriers.length && barriers[b]! <= addresses[i - 1]!) b++;
    joinable[i] = b < barriers.length && barriers[b]! <= addresses[i]! ? 0 : 1;
    if (strategy === 'adjacent' && addresses[i] !== addresses[i - 1]! + 1) joinable[i] = 0;
  }
  const cost = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const count = new Uint32Array(n + 1);
  const from = new Int32Array(n + 1);
  cost[0] = 0;
  for (let k = 1; k <= n; k++) {
    const last = addresses[k - 1]!;
    for (let j = k - 1; j >= 0; j--) {
      const span = last - addresses[j]! + 1;
      if (span > limit) break;
      const c = cost[j]! + overhead + dataBytes(table, span);
      if (c < cost[k]! - 1e-9 || (Math.abs(c - cost[k]!) <= 1e-9 && count[j]! + 1 < count[k]!)) {
        cost[k] = c;
        count[k] = count[j]! + 1;
        from[k] = j;
      }
      if (joinable[j] === 0) break;
    }
  }
  const requests: [number, number][] = [];
  for (let k = n; k > 0; k = from[k]!) requests.push([from[k]!, k]);
  return requests.reverse();
}

/**
 * Plans the reads for one device: from the wanted registers and bits, the fewest wire byte times.
 * Adjacent ranges merge; holes are filled when reading them costs less than one more request at this
 * line's speed (the cost model); no request exceeds 125 registers / 2000 bits or the device's lower
 * limit; split points learned from exceptions (`memory`) are respected.
 */
export function planReads(wanted: readonly WantedRange[], options: PlanOptions = {}): ReadPlan {
  checkWanted(wanted);
  const cost = options.cost ?? rtuCostModel(lineTiming({ baudRate: 9600 }));
  const maxRegisters = checkLimit('maxRegisters', options.maxRegisters, MODBUS_LIMITS.maxReadRegisters);
  const maxBits = checkLimit('maxBits', options.maxBits, MODBUS_LIMITS.maxReadBits);
  const strategy = options.strategy ?? 'cost';
  const requests: PlannedRead[] = [];
  let costBytes = 0;

  for (const table of REGISTER_TABLES) {
    const limit = isBitTable(table) ? maxBits : maxRegisters;
    const indices = wanted.map((_, i) => i).filter((i) => wanted[i]!.table === table);
    if (indices.length === 0) continue;
    const spans: [number, number][] = []; // [address, count] per request, before covers/holes
    if (strategy === 'per-range') {
      for (const i of indices) {
        const w = wanted[i]!;
        for (let a = w.address; a < w.address + w.count; a += limit) {
          spans.push([a, Math.min(limit, w.address + w.count - a)]);
        }
      }
    } else {
      const set = new Set<number>();
      for (const i of indices)
        for (let a = wanted[i]!.address; a < wanted[i]!.address + wanted[i]!.count; a++) set.add(a);
      const addresses = [...set].sort((a, b) => a - b);
      for (const [f, t] of splitAddresses(
        addresses,
        table,
        limit,
        strategy,
        cost.requestOverheadBytes,
        options.memory,
      )) {
        spans.push([addresses[f]!, addresses[t - 1]! - addresses[f]! + 1]);
      }
    }
    spans.sort((a, b) => a[0] - b[0]);
    for (const [address, count] of spans) {
      const end = address + count - 1;
      const covers = indices.filter(
        (i) => wanted[i]!.address <= end && wanted[i]!.address + wanted[i]!.count - 1 >= address,
      );
      requests.push({
        table,
        functionCode: REGISTER_TABLE_FACTS[table].readFunction,
        address,
        count,
        covers,
        holes: holesOf(address, count, covers, wanted),
      });
      costBytes += cost.requestOverheadBytes + dataBytes(table, count);
    }
  }
  const limits = { maxRegisters, maxBits };
  return {
    wanted,
    requests,
    costBytes,
    explain: () => explainPlan(wanted, requests, costBytes, cost, limits, strategy, options.memory),
  };
}

function holesOf(address: number, count: number, covers: number[], wanted: readonly WantedRange[]) {
  const covered = new Uint8Array(count);
  for (const i of covers) {
    const w = wanted[i]!;
    for (let a = Math.max(address, w.address); a < Math.min(address + count, w.address + w.count); a++)
      covered[a - address] = 1;
  }
  const holes: { address: number; count: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (covered[i]) continue;
    const start = i;
    while (i < count && !covered[i]) i++;
    holes.push({ address: address + start, count: i - start });
  }
  return holes;
}

function explainPlan(
  wanted: readonly WantedRange[],
  requests: readonly PlannedRead[],
  costBytes: number,
  cost: CostModel,
  limits: { maxRegisters: number; maxBits: number },
  strategy: PlanStrategy,
  memory: PlanMemory | undefined,
): string {
  const holeTotal = requests.reduce((sum, r) => sum + r.holes.reduce((s, h) => s + h.count, 0), 0);
  const maxFill = Math.floor(cost.requestOverheadBytes / 2);
  const lines = [
    `read plan (${strategy}): ${requests.length} request(s) for ${wanted.length} wanted range(s); ${holeTotal} unwanted register(s)/bit(s) read; estimated ${costBytes.toFixed(0)} byte times`,
    `cost model: ${cost.description}; register holes up to ${maxFill} are worth filling`,
    `limits: ${limits.maxRegisters} registers, ${limits.maxBits} bits per request`,
  ];
  const learned = memory?.toJSON() ?? {};
  if (Object.keys(learned).length > 0) {
    lines.push(
      `learned split points: ${Object.entries(learned)
        .map(([t, a]) => `${t} @ ${a.join(', ')}`)
        .join('; ')}`,
    );
  }
  requests.forEach((r, n) => {
    const holes =
      r.holes.length === 0
        ? ''
        : `, holes ${r.holes.map((h) => (h.count === 1 ? `${h.address}` : `${h.address}-${h.address + h.count - 1}`)).join(' ')}`;
    lines.push(
      `  ${n + 1}. FC${String(r.functionCode).padStart(2, '0')} ${r.table} ${r.address}-${r.address + r.count - 1} (${r.count}${holes}) covers #${r.covers.join(' #')}`,
    );
  });
  return lines.join('\n');
}
