import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rtuCostModel, tcpCostModel } from './cost-model.js';
import { lineTiming } from './line-timing.js';
import { PlanMemory } from './plan-memory.js';
import { type PlanOptions, planReads, type WantedRange } from './read-plan.js';
import { REGISTER_TABLES } from './register-tables.js';

const rtu9600 = rtuCostModel(lineTiming({ baudRate: 9600 }));

const wantedArb = fc.array(
  fc.record({
    table: fc.constantFrom(...REGISTER_TABLES),
    address: fc.integer({ min: 0, max: 3000 }),
    count: fc.integer({ min: 1, max: 140 }),
  }),
  { minLength: 1, maxLength: 60 },
);

const optionsArb = fc.record({
  maxRegisters: fc.integer({ min: 1, max: 125 }),
  maxBits: fc.integer({ min: 1, max: 2000 }),
  baud: fc.constantFrom(1200, 9600, 115200),
  barriers: fc.array(fc.integer({ min: 0, max: 3200 }), { maxLength: 8 }),
});

/** Contiguous runs per table (the union of wanted ranges), each needing ceil(len / limit) requests at least. */
function contiguousRequestCount(
  wanted: readonly WantedRange[],
  limits: { maxRegisters: number; maxBits: number },
): number {
  let total = 0;
  for (const table of ['holding', 'input', 'coils', 'discrete'] as const) {
    const limit = table === 'coils' || table === 'discrete' ? limits.maxBits : limits.maxRegisters;
    const set = new Set<number>();
    for (const w of wanted.filter((x) => x.table === table))
      for (let a = w.address; a < w.address + w.count; a++) set.add(a);
    const addresses = [...set].sort((a, b) => a - b);
    let runStart = 0;
    for (let i = 1; i <= addresses.length; i++) {
      if (i === addresses.length || addresses[i] !== addresses[i - 1]! + 1) {
        total += Math.ceil((addresses[i - 1]! - addresses[runStart]! + 1) / limit);
        runStart = i;
      }
    }
  }
  return total;
}

describe('planReads properties', () => {
  it('covers every wanted register, respects limits and learned split points, and never needs more requests than one per contiguous range', () => {
    fc.assert(
      fc.property(wantedArb, optionsArb, (wanted, o) => {
        const memory = new PlanMemory();
        for (const b of o.barriers) memory.addBarrier('holding', b);
        const options: PlanOptions = {
          maxRegisters: o.maxRegisters,
          maxBits: o.maxBits,
          cost: rtuCostModel(lineTiming({ baudRate: o.baud })),
          memory,
        };
        const plan = planReads(wanted, options);
        for (const r of plan.requests) {
          const limit = r.table === 'coils' || r.table === 'discrete' ? o.maxBits : o.maxRegisters;
          expect(r.count).toBeGreaterThanOrEqual(1);
          expect(r.count).toBeLessThanOrEqual(limit);
          for (const b of memory.barriersOf(r.table)) {
            expect(b > r.address && b <= r.address + r.count - 1, `request crosses barrier ${b}`).toBe(false);
          }
        }
        // Every wanted address is inside a request of its table that lists the range in `covers`.
        const covered = new Set<string>();
        for (const r of plan.requests) {
          for (const i of r.covers) {
            const w = wanted[i]!;
            const from = Math.max(w.address, r.address);
            const to = Math.min(w.address + w.count, r.address + r.count);
            if (w.table === r.table) for (let a = from; a < to; a++) covered.add(`${i}:${a}`);
          }
        }
        wanted.forEach((w, i) => {
          for (let a = w.address; a < w.address + w.count; a++) expect(covered.has(`${i}:${a}`)).toBe(true);
        });
        if (o.barriers.length === 0) {
          expect(plan.requests.length).toBeLessThanOrEqual(contiguousRequestCount(wanted, o));
          const adjacent = planReads(wanted, { ...options, strategy: 'adjacent' });
          expect(plan.requests.length).toBeLessThanOrEqual(adjacent.requests.length);
          expect(plan.costBytes).toBeLessThanOrEqual(adjacent.costBytes + 1e-6);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('adjacent-only and per-range strategies also cover everything within limits', () => {
    fc.assert(
      fc.property(wantedArb, (wanted) => {
        for (const strategy of ['adjacent', 'per-range'] as const) {
          const plan = planReads(wanted, { strategy });
          const set = new Set(
            plan.requests.flatMap((r) =>
              Array.from({ length: r.count }, (_, i) => `${r.table}:${r.address + i}`),
            ),
          );
          for (const w of wanted)
            for (let a = w.address; a < w.address + w.count; a++)
              expect(set.has(`${w.table}:${a}`)).toBe(true);
          for (const r of plan.requests)
            expect(r.count).toBeLessThanOrEqual(r.table === 'holding' || r.table === 'input' ? 125 : 2000);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('planReads decisions', () => {
  const at = (address: number, count = 1): WantedRange => ({ table: 'holding', address, count });

  it('merges adjacent ranges and fills a hole when it is cheaper than another request', () => {
    const plan = planReads([at(0, 2), at(2, 2), at(8), at(60)], { cost: rtu9600 });
    expect(plan.requests.map((r) => [r.address, r.count])).toEqual([
      [0, 9],
      [60, 1],
    ]);
    expect(plan.requests[0]!.holes).toEqual([{ address: 4, count: 4 }]);
  });

  it('fills bigger holes on a slower line per request (TCP with a long round trip)', () => {
    const wanted = [at(0), at(100)];
    expect(planReads(wanted, { cost: rtu9600 }).requests).toHaveLength(2);
    expect(planReads(wanted, { cost: tcpCostModel({ roundTripMs: 20 }) }).requests).toHaveLength(1);
  });

  it('splits at the device limit and at learned barriers', () => {
    expect(planReads([at(0, 300)]).requests.map((r) => r.count)).toEqual([125, 125, 50]);
    expect(planReads([at(0, 30)], { maxRegisters: 10 }).requests).toHaveLength(3);
    const memory = new PlanMemory();
    memory.addBarrier('holding', 5);
    expect(planReads([at(0, 10)], { memory }).requests.map((r) => [r.address, r.count])).toEqual([
      [0, 5],
      [5, 5],
    ]);
  });

  it('keeps tables apart and uses the right function codes', () => {
    const plan = planReads([
      { table: 'coils', address: 0, count: 10 },
      { table: 'discrete', address: 0, count: 10 },
      { table: 'input', address: 0, count: 1 },
      at(0),
    ]);
    expect(plan.requests.map((r) => r.functionCode).sort()).toEqual([1, 2, 3, 4]);
  });

  it('explains itself', () => {
    const memory = new PlanMemory();
    memory.addBarrier('holding', 50);
    const text = planReads([at(0, 2), at(5), at(40), at(60)], { memory }).explain();
    expect(text).toMatch(/read plan \(cost\): \d+ request\(s\) for 4 wanted range\(s\)/);
    expect(text).toMatch(/RTU 9600 baud: one request costs [\d.]+ byte times/);
    expect(text).toMatch(/learned split points: holding @ 50/);
    expect(text).toMatch(/1\. FC03 holding 0-5 \(6, holes 2-4\) covers #0 #1/);
  });

  it('rejects bad input with a message that names the range', () => {
    expect(() => planReads([at(0, 0)])).toThrow(/wanted\[0\]: .*count >= 1/);
    expect(() => planReads([at(65535, 2)])).toThrow(/runs past 65535/);
    expect(() => planReads([at(0)], { maxRegisters: 200 })).toThrow(
      /maxRegisters 200 must be an integer 1-125/,
    );
  });
});
