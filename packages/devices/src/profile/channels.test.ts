import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProfileFile } from './load.js';
import { parseProfile } from './parse.js';

const twelveLoops = fileURLToPath(
  new URL('../../../../examples/configs/profiles/residual-current-monitor-12.yaml', import.meta.url),
);

describe('profiles for multi-channel devices', () => {
  it('a 12-loop residual-current monitor is a few dozen lines: channels + merge keys', async () => {
    const profile = await loadProfileFile(twelveLoops);
    const lines = readFileSync(twelveLoops, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.trim().startsWith('#'));
    expect(lines.length).toBeLessThan(45);
    expect(Object.keys(profile.registers)).toHaveLength(1 + 12 * 2);
    expect(profile.points.map((p) => p.id)).toEqual(
      Array.from({ length: 12 }, (_, i) => `loop-${i + 1}-residual`),
    );
    expect(profile.events).toHaveLength(12);
    // `{ first, step }` became each loop's address; the anchor's fields were merged in.
    expect(profile.registers['loop-1-current']).toMatchObject({
      table: 'input',
      address: 0,
      default: 120,
    });
    expect(profile.registers['loop-12-current']).toMatchObject({ table: 'input', address: 11 });
    expect(profile.registers['loop-7-fault']).toMatchObject({ address: 0x46, bit: 0, bits: 2 });
    expect(profile.points[6]).toMatchObject({ name: 'Loop 7 residual current', register: 'loop-7-current' });
    expect(profile.events[11]!.codes['1']).toMatchObject({
      kind: 'fault',
      description: 'Loop 12 sensor open',
    });
  });

  it('gives the same profile as the loops written out one by one', async () => {
    const expanded = await loadProfileFile(twelveLoops);
    const registers: Record<string, unknown> = {
      'rated-current': {
        table: 'holdingRegisters',
        address: 0x50,
        default: 1000,
        writable: true,
        writeFunction: 6,
      },
    };
    const points: unknown[] = [];
    const events: unknown[] = [];
    for (let n = 1; n <= 12; n += 1) {
      registers[`loop-${n}-current`] = {
        table: 'inputRegisters',
        type: 'u16',
        values: { min: 0, max: 5000 },
        address: n - 1,
        default: 120,
      };
      registers[`loop-${n}-fault`] = { table: 'inputRegisters', bit: 0, bits: 2, address: 0x40 + n - 1 };
      points.push({
        id: `loop-${n}-residual`,
        name: `Loop ${n} residual current`,
        kind: 'residual-current',
        register: `loop-${n}-current`,
        transform: { unit: 'mA' },
        range: { min: 0, max: 5000 },
        thresholds: { high: 500, hysteresis: 20 },
      });
      events.push({
        id: `loop-${n}-fault`,
        name: `Loop ${n} sensor fault`,
        register: `loop-${n}-fault`,
        codes: {
          '0': 'normal',
          '1': { kind: 'fault', description: `Loop ${n} sensor open` },
          '2': { kind: 'fault', description: `Loop ${n} sensor short` },
          '3': { kind: 'fault', description: `Loop ${n} sensor fault` },
        },
      });
    }
    const written = parseProfile({
      id: 'residual-current-monitor-12',
      vendor: 'Generic (GB 14287.2)',
      model: 'Twelve-loop residual-current monitor',
      description: 'Residual current per loop (mA) with a low/high alarm, fault flags 2 bits per loop',
      systemType: 0,
      componentType: 16,
      quirks: { maxRegistersPerRequest: 64 },
      registers,
      points,
      events,
    });
    expect(expanded).toEqual(written);
  });

  it('says what is wrong with a channels block', () => {
    const base = {
      id: 'x',
      vendor: 'v',
      model: 'm',
      description: 'd',
      systemType: 0,
      componentType: 16,
      registers: {},
    };
    expect(() => parseProfile({ ...base, channels: { count: 0 } }, 'p.yaml')).toThrow(
      /p\.yaml: channels\.count: give the number of channels/,
    );
    expect(() => parseProfile({ ...base, channels: { count: 2, register: {} } }, 'p.yaml')).toThrow(
      /unknown key "register"/,
    );
    expect(() =>
      parseProfile({ ...base, channels: { count: 2, registers: { current: { address: 1 } } } }, 'p.yaml'),
    ).toThrow(/register "current" exists twice .*"\$n" missing/);
  });

  it('hints at bit + width when someone writes bits: [4, 5]', () => {
    const profile = {
      id: 'x',
      vendor: 'v',
      model: 'm',
      description: 'd',
      systemType: 0,
      componentType: 16,
      registers: { flags: { address: 3, bits: [4, 5] } },
    };
    expect(() => parseProfile(profile, 'p.yaml')).toThrow(
      'p.yaml: registers.flags.bits: bits is the width of the field, not a list of bits: for bits 4, 5 write bit: 4, bits: 2',
    );
  });
});
