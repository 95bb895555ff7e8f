import { type FireEvent, isAlarmEventKind } from '@firecode/schema';

/**
 * Which uplink class an event travels in. Every event leaves at once (GB 26875.1: a fire alarm or a
 * change of building-system status must reach the centre within 10 s); alarms and faults overtake
 * everything, other status changes follow them but still overtake routine data.
 */
export function laneOf(events: readonly FireEvent[]): 'alarm' | 'status' {
  return events.some((event) => isAlarmEventKind(event.kind)) ? 'alarm' : 'status';
}
