/**
 * Requests per poll cycle: one request per point, adjacent-only merging (what most gateways do), and
 * our cost-model planner, for the devices of shared/domain/devices.md and a synthetic 1000-point map
 * with holes. RTU at 9600 baud, 5 ms slave turnaround. `pnpm bench modbus-plan`
 */
import {
  lineTiming,
  type PlanOptions,
  type PlanStrategy,
  planReads,
  rtuCostModel,
  type WantedRange,
} from '@firecode/modbus';
import { printResult, printTable } from './support.js';

interface DeviceMap {
  name: string;
  /** One entry per point. */
  points: WantedRange[];
  options?: PlanOptions;
}

const holding = (address: number, count = 1): WantedRange => ({ table: 'holding', address, count });
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => holding(from + i));

/** Polled points per device, from shared/domain/devices.md (commands such as "save" are not polled). */
const devices: DeviceMap[] = [
  // QDY30A level transmitter: address, baud, unit, decimals, value, range zero, range full scale.
  { name: 'QDY30A level transmitter', points: range(0, 6) },
  // MPD-380: the same plus the zero offset at 0x000C.
  { name: 'MPD-380 pressure transmitter', points: [...range(0, 6), holding(0x0c)] },
  // Later revision of the third transmitter family: unit 0x03, decimals 0x04, float32 pressure 0x16-0x17.
  { name: 'pressure transmitter (rev. 2, float32)', points: [holding(3), holding(4), holding(0x16, 2)] },
  // Arc-fault detector: alarm 0x0000, current 0x0006, address/baud/buzzer 0x03E8-0x03EA.
  { name: 'arc-fault detector', points: [holding(0), holding(6), ...range(0x3e8, 0x3ea)] },
  // A 4-loop residual-current monitor (GB 14287.2 class; layout typical, not one vendor's): residual mA
  // 0-3, thresholds 16-19, packed fault flags 32, probe temperatures 40-43.
  {
    name: 'residual-current monitor, 4 loops',
    points: [...range(0, 3), ...range(16, 19), holding(32), ...range(40, 43)],
  },
  // GST-family panel via its Modbus card: register = loop x 240 + address - 1, 2 loops x 200 points,
  // main/backup power at 4998-4999; the card serves at most 100 registers per request.
  {
    name: 'GST panel, 2 loops x 200 points',
    points: [
      ...Array.from({ length: 200 }, (_, i) => holding(240 + i)),
      ...Array.from({ length: 200 }, (_, i) => holding(480 + i)),
      holding(4998),
      holding(4999),
    ],
    options: { maxRegisters: 100 },
  },
];

/** A deterministic synthetic map: 1000 points of 1, 2 or 4 registers, half of them after a 1-20 register hole. */
function syntheticMap(): DeviceMap {
  let seed = 0x2f6b1d;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const points: WantedRange[] = [];
  let address = 0;
  for (let i = 0; i < 1000; i++) {
    if (random() < 0.5) address += 1 + Math.floor(random() * 20);
    const size = [1, 1, 1, 2, 2, 4][Math.floor(random() * 6)]!;
    points.push(holding(address, size));
    address += size;
  }
  return { name: 'synthetic 1000-point map with holes', points };
}

const maps = [...devices, syntheticMap()];
const cost = rtuCostModel(lineTiming({ baudRate: 9600 }), { turnaroundMs: 5 });
const strategies: [string, PlanStrategy][] = [
  ['naive', 'per-range'],
  ['adjacent', 'adjacent'],
  ['firecode', 'cost'],
];
const charMs = lineTiming({ baudRate: 9600 }).charMs;

const totals = { naive: 0, adjacent: 0, firecode: 0 };
const rows: Record<string, string | number>[] = [];
for (const map of maps) {
  const row: Record<string, string | number> = { map: map.name, points: map.points.length };
  for (const [label, strategy] of strategies) {
    const plan = planReads(map.points, { cost, ...map.options, strategy });
    totals[label as keyof typeof totals] += plan.requests.length;
    row[label] = plan.requests.length;
    row[`${label} ms`] = Math.round(plan.costBytes * charMs);
  }
  rows.push(row);
}
rows.push({ map: 'total', points: maps.reduce((n, m) => n + m.points.length, 0), ...totals });
printTable('Requests per poll cycle (and estimated line time per cycle at 9600 baud)', rows);
console.log(`\n${planReads(devices[3]!.points, { cost }).explain()}`);
printResult('modbus-plan', { requests: totals });
