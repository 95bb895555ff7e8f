/**
 * One vocabulary of Modbus data tables: `REGISTER_TABLES` in @firecode/modbus is the only definition.
 * Device profiles, the simulator's register banks and the gateway CLI accept exactly those names
 * (profiles also their older long names, mapped in one place), and no other source spells them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { legacyProfileTableNames, parseProfile } from '@firecode/devices';
import { REGISTER_TABLE_FACTS, REGISTER_TABLES, registerTableOfReadFunction } from '@firecode/modbus';
import { MemoryRegisterBank } from '@firecode/simulator';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../packages/gateway/src/cli/io.js';
import { createMemoryMaster } from '../packages/gateway/src/cli/master.js';
import { runCli } from '../packages/gateway/src/cli/program.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A minimal profile with one register in `table` (undefined: the field left out). */
function profileWith(table: string | undefined) {
  const bit = table === 'coils' || table === 'discrete' || table === 'discreteInputs';
  return {
    id: 'one-register',
    vendor: 'Test',
    model: 'T',
    description: 'one register',
    systemType: 0,
    componentType: 0,
    registers: { r: { ...(table === undefined ? {} : { table }), address: 0, type: bit ? 'bool' : 'u16' } },
  };
}

describe('register tables', () => {
  it('REGISTER_TABLE_FACTS gives each table its own read function code', () => {
    const codes = REGISTER_TABLES.map((table) => REGISTER_TABLE_FACTS[table].readFunction);
    expect([...codes].sort()).toEqual([1, 2, 3, 4]);
    for (const table of REGISTER_TABLES) {
      expect(registerTableOfReadFunction(REGISTER_TABLE_FACTS[table].readFunction)).toBe(table);
    }
    expect(registerTableOfReadFunction(5)).toBeUndefined();
  });

  it('profiles parse every name they accept to exactly REGISTER_TABLES, legacy names included', () => {
    const accepted = [...REGISTER_TABLES, ...Object.keys(legacyProfileTableNames)];
    const parsed = accepted.map((name) => parseProfile(profileWith(name)).registers.r!.table);
    expect(new Set(parsed)).toEqual(new Set(REGISTER_TABLES));
    expect(parseProfile(profileWith('holdingRegisters')).registers.r!.table).toBe('holding');
    expect(parseProfile(profileWith('inputRegisters')).registers.r!.table).toBe('input');
    expect(parseProfile(profileWith('discreteInputs')).registers.r!.table).toBe('discrete');
    expect(parseProfile(profileWith(undefined)).registers.r!.table).toBe('holding');
    for (const wrong of ['coil', 'holdingRegister', 'Holding']) {
      expect(() => parseProfile(profileWith(wrong))).toThrow(/registers\.r\.table/);
    }
  });

  it('a parsed profile stored as JSON parses again to itself', () => {
    const profile = parseProfile(profileWith('inputRegisters'));
    expect(parseProfile(JSON.parse(JSON.stringify(profile)))).toEqual(profile);
  });

  it('the simulator bank has exactly REGISTER_TABLES, sized and written by their names', () => {
    const bank = new MemoryRegisterBank(Object.fromEntries(REGISTER_TABLES.map((table) => [table, 1])));
    for (const table of REGISTER_TABLES) {
      expect(bank.read(table, 0, 1), table).toEqual([0]);
      expect(bank.read(table, 1, 1), table).toBeUndefined();
      expect(bank.write(table, 0, [1]), table).toBe(REGISTER_TABLE_FACTS[table].writable);
    }
  });

  it('the gateway CLI --table accepts exactly REGISTER_TABLES', async () => {
    const master = () => createMemoryMaster({ 1: { holding: [7], input: [8], coils: [1], discrete: [0] } });
    const read = async (table: string) => {
      const io = memoryIo();
      const deps = {
        io,
        openMaster: async () => master(),
        loadRuntime: async () => {
          throw new Error('not used');
        },
        signals: { on: () => undefined, off: () => undefined },
      };
      const args = ['read', '--tcp', '127.0.0.1:1502', '--unit', '1', '--address', '0', '--json'];
      const code = await runCli(['node', 'firecode-gateway', ...args, '--table', table], deps);
      return { code, io };
    };
    const expectedWords = { holding: [7], input: [8], coils: [1], discrete: [0] };
    for (const table of REGISTER_TABLES) {
      const { code, io } = await read(table);
      expect(code, io.err()).toBe(0);
      expect(JSON.parse(io.out())).toMatchObject({ table, words: expectedWords[table] });
    }
    const { code, io } = await read('coil');
    expect(code).toBe(2);
    expect(io.err()).toContain(`--table: "coil" is not one of ${REGISTER_TABLES.join(', ')}`);
  });

  it('no source outside @firecode/modbus lists the tables or spells them its own way', () => {
    const sources = readdirSync(join(root, 'packages'), { recursive: true, encoding: 'utf8' })
      .filter((path) => /^[^/]+\/src\/.*\.ts$/.test(path) && !path.endsWith('.test.ts'))
      .map((path) => `packages/${path}`);
    expect(sources.length).toBeGreaterThan(100);
    const name = `'(?:${REGISTER_TABLES.join('|')})'`;
    const list = new RegExp(`${name}\\s*[|,]\\s*${name}`);
    const longNames = new RegExp(`'(?:coil|${Object.keys(legacyProfileTableNames).join('|')})'`);
    const offenders: string[] = [];
    for (const path of sources) {
      const text = readFileSync(join(root, path), 'utf8');
      if (path !== 'packages/modbus/src/register-tables.ts' && list.test(text)) offenders.push(path);
      // The profile schema maps the long names, and is the only file that may.
      if (path !== 'packages/devices/src/profile/schema.ts' && longNames.test(text)) offenders.push(path);
    }
    expect(offenders).toEqual([]);
  });
});
