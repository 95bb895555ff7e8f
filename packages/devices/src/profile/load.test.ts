import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isFirecodeError } from '@firecode/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeviceNormalizer } from '../normalize/normalizer.js';
import { createProfileRegistry, profiles } from '../registry.js';
import { createRegisterSnapshot } from '../snapshot.js';
import { loadProfileFile, loadProfilesFromDir } from './load.js';

/** A vendor's pressure transmitter as an integrator would write it, without any TypeScript. */
const YAML_PROFILE = `
id: acme-pt-100
vendor: ACME
model: PT-100
description: Pressure transmitter, value at 40001 (int16, 0.001 MPa)
systemType: 11
componentType: 0
registers:
  pressure: { address: 0, type: i16 }
points:
  - id: pressure
    kind: pressure
    register: pressure
    transform: { decimals: 3, unit: MPa }
    thresholds: { low: 100, hysteresis: 10 }
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firecode-profiles-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Catches the error a promise rejects with. */
async function failure(
  promise: Promise<unknown>,
): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('loadProfilesFromDir', () => {
  it('picks up a YAML profile dropped into the folder, without a rebuild, and it works end to end', async () => {
    expect(await loadProfilesFromDir(dir)).toEqual([]);
    writeFileSync(join(dir, 'acme-pt-100.yaml'), YAML_PROFILE);
    writeFileSync(join(dir, 'README.txt'), 'not a profile');
    const loaded = await loadProfilesFromDir(dir);
    expect(loaded.map((p) => p.id)).toEqual(['acme-pt-100']);
    const registry = createProfileRegistry([...profiles, ...loaded]);
    const normalizer = createDeviceNormalizer(registry.get('acme-pt-100'), { deviceId: 'pt-7' });
    expect(normalizer.readPlan()).toEqual([{ table: 'holding', address: 0, count: 1 }]);
    const result = normalizer.normalize(
      createRegisterSnapshot([{ table: 'holding', address: 0, values: [85] }]),
      1,
    );
    expect(result.readings).toEqual([
      { point: 'pt-7.pressure', time: 1, value: 85, quality: { level: 'good' } },
    ]);
    expect(result.events.map((e) => [e.kind, e.active])).toEqual([['low-alarm', true]]);
  });

  it('loads JSON too', async () => {
    writeFileSync(
      join(dir, 'di.json'),
      JSON.stringify({
        id: 'acme-di',
        vendor: 'ACME',
        model: 'DI',
        description: 'one input',
        systemType: 11,
        componentType: 84,
        registers: { run: { table: 'discreteInputs', address: 0, type: 'bool' } },
        events: [{ id: 'run', register: 'run', codes: { 0: 'normal', 1: { kind: 'started' } } }],
      }),
    );
    expect((await loadProfilesFromDir(dir)).map((p) => p.events[0]?.codes['1'])).toEqual([
      { kind: 'started', active: true },
    ]);
  });

  it('names the file, the field and the problem for overlapping registers', async () => {
    const path = join(dir, 'overlap.yaml');
    writeFileSync(
      path,
      YAML_PROFILE.replace(
        'pressure: { address: 0, type: i16 }',
        'pressure: { address: 0, type: f32 }\n  status: { address: 1 }',
      ),
    );
    const error = await failure(loadProfileFile(path));
    expect(error.code).toBe('DEVICES_PROFILE_INVALID');
    expect(error.message).toContain(
      `${path}: registers.status.address: register "status" (holding 1..1) overlaps register "pressure" (0..1)`,
    );
  });

  it('names the file, the field and the problem for an unknown type', async () => {
    const path = join(dir, 'type.yaml');
    writeFileSync(path, YAML_PROFILE.replace('type: i16', 'type: int17'));
    const error = await failure(loadProfileFile(path));
    expect(error.code).toBe('DEVICES_PROFILE_INVALID');
    expect(error.message).toMatch(
      new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: registers\\.pressure\\.type: .*"u16"`),
    );
  });

  it('names the file, the field and the problem for a unit code table that does not cover the values', async () => {
    const path = join(dir, 'units.yaml');
    writeFileSync(
      path,
      YAML_PROFILE.replace(
        'pressure: { address: 0, type: i16 }',
        'pressure: { address: 0, type: i16 }\n  unit: { address: 1, values: { min: 0, max: 3 } }',
      ).replace(
        'transform: { decimals: 3, unit: MPa }',
        'transform: { decimals: 3, unitFrom: { register: unit, codes: { 0: MPa, 1: kPa } } }',
      ),
    );
    const error = await failure(loadProfileFile(path));
    expect(error.message).toContain(
      `${path}: points[0].transform.unitFrom.codes: the unit code table does not cover codes 2, 3 that register "unit" can hold (0..3)`,
    );
    expect(error.details?.['problems']).toEqual([
      {
        field: 'points[0].transform.unitFrom.codes',
        message: expect.stringContaining('does not cover codes 2, 3'),
      },
    ]);
  });

  it('reports YAML syntax errors with the file and line, and every bad file of a folder at once', async () => {
    writeFileSync(join(dir, 'a.yaml'), 'id: [unclosed\n');
    writeFileSync(join(dir, 'b.yaml'), YAML_PROFILE.replace('kind: pressure', 'kind: presure'));
    writeFileSync(join(dir, 'c.yaml'), YAML_PROFILE);
    const error = await failure(loadProfilesFromDir(dir));
    expect(isFirecodeError(error)).toBe(true);
    expect(error.message).toContain('2 profile files');
    expect(error.message).toContain(`${join(dir, 'a.yaml')}: not valid YAML`);
    expect(error.message).toMatch(/line \d+/);
    expect(error.message).toContain(`${join(dir, 'b.yaml')}: points[0].kind:`);
  });

  it('rejects two files with one id', async () => {
    writeFileSync(join(dir, 'a.yaml'), YAML_PROFILE);
    writeFileSync(join(dir, 'b.yaml'), YAML_PROFILE);
    const error = await failure(loadProfilesFromDir(dir));
    expect(error.code).toBe('DEVICES_PROFILE_DUPLICATE');
    expect(error.message).toContain('b.yaml: id "acme-pt-100" is already used by');
  });

  it('clashes with a built-in id only when put in one registry', async () => {
    writeFileSync(join(dir, 'q.yaml'), YAML_PROFILE.replace('id: acme-pt-100', 'id: qdy30a'));
    const loaded = await loadProfilesFromDir(dir);
    expect(() => createProfileRegistry([...profiles, ...loaded])).toThrow(
      /two profiles have the id "qdy30a"/,
    );
  });

  it('names a threshold taken from a point that does not exist or has another kind', async () => {
    const path = join(dir, 'ref.yaml');
    writeFileSync(
      path,
      YAML_PROFILE.replace(
        'thresholds: { low: 100, hysteresis: 10 }',
        'thresholds: { low: 100, highFrom: setting }',
      ),
    );
    const error = await failure(loadProfileFile(path));
    expect(error.message).toContain(
      `${path}: points[0].thresholds.highFrom: threshold point "setting" is not defined`,
    );
  });
});
