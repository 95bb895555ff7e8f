/**
 * How events end, in one place for everything the ingest keeps: the stored events' lifecycle (the
 * `events` table, `/api/events?active=true`) and the building status. An event clears a standing one
 * of the same key (kind, component, point, loop, address) by coming with `active: false`; some kinds
 * clear others instead and are themselves instants, stored already cleared:
 *
 * | kind | clears | where |
 * |---|---|---|
 * | `reset` | fire, supervisory, feedback, low/high alarms, faults | the same system (system type 0: every system) |
 * | `restored` | faults | the same source (component, and loop/address when given) |
 * | `online` | `offline` | the same component, point, loop and address |
 * | `unshielded` | `shielded` | the same component, point, loop and address |
 * | `silenced` | nothing (an operator action) | — |
 */
import type { EventKind, FireEvent } from '@firecode/schema';

/** Event kinds that are faults (a component or its supply does not work). */
export const FAULT_KINDS: ReadonlySet<EventKind> = new Set<EventKind>([
  'fault',
  'power-fault',
  'bus-fault',
  'main-power-fault',
  'backup-power-fault',
]);

/** Kinds a panel's reset clears (the panel re-reports whatever is still present). */
export const RESET_CLEARS: ReadonlySet<EventKind> = new Set<EventKind>([
  'fire',
  'supervisory',
  'feedback',
  'low-alarm',
  'high-alarm',
  ...FAULT_KINDS,
]);

/** What an event of a clearing kind ends, and how far its reach goes. */
export interface ClearingRule {
  clears: ReadonlySet<EventKind>;
  scope: 'same-system' | 'same-source' | 'same-key';
}

export const CLEARING_RULES: Readonly<Partial<Record<EventKind, ClearingRule>>> = {
  reset: { clears: RESET_CLEARS, scope: 'same-system' },
  restored: { clears: FAULT_KINDS, scope: 'same-source' },
  online: { clears: new Set<EventKind>(['offline']), scope: 'same-key' },
  unshielded: { clears: new Set<EventKind>(['shielded']), scope: 'same-key' },
};

/** Kinds that happen at an instant: never standing, stored already cleared. */
export const INSTANT_KINDS: ReadonlySet<EventKind> = new Set<EventKind>([
  'silenced',
  ...(Object.keys(CLEARING_RULES) as EventKind[]),
]);

/** Whether an active `clearing` event (a kind of {@link CLEARING_RULES}) ends the standing `event`. */
export function clears(clearing: FireEvent, event: FireEvent): boolean {
  const rule = CLEARING_RULES[clearing.kind];
  if (rule === undefined || !clearing.active || !rule.clears.has(event.kind)) return false;
  switch (rule.scope) {
    case 'same-system':
      // A reset of system type 0 (general, e.g. the transmission device) resets every system.
      return clearing.systemType === 0 || event.systemType === clearing.systemType;
    case 'same-source':
      return (
        event.component === clearing.component &&
        (clearing.loop === undefined || event.loop === clearing.loop) &&
        (clearing.address === undefined || event.address === clearing.address)
      );
    case 'same-key':
      return (
        event.component === clearing.component &&
        event.point === clearing.point &&
        event.loop === clearing.loop &&
        event.address === clearing.address
      );
  }
}
