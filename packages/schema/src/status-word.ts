import type { EventKind } from './event.js';
import { schemaError } from './schema-errors.js';
import {
  type BitTable,
  type componentStatusBits,
  componentStatusTable,
  type systemOperationFlags,
  systemOperationTable,
  type systemStatusBits,
  systemStatusTable,
  type transmissionOperationFlags,
  transmissionOperationTable,
  type transmissionStatusBits,
  transmissionStatusTable,
} from './tables/status-bits.js';

/**
 * A status word decoded to one boolean per named bit, plus `reserved`: the reserved bits exactly as
 * received (still in their positions, e.g. 0x4000 for bit 14), so decoding loses nothing.
 */
export type StatusFlags<Key extends string> = { [K in Key]: boolean } & {
  /** The reserved bits as received, in place (0 when none is set). */
  reserved: number;
};

/** What encoding and decoding need from a table, computed once per table (they run per panel frame). */
interface TableLayout {
  readonly reserved: number;
  readonly keys: ReadonlySet<string>;
}
const layouts = new WeakMap<BitTable, TableLayout>();

function layoutOf(table: BitTable): TableLayout {
  let layout = layouts.get(table);
  if (layout === undefined) {
    const named = table.entries.reduce((mask, entry) => mask | (1 << entry.code), 0);
    layout = {
      reserved: ((1 << table.width) - 1) & ~named,
      keys: new Set([...table.entries.map((entry) => entry.key), 'reserved']),
    };
    layouts.set(table, layout);
  }
  return layout;
}

/** Mask of the bits a table reserves (not named), in its word width. */
export function reservedMask(table: BitTable): number {
  return layoutOf(table).reserved;
}

/** Decodes a status word or operation byte into flags. Throws if `word` does not fit the table's width. */
export function decodeStatusWord<Key extends string>(table: BitTable<Key>, word: number): StatusFlags<Key> {
  const limit = 2 ** table.width - 1;
  if (!Number.isInteger(word) || word < 0 || word > limit) {
    throw schemaError(
      'SCHEMA_STATUS_OUT_OF_RANGE',
      `${table.title}: ${word} is not a ${table.width}-bit word (0..${limit}); read it as an unsigned ${table.width}-bit little-endian value`,
      { table: table.id, word },
    );
  }
  const flags: Record<string, boolean | number> = {};
  for (const entry of table.entries) flags[entry.key] = (word & (1 << entry.code)) !== 0;
  flags['reserved'] = word & reservedMask(table);
  return flags as StatusFlags<Key>;
}

/**
 * Encodes flags back to the word. Missing flags count as clear and a missing `reserved` as 0, so
 * `encodeStatusWord(table, { normal: true, fireAlarm: true })` works; for any decoded word `w`,
 * `encodeStatusWord(table, decodeStatusWord(table, w)) === w`.
 */
export function encodeStatusWord<Key extends string>(
  table: BitTable<Key>,
  flags: Partial<StatusFlags<Key>>,
): number {
  const given = flags as Record<string, unknown>;
  let word = 0;
  for (const entry of table.entries) {
    const value = given[entry.key];
    if (value === undefined || value === false) continue;
    if (value !== true) {
      throw schemaError(
        'SCHEMA_STATUS_OUT_OF_RANGE',
        `${table.title}: flag "${entry.key}" must be true or false, got ${JSON.stringify(value)}`,
        { table: table.id, flag: entry.key },
      );
    }
    word |= 1 << entry.code;
  }
  const reserved = given['reserved'] ?? 0;
  const mask = reservedMask(table);
  if (
    typeof reserved !== 'number' ||
    !Number.isInteger(reserved) ||
    (reserved & ~mask) !== 0 ||
    reserved < 0
  ) {
    throw schemaError(
      'SCHEMA_STATUS_OUT_OF_RANGE',
      `${table.title}: reserved must hold only the reserved bits (mask 0x${mask.toString(16)}), got ${JSON.stringify(reserved)}`,
      { table: table.id, reserved },
    );
  }
  const { keys } = layoutOf(table);
  for (const key in given) {
    if (!keys.has(key)) {
      throw schemaError(
        'SCHEMA_STATUS_OUT_OF_RANGE',
        `${table.title}: unknown flag "${key}"; known flags are ${table.entries.map((entry) => entry.key).join(', ')}`,
        { table: table.id, flag: key },
      );
    }
  }
  return word | reserved;
}

