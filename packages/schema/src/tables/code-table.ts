import { schemaError } from '../schema-errors.js';

/** One row of a GB/T 26875.3 code table, with a stable machine name and both labels. */
export interface CodeEntry {
  /** The code as sent on the wire. */
  readonly code: number;
  /** Stable kebab-case name for configs and logs, e.g. `fire-alarm-system`. */
  readonly name: string;
  /** English label. */
  readonly en: string;
  /** Chinese label as printed in the standard. */
  readonly zh: string;
}

/** A code table and where its content comes from. */
export interface CodeTable<Entry extends CodeEntry = CodeEntry> {
  /** Machine name of the table, e.g. `systemTypes`. */
  readonly id: string;
  /** Title for humans. */
  readonly title: string;
  /** Where the codes come from (standard, table number). */
  readonly source: string;
  /** The rows, in code order. */
  readonly entries: readonly Entry[];
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

/** The entry with `code`, or undefined when the table has none. */
export function findByCode<Entry extends CodeEntry>(
  entries: readonly Entry[],
  code: number,
): Entry | undefined {
  return entries.find((entry) => entry.code === code);
}

/**
 * The entry whose machine name, English label (case-insensitive) or Chinese label is `name`,
 * or undefined.
 */
export function findByName<Entry extends CodeEntry>(
  entries: readonly Entry[],
  name: string,
): Entry | undefined {
  const wanted = normalizeName(name);
  return entries.find(
    (entry) => entry.name === wanted || normalizeName(entry.en) === wanted || entry.zh === name.trim(),
  );
}

/** Like {@link findByCode} but throws `SCHEMA_UNKNOWN_CODE` naming the table when the code is missing. */
export function codeEntry<Entry extends CodeEntry>(table: CodeTable<Entry>, code: number): Entry {
  const entry = findByCode(table.entries, code);
  if (entry === undefined) {
    throw schemaError(
      'SCHEMA_UNKNOWN_CODE',
      `${table.title}: no code ${code} (${table.source}); known codes are ${table.entries
        .map((known) => known.code)
        .join(', ')}`,
      { table: table.id, code },
    );
  }
  return entry;
}
