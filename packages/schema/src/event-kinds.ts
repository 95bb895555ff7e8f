/** The event kinds and which are alarms: plain data, no zod (part of `@firecode/schema/core`). */

/** What happened. Fire-panel and transmitter events all normalize to one of these. */
export const eventKinds = [
  'fire',
  'fault',
  'supervisory',
  'feedback',
  'started',
  'stopped',
  'shielded',
  'unshielded',
  'restored',
  'reset',
  'silenced',
  'main-power-fault',
  'backup-power-fault',
  'bus-fault',
  'power-fault',
  'offline',
  'online',
  'low-alarm',
  'high-alarm',
] as const;
/** One of {@link eventKinds}. */
export type EventKind = (typeof eventKinds)[number];

/**
 * Event kinds that are alarms: they overtake every backlog on the way to the monitoring centre
 * (GB 26875.1: a fire alarm must arrive within 10 s; faults of power, bus and link are signalled too).
 * Every other kind is a status change, sent at once but behind the alarms.
 */
export const alarmEventKinds: ReadonlySet<EventKind> = new Set<EventKind>([
  'fire',
  'fault',
  'supervisory',
  'low-alarm',
  'high-alarm',
  'main-power-fault',
  'backup-power-fault',
  'bus-fault',
  'power-fault',
  'offline',
]);

/** True when `kind` is one of {@link alarmEventKinds}. */
export function isAlarmEventKind(kind: EventKind): boolean {
  return alarmEventKinds.has(kind);
}