/** One bit that differs between two decoded words. */
export interface StatusChange<Key extends string = string> {
  /** The flag's property name, e.g. `fireAlarm`. */
  key: Key;
  /** Bit number. */
  bit: number;
  /** The new state of the bit. */
  active: boolean;
  /** The event kind this bit maps to, if any (see the table's `event`). */
  event?: EventKind;
}

/**
 * The named bits that changed from `previous` to `next` words, lowest bit first: what a panel driver
 * turns into events. Reserved bits are not reported.
 */
export function statusChanges<Key extends string>(
  table: BitTable<Key>,
  previous: number,
  next: number,
): StatusChange<Key>[] {
  const before = decodeStatusWord(table, previous);
  const after = decodeStatusWord(table, next);
  const changes: StatusChange<Key>[] = [];
  for (const entry of table.entries) {
    const active = after[entry.key];
    if (before[entry.key] === active) continue;
    changes.push(
      entry.event === undefined
        ? { key: entry.key, bit: entry.code, active }
        : { key: entry.key, bit: entry.code, active, event: entry.event },
    );
  }
  return changes;
}

/** A decoded building fire system status word. */
export type SystemStatus = StatusFlags<(typeof systemStatusBits)[number]['key']>;
/** A decoded component status word. */
export type ComponentStatus = StatusFlags<(typeof componentStatusBits)[number]['key']>;
/** A decoded transmission device run status byte. */
export type TransmissionStatus = StatusFlags<(typeof transmissionStatusBits)[number]['key']>;
/** Decoded building fire system operation flags. */
export type SystemOperation = StatusFlags<(typeof systemOperationFlags)[number]['key']>;
/** Decoded transmission device operation flags. */
export type TransmissionOperation = StatusFlags<(typeof transmissionOperationFlags)[number]['key']>;

/** Decodes a building fire system status word (GB/T 26875.3 data unit type 1). */
export function decodeSystemStatus(word: number): SystemStatus {
  return decodeStatusWord(systemStatusTable, word);
}
/** Encodes a building fire system status word. */
export function encodeSystemStatus(flags: Partial<SystemStatus>): number {
  return encodeStatusWord(systemStatusTable, flags);
}
/** Decodes a component status word (GB/T 26875.3 data unit type 2). */
export function decodeComponentStatus(word: number): ComponentStatus {
  return decodeStatusWord(componentStatusTable, word);
}
/** Encodes a component status word. */
export function encodeComponentStatus(flags: Partial<ComponentStatus>): number {
  return encodeStatusWord(componentStatusTable, flags);
}
/** Decodes the transmission device's run status byte (GB/T 26875.3 data unit type 21). */
export function decodeTransmissionStatus(byte: number): TransmissionStatus {
  return decodeStatusWord(transmissionStatusTable, byte);
}
/** Encodes the transmission device's run status byte. */
export function encodeTransmissionStatus(flags: Partial<TransmissionStatus>): number {
  return encodeStatusWord(transmissionStatusTable, flags);
}
/** Decodes building fire system operation flags (GB/T 26875.3 data unit type 4). */
export function decodeSystemOperation(byte: number): SystemOperation {
  return decodeStatusWord(systemOperationTable, byte);
}
/** Encodes building fire system operation flags. */
export function encodeSystemOperation(flags: Partial<SystemOperation>): number {
  return encodeStatusWord(systemOperationTable, flags);
}
/** Decodes transmission device operation flags (GB/T 26875.3 data unit type 24). */
export function decodeTransmissionOperation(byte: number): TransmissionOperation {
  return decodeStatusWord(transmissionOperationTable, byte);
}
/** Encodes transmission device operation flags. */
export function encodeTransmissionOperation(flags: Partial<TransmissionOperation>): number {
  return encodeStatusWord(transmissionOperationTable, flags);
}
