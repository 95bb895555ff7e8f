import { describe, expect, it } from 'vitest';
import { analogTypes, userAnalogTypes } from './analog-types.js';
import { codeEntry, findByCode, findByName } from './code-table.js';
import { componentTypes } from './component-types.js';
import { codeTables } from './registry.js';
import {
  componentStatusBits,
  type StatusBit,
  systemOperationFlags,
  systemStatusBits,
  transmissionOperationFlags,
  transmissionStatusBits,
} from './status-bits.js';
import { systemTypes } from './system-types.js';

/** Expected codes, copied by hand from shared/domain/gb26875-3.md (the brief's source of truth). */
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const expectedSystemTypes = [0, 1, ...range(10, 24)];
const expectedComponentTypes = [
  0,
  1,
  ...range(10, 13),
  16,
  17,
  18,
  21,
  22,
  23,
  24,
  25,
  ...range(30, 37),
  ...range(40, 44),
  ...range(50, 53),
  61,
  62,
  69,
  74,
  78,
  79,
  81,
  82,
  83,
  ...range(84, 88),
  91,
  92,
  95,
  96,
  97,
  98,
  99,
  ...range(101, 106),
  111,
  ...range(113, 118),
  121,
];

describe('GB/T 26875.3 code tables', () => {
  it.each(expectedSystemTypes)('system type %i reads back by code', (code) => {
    const entry = findByCode(systemTypes, code);
    expect(entry?.code).toBe(code);
    expect(entry?.en).not.toBe('');
    expect(entry?.zh).not.toBe('');
  });

  it('holds exactly the system types of table 4', () => {
    expect(systemTypes.map((entry) => entry.code)).toEqual(expectedSystemTypes);
  });

  it('labels system type 23 as the fire power supply (one public implementation says elevator)', () => {
    expect(findByCode(systemTypes, 23)).toMatchObject({ en: 'Fire power supply', zh: '消防电源' });
    expect(findByCode(systemTypes, 20)).toMatchObject({ zh: '消防电梯' });
  });

  it.each(expectedComponentTypes)('component type %i reads back by code', (code) => {
    const entry = findByCode(componentTypes, code);
    expect(entry?.code).toBe(code);
    expect(entry?.en).not.toBe('');
    expect(entry?.zh).not.toBe('');
  });

  it('holds exactly the component types of table 5', () => {
    expect(componentTypes.map((entry) => entry.code)).toEqual(expectedComponentTypes);
  });

  const expectedAnalog: [number, string, string][] = [
    [1, 'count', '1'],
    [2, 'level', '0.01 m'],
    [3, 'temperature', '0.1 °C'],
    [4, 'pressure', '0.1 MPa'],
    [5, 'pressure', '0.1 kPa'],
    [6, 'gas-concentration', '0.1 %LEL'],
    [7, 'duration', '1 s'],
    [8, 'voltage', '0.1 V'],
    [9, 'line-current', '0.1 A'],
    [10, 'flow', '0.1 L/s'],
    [11, 'air-volume', '0.1 m³/min'],
    [12, 'air-speed', '1 m/s'],
  ];
  it.each(expectedAnalog)('analog type %i reads back by code as %s in %s', (code, kind, resolution) => {
    const entry = findByCode(analogTypes, code);
    expect(entry).toMatchObject({ code, kind, resolution, standard: true });
    expect(entry?.zh).not.toBe('');
  });

  it('keeps user-defined analog types in the user range', () => {
    for (const entry of userAnalogTypes) {
      expect(entry.code).toBeGreaterThanOrEqual(128);
      expect(entry.standard).toBe(false);
    }
  });

  const bitTables = [
    ['system status', systemStatusBits, range(0, 13)],
    ['component status', componentStatusBits, range(0, 8)],
    ['transmission status', transmissionStatusBits, range(0, 6)],
    ['system operation', systemOperationFlags, range(0, 6)],
    ['transmission operation', transmissionOperationFlags, range(0, 6)],
  ] as const;
  it.each(bitTables)('%s bits are all present and read back by bit number', (_, table, expected) => {
    const bits: readonly StatusBit[] = table;
    for (const code of expected) expect(findByCode(bits, code)?.code).toBe(code);
    expect(bits.map((entry) => entry.code)).toEqual(expected);
  });

  it('names the bits as the standard does', () => {
    expect(findByCode(systemStatusBits, 10)).toMatchObject({ key: 'busFault', zh: '总线故障' });
    expect(findByCode(componentStatusBits, 8)).toMatchObject({ key: 'powerFault' });
    expect(findByCode(transmissionStatusBits, 5)).toMatchObject({ key: 'centreLinkFault' });
    expect(findByCode(systemOperationFlags, 5)).toMatchObject({ key: 'confirm' });
    expect(findByCode(transmissionOperationFlags, 5)).toMatchObject({ key: 'checkInAnswered' });
  });

  it('finds entries by machine name, English label (any case) and Chinese label', () => {
    expect(findByName(systemTypes, 'hydrant-system')?.code).toBe(11);
    expect(findByName(systemTypes, 'FIRE HYDRANT SYSTEM')?.code).toBe(11);
    expect(findByName(componentTypes, '消防水泵')?.code).toBe(91);
    expect(findByName(componentTypes, 'no such thing')).toBeUndefined();
  });

  it.each(codeTables)('table $id has a source, unique codes and unique names', (table) => {
    expect(table.source).toMatch(/\S/);
    const codes = table.entries.map((entry) => entry.code);
    const names = table.entries.map((entry) => entry.name);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of table.entries) {
      expect(entry.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Number.isInteger(entry.code)).toBe(true);
    }
  });

  it('codeEntry throws SCHEMA_UNKNOWN_CODE naming the table for a missing code', () => {
    const table = codeTables[0]!;
    expect(() => codeEntry(table, 99)).toThrow(expect.objectContaining({ code: 'SCHEMA_UNKNOWN_CODE' }));
    expect(() => codeEntry(table, 99)).toThrow(/System types: no code 99/);
  });
});
