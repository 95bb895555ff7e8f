import { type DeviceProfile, panelRegisterOf, type ReadRequest, registerCountOf } from '@firecode/devices';
import type { RegisterTable, RequestPriority, WantedRange } from '@firecode/modbus';

interface Span {
  table: RegisterTable;
  first: number;
  last: number;
}

/** The register spans that carry a profile's events: event registers and the panel point block. */
function eventSpans(profile: DeviceProfile): Span[] {
  const spans: Span[] = [];
  for (const event of profile.events) {
    const spec = profile.registers[event.register];
    if (!spec) continue;
    spans.push({
      table: spec.table,
      first: spec.address,
      last: spec.address + registerCountOf(spec.type) - 1,
    });
  }
  const panel = profile.panel;
  if (panel) {
    spans.push({
      table: panel.table,
      first: panelRegisterOf(panel, panel.loops.min, panel.addresses.min),
      last: panelRegisterOf(panel, panel.loops.max, panel.addresses.max),
    });
  }
  return spans;
}

/**
 * The bus priority of each read of a device: reads that carry events (fire, fault, supervision,
 * panel points) go `'high'` so that on a busy line they overtake the routine analog polls of every
 * other device — a fire alarm must not wait behind a hundred pressure readings.
 */
export function readPriorityOf(profile: DeviceProfile): (read: ReadRequest) => RequestPriority {
  const spans = eventSpans(profile);
  return (read) => {
    const last = read.address + read.count - 1;
    const carriesEvents = spans.some(
      (span) => span.table === read.table && read.address <= span.last && last >= span.first,
    );
    return carriesEvents ? 'high' : 'normal';
  };
}

/** A read plan with its priorities, event reads first so a poll learns of an alarm at its very start. */
export function prioritisedPlan(
  plan: readonly ReadRequest[],
  priorityOf: (read: ReadRequest) => RequestPriority,
): { read: ReadRequest; priority: RequestPriority }[] {
  const rank: Record<RequestPriority, number> = { high: 0, normal: 1, low: 2 };
  return plan
    .map((read) => ({ read, priority: priorityOf(read) }))
    .sort((a, b) => rank[a.priority] - rank[b.priority]);
}

/** The reads of one priority: what the profile asks for, and the same as the Modbus planner's input. */
export interface PriorityGroup {
  priority: RequestPriority;
  reads: ReadRequest[];
  wanted: WantedRange[];
}

/**
 * A device's reads grouped by bus priority, highest first. Each group is planned on its own, so the
 * read planner never merges an alarm read into a routine one (the runtime's pollers and `check` agree).
 */
export function priorityGroups(profile: DeviceProfile, plan: readonly ReadRequest[]): PriorityGroup[] {
  const prioritised = prioritisedPlan(plan, readPriorityOf(profile));
  return (['high', 'normal', 'low'] as const).flatMap((priority) => {
    const reads = prioritised.filter((entry) => entry.priority === priority).map((entry) => entry.read);
    if (reads.length === 0) return [];
    return [{ priority, reads, wanted: reads.map((read) => ({ ...read })) }];
  });
}
