/**
 * One invariant test over every built-in profile: unique ids, a profile that re-validates cleanly,
 * valid registers, standard codes, and every reading, event and catalog entry it can produce passes
 * the schema.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogSchema, componentTypes, fireEventSchema, readingSchema, systemTypes } from '@firecode/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registerCountOf } from './data-types.js';
import { initialRegisterWrites } from './initial-registers.js';
import { createDeviceNormalizer } from './normalize/normalizer.js';
import { encodePointValue, encodeRegister, readRegister } from './normalize/transform.js';
import { panelRegisterOf } from './profile/check.js';
import { parseProfile } from './profile/parse.js';
import type { DeviceProfile } from './profile/schema.js';
import { readPlanFor } from './read-plan.js';
import { profiles } from './registry.js';
import { createRegisterSnapshot, type RegisterMap } from './snapshot.js';

const vendorsDir = fileURLToPath(new URL('./vendors/', import.meta.url));

/** A snapshot holding every register's default (what a fresh simulator serves). */
function defaults(profile: DeviceProfile): RegisterMap {
  const snapshot = createRegisterSnapshot();
  for (const [name, spec] of Object.entries(profile.registers)) {
    if (spec.bit !== undefined) continue;
    const raw = spec.default ?? spec.values?.min ?? 0;
    for (const write of encodeRegister(profile, name, raw))
      snapshot.set(write.table, write.address, write.values);
  }
  for (const spec of Object.values(profile.registers)) {
    if (spec.bit !== undefined && snapshot.get(spec.table, spec.address) === undefined)
      snapshot.set(spec.table, spec.address, [0]);
  }
  const panel = profile.panel;
  if (panel) {
    for (let loop = panel.loops.min; loop <= panel.loops.max; loop++) {
      const first = panelRegisterOf(panel, loop, panel.addresses.min);
      snapshot.set(panel.table, first, new Array(panel.addresses.max - panel.addresses.min + 1).fill(0));
    }
  }
  return snapshot;
}

