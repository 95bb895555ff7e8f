/*
 * The one vocabulary of Modbus data tables for every Firecode package (planner, device profiles,
 * simulator, gateway CLI). Other spellings exist only at user-facing edges that predate it (profile
 * files say `holdingRegisters`); each such edge maps to these names in exactly one place.
 */

/** The four Modbus data tables, in the order the read planner visits them. */
export const REGISTER_TABLES = ['holding', 'input', 'coils', 'discrete'] as const;

/** One of {@link REGISTER_TABLES}. */
export type RegisterTable = (typeof REGISTER_TABLES)[number];

/** What the Modbus Application Protocol (V1.1b3, 4.3 and 6.1-6.4) fixes about one data table. */
export interface RegisterTableFacts {
  /** Function code that reads the table: 1 coils, 2 discrete inputs, 3 holding, 4 input registers. */
  readonly readFunction: 1 | 2 | 3 | 4;
  /** `'bit'` tables hold 0/1 (8 per reply byte); `'word'` tables hold 16-bit registers (2 bytes each). */
  readonly unit: 'bit' | 'word';
  /** Whether a master may write the table (coils: FC05/15, holding registers: FC06/16). */
  readonly writable: boolean;
  /** Human name with the classic reference prefix, for messages and help texts. */
  readonly name: string;
}

/** The facts of each table. */
export const REGISTER_TABLE_FACTS = {
  holding: { readFunction: 3, unit: 'word', writable: true, name: 'holding registers (4x)' },
  input: { readFunction: 4, unit: 'word', writable: false, name: 'input registers (3x)' },
  coils: { readFunction: 1, unit: 'bit', writable: true, name: 'coils (0x)' },
  discrete: { readFunction: 2, unit: 'bit', writable: false, name: 'discrete inputs (1x)' },
} as const satisfies { readonly [T in RegisterTable]: RegisterTableFacts };

/** The tables of 16-bit registers (`'holding'`, `'input'`), derived from {@link REGISTER_TABLE_FACTS}. */
export type WordTable = {
  [T in RegisterTable]: (typeof REGISTER_TABLE_FACTS)[T]['unit'] extends 'word' ? T : never;
}[RegisterTable];

/** The tables of bits (`'coils'`, `'discrete'`), derived from {@link REGISTER_TABLE_FACTS}. */
export type BitTable = Exclude<RegisterTable, WordTable>;

/** True for `'coils'` and `'discrete'`, whose values are bits rather than 16-bit registers. */
export function isBitTable(table: RegisterTable): table is BitTable {
  return REGISTER_TABLE_FACTS[table].unit === 'bit';
}

/** True when `value` is one of {@link REGISTER_TABLES} (for input from files and command lines). */
export function isRegisterTable(value: unknown): value is RegisterTable {
  return (REGISTER_TABLES as readonly unknown[]).includes(value);
}

/** The table a read function code (1-4) reads, or `undefined` for any other code. */
export function registerTableOfReadFunction(functionCode: number): RegisterTable | undefined {
  return REGISTER_TABLES.find((table) => REGISTER_TABLE_FACTS[table].readFunction === functionCode);
}
