import {
  componentStatusBits,
  type EventKind,
  type systemOperationFlags,
  systemStatusBits,
  type transmissionOperationFlags,
} from '@firecode/schema';

/**
 * How schema event kinds become GB/T 26875.3 status bits. The bits and the kinds they mean come from
 * the schema's status-bit tables (each bit's `event`): one source of truth. This file adds only what
 * those tables cannot say, in {@link eventRules}: kinds that clear a bit (`stopped`, `unshielded`,
 * `online`, `restored`) and kinds without a bit of their own (`offline`, `low-alarm`, `high-alarm`).
 */

/** A condition a component can be in; its status word is derived from the set of them. */
export type Condition =
  | 'fire'
  | 'fault'
  | 'offline'
  | 'shielded'
  | 'supervisory'
  | 'low-alarm'
  | 'high-alarm'
  | 'started'
  | 'feedback'
  | 'power-fault';

/** Conditions of a whole building fire system (its controller), in the system status word only. */
export type SystemCondition = 'main-power-fault' | 'backup-power-fault' | 'bus-fault';

/** What an event of one kind does. */
export type EventRule =
  /** `active` sets the condition, inactive clears it. */
  | { readonly effect: 'condition'; readonly condition: Condition; readonly inverse?: boolean }
  /** The same for a system-wide condition. */
  | { readonly effect: 'system'; readonly condition: SystemCondition }
  /** An active event clears these conditions; an inactive one does nothing. */
  | { readonly effect: 'clear'; readonly conditions: readonly Condition[] }
  /** An operator action at the panel: an operation-information unit (type 4) with this flag. */
  | { readonly effect: 'operation'; readonly flag: 'reset' | 'silence' };

/** Conditions that a reset clears on every component of the system (faults and shields persist). */
export const CLEARED_BY_RESET: readonly Condition[] = Object.freeze([
  'fire',
  'supervisory',
  'low-alarm',
  'high-alarm',
  'started',
  'feedback',
]);

/**
 * Every event kind's rule, in one table (documented in docs/gb26875.md, "From the schema"). A test
 * checks it covers every `eventKinds` entry and agrees with the schema's bit tables.
 */
export const eventRules: Readonly<Record<EventKind, EventRule>> = Object.freeze({
  fire: { effect: 'condition', condition: 'fire' },
  fault: { effect: 'condition', condition: 'fault' },
  supervisory: { effect: 'condition', condition: 'supervisory' },
  feedback: { effect: 'condition', condition: 'feedback' },
  started: { effect: 'condition', condition: 'started' },
  stopped: { effect: 'condition', condition: 'started', inverse: true },
  shielded: { effect: 'condition', condition: 'shielded' },
  unshielded: { effect: 'condition', condition: 'shielded', inverse: true },
  'power-fault': { effect: 'condition', condition: 'power-fault' },
  // No bit of their own: a device that stops answering is in fault; a measured value past a
  // threshold (low hydrant pressure, residual current over its setting) is a supervisory signal
  // (监管), not a fire alarm, so the centre does not dispatch on it.
  offline: { effect: 'condition', condition: 'offline' },
  online: { effect: 'condition', condition: 'offline', inverse: true },
  'low-alarm': { effect: 'condition', condition: 'low-alarm' },
  'high-alarm': { effect: 'condition', condition: 'high-alarm' },
  restored: {
    effect: 'clear',
    conditions: ['fire', 'fault', 'supervisory', 'low-alarm', 'high-alarm', 'power-fault'],
  },
  'main-power-fault': { effect: 'system', condition: 'main-power-fault' },
  'backup-power-fault': { effect: 'system', condition: 'backup-power-fault' },
  'bus-fault': { effect: 'system', condition: 'bus-fault' },
  reset: { effect: 'operation', flag: 'reset' },
  silenced: { effect: 'operation', flag: 'silence' },
});

/** The event kind each condition's bit stands for in the schema's tables. */
const conditionEvent: Readonly<Record<Condition, EventKind>> = {
  fire: 'fire',
  fault: 'fault',
  offline: 'fault',
  shielded: 'shielded',
  supervisory: 'supervisory',
  'low-alarm': 'supervisory',
  'high-alarm': 'supervisory',
  started: 'started',
  feedback: 'feedback',
  'power-fault': 'power-fault',
};

function bitOf(table: readonly { code: number; event?: EventKind }[], kind: EventKind): number {
  const entry = table.find((bit) => bit.event === kind);
  if (entry === undefined) throw new Error(`schema status table has no bit for ${kind}`);
  return entry.code;
}

const componentBit = (condition: Condition) => bitOf(componentStatusBits, conditionEvent[condition]);
const systemBitOfCondition = (condition: Condition) => {
  // The system word summarises its components; power faults of single components are not a system
  // bit (the system's own power has main/backup bits).
  if (condition === 'power-fault') return undefined;
  return bitOf(systemStatusBits, conditionEvent[condition]);
};

/** Bit 0: normal operation (1) / test (0). A gateway in service always sets it. */
export const NORMAL_BIT = 1 << 0;
/** System status bit 13: reset (sent once, with the reset). */
export const SYSTEM_RESET_BIT = 1 << bitOf(systemStatusBits, 'reset');

/** A component's status word for a set of conditions. */
export function componentWord(conditions: ReadonlySet<Condition>): number {
  let word = NORMAL_BIT;
  for (const condition of conditions) word |= 1 << componentBit(condition);
  return word;
}

/** A system's status word from its components' conditions and its own. */
export function systemWord(
  components: Iterable<ReadonlySet<Condition>>,
  own: ReadonlySet<SystemCondition>,
): number {
  let word = NORMAL_BIT;
  for (const conditions of components) {
    for (const condition of conditions) {
      const bit = systemBitOfCondition(condition);
      if (bit !== undefined) word |= 1 << bit;
    }
  }
  for (const condition of own) word |= 1 << bitOf(systemStatusBits, condition);
  return word;
}

/** Operator actions at a building fire system (panel): the flags of operation-information unit 4. */
export type SystemAction = (typeof systemOperationFlags)[number]['key'];
/** Operator actions at the transmission device (gateway): the flags of unit 24 (check-in answered). */
export type TransmissionAction = (typeof transmissionOperationFlags)[number]['key'];

/** The operation byte for one action, from the schema's operation-flag tables. */
export function operationByte(
  table: readonly { code: number; key: string }[],
  action: string,
): number | undefined {
  const entry = table.find((flag) => flag.key === action);
  return entry === undefined ? undefined : 1 << entry.code;
}
