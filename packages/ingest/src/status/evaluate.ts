import { type Catalog, componentTypes, type FireEvent, findByCode } from '@firecode/schema';
import {
  FAULT_KINDS,
  type GatewayTrack,
  WATER_COMPONENT_TYPES,
  WATER_SYSTEM_TYPES,
} from './gateway-track.js';
import {
  colourRank,
  type StatusColour,
  type StatusRuleId,
  type StatusThresholds,
  statusRules,
} from './rule-set.js';

/** Why a building has its colour: one rule that fired, on what, with what value, since when. */
export interface StatusIndicator {
  rule: StatusRuleId;
  colour: StatusColour;
  /** One readable line, e.g. "Fire: smoke detector loop 1 addr 23 — 2F corridor". */
  summary: string;
  /** Epoch ms: when the condition began (first report, first low reading, last message, due date). */
  since: number;
  gatewayId?: string;
  component?: string;
  point?: string;
  loop?: number;
  address?: number;
  /** The value that drove the rule (a pressure, a share of devices offline). */
  value?: number;
  unit?: string;
  /** The threshold the value was held against. */
  threshold?: number;
}

/** A maintenance obligation of a building, from the platform's records (not from the wire). */
export interface MaintenanceItem {
  /** Stable id, e.g. `yearly-inspection-2026`. */
  id: string;
  description: string;
  /** Epoch ms by which it must be done. */
  dueAt: number;
  /** Epoch ms when it was done; a done item is never overdue. */
  doneAt?: number;
}

/** What the rules read of one building. */
export interface BuildingFacts {
  gateways: readonly GatewayTrack[];
  maintenance: readonly MaintenanceItem[];
}

const colourOf = new Map<StatusRuleId, StatusColour>(statusRules.map((rule) => [rule.id, rule.colour]));
const ruleOrder = new Map<StatusRuleId, number>(statusRules.map((rule, index) => [rule.id, index]));
const MINUTE_MS = 60_000;

/**
 * Every indicator of a building at `now`, worst first (then oldest first). Pure: the same facts, thresholds
 * and time give the same answer.
 */
export function evaluateBuilding(
  facts: BuildingFacts,
  thresholds: StatusThresholds,
  now: number,
): StatusIndicator[] {
  const indicators: StatusIndicator[] = [];
  const add = (rule: StatusRuleId, fields: Omit<StatusIndicator, 'rule' | 'colour'>) =>
    indicators.push({ rule, colour: colourOf.get(rule)!, ...fields });

  for (const gateway of facts.gateways) {
    for (const event of gateway.active.values()) {
      const rule = ruleForEvent(event, gateway.catalog);
      if (rule === undefined) continue;
      add(rule, eventFields(event, gateway, rule));
    }
    for (const pressure of gateway.pressure.values()) {
      if (pressure.belowSince === undefined || pressure.value === undefined) continue;
      const sustained = now - pressure.belowSince >= thresholds.lowPressureMinutes * MINUTE_MS;
      const name = pointLabel(gateway.catalog, pressure.point.id);
      add(sustained ? 'water-pressure-low' : 'water-pressure-dip', {
        summary: `${sustained ? 'Fire-water pressure low' : 'Fire-water pressure dipping'}: ${name} ${pressure.value.toFixed(1)} kPa, minimum ${pressure.minimumKpa} kPa`,
        since: pressure.belowSince,
        gatewayId: gateway.gatewayId,
        component: pressure.point.component,
        point: pressure.point.id,
        value: pressure.value,
        unit: 'kPa',
        threshold: pressure.minimumKpa,
      });
    }
    if (gateway.online !== false && gateway.lastMessageAt !== undefined) {
      const silentMs = now - gateway.lastMessageAt;
      if (silentMs >= thresholds.staleMinutes * MINUTE_MS) {
        add('stale-data', {
          summary: `No data: gateway ${gateway.gatewayId} silent for ${Math.floor(silentMs / MINUTE_MS)} min`,
          since: gateway.lastMessageAt,
          gatewayId: gateway.gatewayId,
          value: Math.floor(silentMs / MINUTE_MS),
          unit: 'min',
          threshold: thresholds.staleMinutes,
        });
      }
    }
  }
  addOffline(facts.gateways, thresholds, add);
  for (const item of facts.maintenance) {
    if (item.doneAt === undefined && now > item.dueAt) {
      add('maintenance-overdue', {
        summary: `Maintenance overdue: ${item.description} (due ${new Date(item.dueAt).toISOString().slice(0, 10)})`,
        since: item.dueAt,
      });
    }
  }
  return indicators.sort(
    (a, b) =>
      colourRank(b.colour) - colourRank(a.colour) ||
      ruleOrder.get(a.rule)! - ruleOrder.get(b.rule)! ||
      a.since - b.since,
  );
}

