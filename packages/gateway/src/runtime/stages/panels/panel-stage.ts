import type { Component, FireEvent } from '@firecode/schema';
import type { GatewayConfig } from '../../../config/gateway-config.js';
import type { Logger } from '../../../observability/logger.js';
import type { GatewayMetrics } from '../../../observability/metrics.js';
import type { Reachability } from '../../reachability.js';
import type { PanelMetrics } from './panel-metrics.js';
import type { PanelPortOpener } from './panel-port.js';
import { type PanelSource, panelComponent, startPanelSource } from './panel-source.js';

/** Where the panel stage hands what the panels say: the publish stage's intake. */
export interface PanelSink {
  events(events: readonly FireEvent[]): Promise<void>;
  /** Sends the status byte now (a panel's reachability changed). */
  statusNow(): void;
}

/** The panels stage: one source per enabled serial fire panel, reading its port from `start()` on. */
export interface PanelStage {
  /** The enabled panels' ids (known before start). */
  readonly ids: readonly string[];
  /** The enabled panels as catalog components (the birth lists them beside the Modbus devices). */
  readonly components: readonly Component[];
  /** The running sources (empty until `start()`). */
  readonly sources: readonly PanelSource[];
  /** Opens every enabled panel's port (a port that fails is reopened by its source). */
  start(): void;
  /** Stops every source and closes its port. */
  stop(): Promise<void>;
}

/** What the panels stage needs besides the configuration. */
export interface PanelStageOptions {
  readonly config: GatewayConfig;
  readonly openPort: PanelPortOpener;
  readonly publish: PanelSink;
  readonly reachability: Reachability;
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
  /** Frame counters (made once per gateway: a registry takes each metric name once). */
  readonly panelMetrics?: PanelMetrics;
  readonly now: () => number;
}

/** Builds the panels stage; no port is opened until `start()`. */
export function createPanelStage(options: PanelStageOptions): PanelStage {
  const panels = options.config.panels.filter((panel) => panel.enabled);
  // A panel's reachability changes the status byte's monitoring-line bit; a panel has no readings to
  // carry it in a routine batch, so a batch with the status alone goes out at once.
  const onOnline = (panelId: string, path: string, online: boolean) => {
    const previous = options.reachability.set(panelId, online);
    options.metrics?.deviceOnline.set({ bus: path, device: panelId }, online ? 1 : 0);
    // A panel counts as online until told otherwise: send on every change, and on a first "offline".
    if ((previous?.online ?? true) !== online) options.publish.statusNow();
  };
  let sources: PanelSource[] = [];
  return {
    ids: panels.map((panel) => panel.id),
    components: panels.map(panelComponent),
    get sources() {
      return sources;
    },
    start() {
      sources = panels.map((panel) =>
        startPanelSource({
          panel,
          openPort: options.openPort,
          logger: options.logger,
          now: options.now,
          onEvents: (events) => void options.publish.events(events),
          onOnline: (online) => onOnline(panel.id, panel.path, online),
          onFrame: (kind) => options.panelMetrics?.frame(panel.id, kind),
        }),
      );
    },
    async stop() {
      await Promise.all(sources.map((source) => source.stop()));
      sources = [];
    },
  };
}