describe('every built-in profile', () => {
  it('has a unique kebab-case id', () => {
    const ids = profiles.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('is registered when a vendor file exports it', async () => {
    for (const file of readdirSync(vendorsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const module = (await import(/* @vite-ignore */ `./vendors/${file}`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (typeof value === 'object' && value !== null && 'registers' in value) {
          expect(profiles, `${file} exports ${name}, which is not in registry.ts`).toContain(value);
        }
      }
    }
  });

  for (const profile of profiles) {
    describe(profile.id, () => {
      it('re-validates to itself (a profile is plain data: YAML/JSON round trip)', () => {
        const roundTrip = JSON.parse(JSON.stringify(profile));
        expect(parseProfile(roundTrip, `${profile.id}.json`)).toEqual(profile);
      });

      it('recognises its own fresh device by its probe (a simulator serving the defaults)', () => {
        const snapshot = createRegisterSnapshot(initialRegisterWrites(profile));
        for (const check of profile.probe ?? []) {
          const value = readRegister(snapshot, profile.registers[check.register]!);
          expect(value, check.register).toBeGreaterThanOrEqual(check.expect.min);
          expect(value, check.register).toBeLessThanOrEqual(check.expect.max);
        }
      });

      it('uses standard GB/T 26875.3 codes and registers inside 0..65535', () => {
        expect(systemTypes.map((t) => t.code)).toContain(profile.systemType);
        const known = componentTypes.map((t) => t.code);
        expect(known).toContain(profile.componentType);
        for (const point of profile.points)
          if (point.componentType !== undefined) expect(known).toContain(point.componentType);
        for (const event of profile.events)
          if (event.componentType !== undefined) expect(known).toContain(event.componentType);
        for (const spec of Object.values(profile.registers)) {
          expect(spec.address + registerCountOf(spec.type) - 1).toBeLessThanOrEqual(0xffff);
        }
        for (const request of readPlanFor(profile)) {
          expect(request.count).toBeLessThanOrEqual(profile.quirks.maxRegistersPerRequest);
        }
      });

      it('never throws on random register contents, and what it reports still passes the schema (fuzz)', () => {
        const plan = readPlanFor(profile, profile.panel ? { loops: [profile.panel.loops.min] } : {});
        const cell = fc.oneof(
          { weight: 8, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
          { weight: 1, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom(-1, 70_000, 0.5, Number.NaN) },
        );
        const polls = fc.array(
          fc.array(cell, {
            minLength: plan.reduce((n, r) => n + r.count, 0),
            maxLength: plan.reduce((n, r) => n + r.count, 0),
          }),
          { minLength: 1, maxLength: 4 },
        );
        fc.assert(
          fc.property(polls, (cellsPerPoll) => {
            const normalizer = createDeviceNormalizer(profile, {
              deviceId: 'fuzz-1',
              ...(profile.panel ? { loops: [profile.panel.loops.min] } : {}),
            });
            cellsPerPoll.forEach((cells, poll) => {
              const snapshot = createRegisterSnapshot();
              let index = 0;
              for (const request of plan) {
                for (let i = 0; i < request.count; i++) {
                  const value = cells[index++];
                  if (value !== undefined) snapshot.set(request.table, request.address + i, [value]);
                }
              }
              const result = normalizer.normalize(snapshot, poll);
              for (const reading of result.readings)
                expect(readingSchema.safeParse(reading).error).toBeUndefined();
              for (const event of result.events)
                expect(fireEventSchema.safeParse(event).error).toBeUndefined();
            });
          }),
          { numRuns: profile.panel ? 10 : 100 },
        );
      });

      it('produces readings, events and catalog entries that pass the schema', () => {
        const normalizer = createDeviceNormalizer(profile, { deviceId: 'dev-1' });
        const catalog = normalizer.catalog();
        expect(catalogSchema.safeParse({ gatewayId: 'gw-1', ...catalog }).error).toBeUndefined();
        const snapshot = defaults(profile);
        const seen: unknown[] = [];
        const poll = (time: number) => {
          const result = normalizer.normalize(snapshot, time);
          for (const reading of result.readings)
            expect(readingSchema.safeParse(reading).error).toBeUndefined();
          for (const event of result.events) expect(fireEventSchema.safeParse(event).error).toBeUndefined();
          seen.push(...result.events);
          return result;
        };
        const first = poll(1000);
        const catalogIds = new Set(catalog.points.map((p) => p.id));
        for (const reading of first.readings) expect(catalogIds).toContain(reading.point);
        let time = 2000;
        // Drive every coded register through all its codes, and every threshold across its limits.
        for (const event of profile.events) {
          for (const code of Object.keys(event.codes)) {
            for (const write of encodeRegister(profile, event.register, Number(code)))
              snapshot.set(write.table, write.address, write.values);
            poll(time++);
          }
        }
        for (const point of profile.points) {
          const { low, high } = point.thresholds ?? {};
          for (const value of [low, high, 0].filter((v): v is number => v !== undefined)) {
            for (const write of encodePointValue(profile, point.id, value))
              snapshot.set(write.table, write.address, write.values);
            poll(time++);
          }
        }
        if (profile.panel) {
          const register = panelRegisterOf(
            profile.panel,
            profile.panel.loops.min,
            profile.panel.addresses.min,
          );
          for (const code of Object.keys(profile.panel.codes)) {
            snapshot.set(profile.panel.table, register, [Number(code)]);
            poll(time++);
          }
        }
        const failure = normalizer.normalizeFailure(new Error('timeout'), time++);
        for (const reading of failure.readings)
          expect(readingSchema.safeParse(reading).error).toBeUndefined();
        for (const event of failure.events) expect(fireEventSchema.safeParse(event).error).toBeUndefined();
        if (profile.events.length + profile.points.filter((p) => p.thresholds).length > 0 || profile.panel) {
          expect(seen.length).toBeGreaterThan(0);
        }
      });
    });
  }
});
