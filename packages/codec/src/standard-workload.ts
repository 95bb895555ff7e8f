/**
 * The documented standard workload of `pnpm bench codec` (docs/wire-format.md, "Benchmark"): one
 * building's gateway, 200 points sampled at 1 Hz for 60 s, plus 5 events: 12 000 readings.
 *
 * - 100 pressures (kPa, 0.1 kPa resolution) drifting slowly around 300-700 kPa, 20 tank levels
 *   (m, 0.01 m resolution) drifting around 2-5 m;
 * - 60 fire-panel zone states (0 normal, 1 alarm/fault), changing rarely;
 * - 20 residual currents (mA, 1 mA resolution) wandering around 50-300 mA.
 * Points are read in Modbus blocks of 10: block b is read at b × 25 ms into each second, with 0-3 ms of
 * jitter, so readings carry their real read times (20 distinct, irregular time columns), not one
 * idealised clock. A seeded generator makes every run identical.
 */
import type { Catalog, FireEvent, Reading } from '@firecode/schema';
import type { DataBatch } from './messages.js';

export const WORKLOAD_START = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const SECONDS = 60;
const BLOCK = 10;

/** Small deterministic PRNG (mulberry32) so the workload is the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface WorkloadPoint {
  id: string;
  kind: 'pressure' | 'level' | 'state' | 'residual-current';
  component: string;
}

function workloadPoints(): WorkloadPoint[] {
  const points: WorkloadPoint[] = [];
  for (let i = 0; i < 100; i += 1)
    points.push({ id: `riser-${i + 1}-pressure`, kind: 'pressure', component: `pt-${i + 1}` });
  for (let i = 0; i < 20; i += 1)
    points.push({ id: `tank-${i + 1}-level`, kind: 'level', component: `lt-${i + 1}` });
  for (let i = 0; i < 60; i += 1)
    points.push({ id: `zone-${i + 1}-state`, kind: 'state', component: `zone-${i + 1}` });
  for (let i = 0; i < 20; i += 1) {
    points.push({ id: `efm-${i + 1}-residual`, kind: 'residual-current', component: `efm-${i + 1}` });
  }
  return points;
}

const units = { pressure: 'kPa', level: 'm', state: '', 'residual-current': 'mA' } as const;
const types = {
  pressure: { systemType: 11, componentType: 99 },
  level: { systemType: 11, componentType: 92 },
  state: { systemType: 1, componentType: 25 },
  'residual-current': { systemType: 23, componentType: 17 },
} as const;

/** The workload's catalog: 200 points on 200 components. */
export function workloadCatalog(): Catalog {
  const points = workloadPoints();
  return {
    gatewayId: 'gw-bench',
    components: points.map((point) => ({ id: point.component, ...types[point.kind] })),
    points: points.map((point) => ({
      id: point.id,
      kind: point.kind,
      unit: units[point.kind],
      component: point.component,
    })),
  };
}

/** The workload's one-minute batch: 12 000 readings and 5 events. */
export function workloadBatch(): DataBatch {
  const next = random(26875);
  const points = workloadPoints();
  const state = points.map((point) => {
    switch (point.kind) {
      case 'pressure':
        return 300 + Math.round(next() * 4000) / 10;
      case 'level':
        return 2 + Math.round(next() * 300) / 100;
      case 'state':
        return 0;
      default:
        return 50 + Math.round(next() * 250);
    }
  });
  const readings: Reading[] = [];
  for (let second = 0; second < SECONDS; second += 1) {
    for (let block = 0; block < points.length / BLOCK; block += 1) {
      const time = WORKLOAD_START + second * 1000 + block * 25 + Math.floor(next() * 4);
      for (let index = block * BLOCK; index < (block + 1) * BLOCK; index += 1) {
        const point = points[index]!;
        let value = state[index]!;
        if (point.kind === 'pressure') value = Math.round((value + (next() - 0.5) * 0.6) * 10) / 10;
        else if (point.kind === 'level') value = Math.round((value + (next() - 0.5) * 0.04) * 100) / 100;
        else if (point.kind === 'state') value = next() < 0.005 ? 1 - value : value;
        else value = Math.max(0, value + Math.round((next() - 0.5) * 4));
        state[index] = value;
        readings.push({ point: point.id, time, value, quality: { level: 'good' } });
      }
    }
  }
  const events: FireEvent[] = [
    {
      time: WORKLOAD_START + 12_000,
      kind: 'fire',
      active: true,
      component: 'zone-7',
      systemType: 1,
      componentType: 25,
      loop: 1,
      address: 7,
    },
    {
      time: WORKLOAD_START + 18_500,
      kind: 'fault',
      active: true,
      component: 'zone-31',
      systemType: 1,
      componentType: 25,
      loop: 2,
      address: 11,
    },
    {
      time: WORKLOAD_START + 30_000,
      kind: 'high-alarm',
      active: true,
      component: 'efm-4',
      systemType: 23,
      componentType: 17,
      point: 'efm-4-residual',
    },
    {
      time: WORKLOAD_START + 41_250,
      kind: 'fault',
      active: false,
      component: 'zone-31',
      systemType: 1,
      componentType: 25,
      loop: 2,
      address: 11,
    },
    {
      time: WORKLOAD_START + 55_000,
      kind: 'low-alarm',
      active: true,
      component: 'pt-12',
      systemType: 11,
      componentType: 99,
      point: 'riser-12-pressure',
    },
  ];
  return {
    gatewayId: 'gw-bench',
    sequence: 1_000_000n,
    historical: false,
    readings,
    events,
    status: { uptimeS: 86_400, queueDepth: 0 },
  };
}
