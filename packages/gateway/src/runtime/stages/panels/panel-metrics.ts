import { Counter, type Registry } from 'prom-client';

/** Per-panel frame counters in the gateway's Prometheus registry. */
export interface PanelMetrics {
  /** Counts one frame of a panel: a record that became an event, or an unknown frame. */
  frame(panelId: string, kind: 'record' | 'unknown'): void;
}

const FRAMES = 'firecode_panel_frames_total';
const UNKNOWN = 'firecode_panel_unknown_frames_total';

/**
 * Creates (or, after a restart of the runtime on the same registry, reuses) the panel counters:
 * `firecode_panel_frames_total{panel}` (records decoded into events) and
 * `firecode_panel_unknown_frames_total{panel}` (garbage, malformed or unknown records — any of them
 * may have been an alarm, so a rising count needs a look at the logs).
 */
export function createPanelMetrics(registry: Registry): PanelMetrics {
  const counter = (name: string, help: string): Counter<'panel'> =>
    (registry.getSingleMetric(name) as Counter<'panel'> | undefined) ??
    new Counter({ name, help, labelNames: ['panel'], registers: [registry] });
  const frames = counter(FRAMES, 'Records a fire panel sent over its serial port, decoded into events.');
  const unknown = counter(
    UNKNOWN,
    'Bytes or records from a fire panel the driver could not decode (logged with their hex).',
  );
  return {
    frame(panelId, kind) {
      (kind === 'record' ? frames : unknown).inc({ panel: panelId });
    },
  };
}