/** The worst colour among the indicators; green when there are none. */
export function colourOfIndicators(indicators: readonly StatusIndicator[]): StatusColour {
  let colour: StatusColour = 'green';
  for (const indicator of indicators) {
    if (colourRank(indicator.colour) > colourRank(colour)) colour = indicator.colour;
  }
  return colour;
}

function ruleForEvent(event: FireEvent, catalog: Catalog | undefined): StatusRuleId | undefined {
  if (event.kind === 'fire') return 'fire-alarm';
  if (event.kind === 'supervisory') return 'supervisory';
  if (event.kind === 'shielded') return 'shielded';
  if (event.kind === 'low-alarm' || event.kind === 'high-alarm') return 'threshold-alarm';
  if (FAULT_KINDS.has(event.kind)) {
    const component = catalog?.components.find((c) => c.id === event.component);
    const systemType = component?.systemType ?? event.systemType;
    const componentType = component?.componentType ?? event.componentType;
    return WATER_SYSTEM_TYPES.has(systemType) || WATER_COMPONENT_TYPES.has(componentType)
      ? 'water-system-fault'
      : 'fault';
  }
  return undefined; // offline is counted per building, not per event
}

const headings: Partial<Record<StatusRuleId, string>> = {
  'fire-alarm': 'Fire',
  'water-system-fault': 'Water system fault',
  fault: 'Fault',
  supervisory: 'Supervisory',
  shielded: 'Shielded',
  'threshold-alarm': 'Threshold alarm',
};

function eventFields(
  event: FireEvent,
  gateway: GatewayTrack,
  rule: StatusRuleId,
): Omit<StatusIndicator, 'rule' | 'colour'> {
  const component = gateway.catalog?.components.find((c) => c.id === event.component);
  const kind = findByCode(componentTypes, event.componentType)?.en.toLowerCase() ?? 'component';
  const where =
    event.loop !== undefined && event.address !== undefined
      ? `${kind} loop ${event.loop} addr ${event.address}`
      : `${component?.name ?? event.component}${component?.location?.text ? ` (${component.location.text})` : ''}`;
  const what = event.kind === 'low-alarm' || event.kind === 'high-alarm' ? `${event.kind} ` : '';
  const detail = event.description ? ` — ${event.description}` : '';
  const point = event.point ? ` ${pointLabel(gateway.catalog, event.point)}` : '';
  return {
    summary: `${headings[rule] ?? rule}: ${what}${where}${point}${detail}`,
    since: event.time,
    gatewayId: gateway.gatewayId,
    component: event.component,
    ...(event.point === undefined ? {} : { point: event.point }),
    ...(event.loop === undefined ? {} : { loop: event.loop }),
    ...(event.address === undefined ? {} : { address: event.address }),
  };
}

function pointLabel(catalog: Catalog | undefined, pointId: string): string {
  const point = catalog?.points.find((p) => p.id === pointId);
  const component = point && catalog?.components.find((c) => c.id === point.component);
  const where = component?.location?.text ?? component?.name;
  return where ? `${pointId} (${where})` : pointId;
}

/**
 * Devices offline: every component of an offline gateway, plus components with an active `offline`
 * event. One indicator per building: orange from the configured share, yellow below it.
 */
function addOffline(
  gateways: readonly GatewayTrack[],
  thresholds: StatusThresholds,
  add: (rule: StatusRuleId, fields: Omit<StatusIndicator, 'rule' | 'colour'>) => void,
): void {
  let total = 0;
  let offline = 0;
  let since = Number.POSITIVE_INFINITY;
  const reasons: string[] = [];
  for (const gateway of gateways) {
    const components = gateway.catalog?.components ?? [];
    total += components.length;
    if (gateway.online === false) {
      offline += components.length;
      since = Math.min(since, gateway.stateSince ?? since);
      reasons.push(`gateway ${gateway.gatewayId} offline`);
      continue;
    }
    const down = new Map<string, number>();
    for (const event of gateway.active.values()) {
      if (event.kind !== 'offline') continue;
      down.set(event.component, Math.min(down.get(event.component) ?? event.time, event.time));
    }
    for (const [component, time] of down) {
      if (!components.some((c) => c.id === component)) continue;
      offline += 1;
      since = Math.min(since, time);
      reasons.push(component);
    }
  }
  if (offline === 0 || total === 0) return;
  const share = offline / total;
  const shown = reasons.length > 3 ? `${reasons.slice(0, 3).join(', ')}, …` : reasons.join(', ');
  add(share >= thresholds.offlineShare ? 'devices-offline' : 'device-offline', {
    summary: `Devices offline: ${offline} of ${total} (${Math.round(share * 100)} %): ${shown}`,
    since: Number.isFinite(since) ? since : 0,
    value: share,
    threshold: thresholds.offlineShare,
  });
}
