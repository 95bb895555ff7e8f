import { type StatusColour, statusColours } from '../status/rule-set.js';
import type { BuildingStatus, GatewayLiveness } from '../status/status-engine.js';

/**
 * A worker's counters as its `metrics()` returns them: flat numbers (`received`, `batchesStored`, …)
 * and per-key groups (`rejected: { forged: 1, replayed: 2 }`). Any object: fields that are neither
 * numbers nor groups of numbers are left out.
 */
export type MetricsSnapshot = object;

/** What `/metrics` renders. */
export interface MetricsInput {
  worker: MetricsSnapshot | undefined;
  buildings: readonly BuildingStatus[];
  gateways: readonly GatewayLiveness[];
  sseClients: number;
  requests: number;
}

/** `storedBatches` → `stored_batches`. */
function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^a-zA-Z0-9_]/g, '_')
    .toLowerCase();
}

function isCount(value: unknown): value is number | bigint {
  return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint';
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/**
 * Prometheus text exposition (version 0.0.4): the worker's counters as `firecode_ingest_<name>`
 * (groups with a `key` label), buildings per status colour, indicators per rule, gateways online.
 */
export function renderMetrics(input: MetricsInput): string {
  const lines: string[] = [];
  const family = (name: string, type: 'gauge' | 'counter' | 'untyped', help: string) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  };
  for (const [key, value] of Object.entries(input.worker ?? {}) as [string, unknown][]) {
    const name = `firecode_ingest_${snake(key)}`;
    const samples: string[] = [];
    if (isCount(value)) {
      samples.push(`${name} ${String(value)}`);
    } else if (typeof value === 'object' && value !== null) {
      for (const [label, count] of Object.entries(value) as [string, unknown][]) {
        if (isCount(count)) samples.push(`${name}{key="${escapeLabel(label)}"} ${String(count)}`);
      }
    }
    if (samples.length === 0) continue;
    // The worker's snapshot says nothing of counter or gauge: untyped is the honest type.
    family(name, 'untyped', `ingest worker metrics().${key}`);
    lines.push(...samples);
  }

  family('firecode_buildings', 'gauge', 'Buildings per status colour (docs/building-status.md)');
  const perColour = new Map<StatusColour, number>(statusColours.map((colour) => [colour, 0]));
  const perRule = new Map<string, number>();
  for (const status of input.buildings) {
    perColour.set(status.colour, (perColour.get(status.colour) ?? 0) + 1);
    for (const indicator of status.indicators) {
      perRule.set(indicator.rule, (perRule.get(indicator.rule) ?? 0) + 1);
    }
  }
  for (const [colour, count] of perColour) lines.push(`firecode_buildings{colour="${colour}"} ${count}`);
  family('firecode_status_indicators', 'gauge', 'Active status indicators per rule over all buildings');
  for (const [rule, count] of [...perRule].sort()) {
    lines.push(`firecode_status_indicators{rule="${escapeLabel(rule)}"} ${count}`);
  }
  family('firecode_gateways', 'gauge', 'Gateways seen, by last known state');
  const state = (g: GatewayLiveness) => (g.online === false ? 'offline' : g.online ? 'online' : 'unknown');
  for (const name of ['online', 'offline', 'unknown']) {
    lines.push(
      `firecode_gateways{state="${name}"} ${input.gateways.filter((g) => state(g) === name).length}`,
    );
  }
  family('firecode_status_sse_clients', 'gauge', 'Browsers connected to the live status stream');
  lines.push(`firecode_status_sse_clients ${input.sseClients}`);
  family('firecode_status_http_requests_total', 'counter', 'HTTP requests served by the status server');
  lines.push(`firecode_status_http_requests_total ${input.requests}`);
  return `${lines.join('\n')}\n`;
}
