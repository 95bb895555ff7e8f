import { type ByteStream, getPanelDriver, type UnknownFrame } from '@firecode/devices';
import type { Component, FireEvent } from '@firecode/schema';
import { resolveComponentType } from '../config/references.js';
import type { PanelConfig } from '../config/schema.js';
import type { Logger } from '../observability/logger.js';
import type { PanelPort, PanelPortOpener } from './panel-port.js';

/** Options of {@link startPanelSource}. */
export interface PanelSourceOptions {
  panel: PanelConfig;
  openPort: PanelPortOpener;
  logger: Logger;
  now?: () => number;
  /** Panel events, already in schema terms (commissioned component types and places applied). */
  onEvents: (events: FireEvent[]) => void;
  /** The panel became reachable (port open, panel answering) or not; also called once at the first open. */
  onOnline: (online: boolean) => void;
  /** One frame seen: a record turned into an event, or bytes the driver could not make sense of. */
  onFrame?: (kind: 'record' | 'unknown', frame?: UnknownFrame) => void;
}

/** Counters of one panel source. */
export interface PanelSourceStats {
  /** Records turned into events. */
  records: number;
  /** Unknown frames (garbage, malformed or unknown records): logged and counted, never dropped silently. */
  unknownFrames: number;
  /** Successful openings of the port (1 when it never failed). */
  portOpens: number;
  /** Failed attempts to open the port. */
  openFailures: number;
  /** Times the open port went away by itself. */
  portLosses: number;
  /** Whether the port is open now. */
  portOpen: boolean;
}

/** A panel being read over its serial port. */
export interface PanelSource {
  readonly id: string;
  /** Whether the panel is reachable now (port open and, for LD128E, answering polls). */
  readonly online: boolean;
  stats(): PanelSourceStats;
  /** Stops the driver, cancels reopening and closes the port. */
  stop(): Promise<void>;
}

/** GB/T 26875.3 component type of a fire alarm control panel (table 5). */
const FIRE_ALARM_CONTROLLER = 1;

/** The panel as a catalog component (the birth lists it beside the Modbus devices). */
export function panelComponent(panel: PanelConfig): Component {
  const { vendor, model } = getPanelDriver(panel.protocol);
  return {
    id: panel.id,
    systemType: panel.systemType,
    componentType: FIRE_ALARM_CONTROLLER,
    vendor,
    model,
    ...(panel.name === undefined ? {} : { name: panel.name }),
    ...(panel.location === undefined ? {} : { location: panel.location }),
  };
}

/**
 * Reads one fire panel over its serial port: opens the port, runs the protocol's driver from the
 * registry in @firecode/devices (a polling driver also says when the panel is silent), applies the commissioned points to its events, and
 * keeps the port: when it cannot be opened or goes away, an `offline` event is raised once and the
 * port is reopened with a doubling backoff until it is back (then `offline` clears).
 */
export function startPanelSource(options: PanelSourceOptions): PanelSource {
  const { panel, logger } = options;
  const now = options.now ?? Date.now;
  const log = logger.child({ panel: panel.id, path: panel.path, protocol: panel.protocol });
  const commissioned = new Map(
    (panel.panelPoints ?? []).map((point) => [
      `${point.loop}-${point.address}`,
      { componentType: resolveComponentType(point.type) ?? 0, location: point.location },
    ]),
  );
  const stats: PanelSourceStats = {
    records: 0,
    unknownFrames: 0,
    portOpens: 0,
    openFailures: 0,
    portLosses: 0,
    portOpen: false,
  };

  let stopped = false;
  let port: PanelPort | undefined;
  let stopDriver: (() => void) | undefined;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  let reopenDelay = panel.reopenMinMs;
  let opening: Promise<void> | undefined;
  // Two reasons to be unreachable, one `offline` condition: the port is gone, or the panel is silent.
  let portDown = false;
  let panelSilent = false;
  let reportedOffline = false;
  let everOnline = false;

  // Unreachable raises `offline`; reachable again is an `online` instant that ends it.
  const offlineEvent = (offline: boolean, description: string): FireEvent => ({
    time: now(),
    kind: offline ? 'offline' : 'online',
    active: true,
    component: panel.id,
    systemType: panel.systemType,
    componentType: FIRE_ALARM_CONTROLLER,
    description,
  });

  const updateReachability = (why: string) => {
    const offline = portDown || panelSilent;
    if (offline !== reportedOffline) {
      reportedOffline = offline;
      options.onEvents([offlineEvent(offline, why)]);
      options.onOnline(!offline);
    } else if (!offline && !everOnline) {
      options.onOnline(true);
    }
    if (!offline) everOnline = true;
  };

  /** The driver's event in the gateway's terms: the panel's system type, the commissioned point. */
  const commission = (event: FireEvent): FireEvent => {
    const point =
      event.loop === undefined || event.address === undefined
        ? undefined
        : commissioned.get(`${event.loop}-${event.address}`);
    const description = [event.description, point?.location].filter((t) => t !== undefined && t !== '');
    return {
      ...event,
      systemType: panel.systemType,
      ...(point === undefined ? {} : { componentType: point.componentType }),
      ...(description.length === 0 ? {} : { description: description.join('; ') }),
    };
  };

  const onUnknown = (frame: UnknownFrame) => {
    stats.unknownFrames++;
    options.onFrame?.('unknown', frame);
  };

  const onDriverEvent = (event: FireEvent) => {
    stats.records++;
    options.onFrame?.('record');
    options.onEvents([commission(event)]);
  };

  const onSilent = (silent: boolean, detail: string) => {
    panelSilent = silent;
    log.warn({ detail }, silent ? 'panel not answering polls' : 'panel answering again');
    updateReachability(detail);
  };

  const driver = getPanelDriver(panel.protocol);
  const startDriver = (stream: ByteStream): (() => void) =>
    driver.start({
      stream,
      componentId: panel.id,
      settings: {
        pollIntervalMs: panel.pollIntervalMs,
        offlineAfterPolls: panel.offlineAfterPolls,
        idleFlushMs: panel.idleFlushMs,
      },
      now,
      onEvent: onDriverEvent,
      onUnknown,
      onSilent,
      logger: log,
    });

  const scheduleReopen = () => {
    if (stopped) return;
    const wait = reopenDelay;
    reopenDelay = Math.min(reopenDelay * 2, panel.reopenMaxMs);
    reopenTimer = setTimeout(() => {
      reopenTimer = undefined;
      opening = open();
    }, wait);
  };

  const lost = (opened: PanelPort, error: Error | undefined) => {
    if (port !== opened || stopped) return;
    stats.portLosses++;
    stats.portOpen = false;
    port = undefined;
    // Stopping the GST9000 listener judges a half-received printout: reported as unknown, not lost.
    stopDriver?.();
    stopDriver = undefined;
    panelSilent = false;
    portDown = true;
    log.error(
      { error: error?.message, retryInMs: reopenDelay },
      'panel serial port lost; reopening with backoff',
    );
    updateReachability(`serial port ${panel.path} lost${error ? `: ${error.message}` : ''}`);
    opening = undefined;
    scheduleReopen();
  };

  const open = async (): Promise<void> => {
    let opened: PanelPort;
    try {
      opened = await options.openPort({
        path: panel.path,
        baudRate: panel.baud,
        dataBits: panel.dataBits,
        parity: panel.parity,
        stopBits: panel.stopBits,
      });
    } catch (error) {
      if (stopped) return;
      stats.openFailures++;
      const message = error instanceof Error ? error.message : String(error);
      // Logged at every failure only while it is new; afterwards once per attempt at warn.
      log[portDown ? 'warn' : 'error'](
        { error: message, retryInMs: reopenDelay },
        'cannot open panel serial port',
      );
      portDown = true;
      updateReachability(`cannot open serial port ${panel.path}: ${message}`);
      scheduleReopen();
      return;
    }
    if (stopped) {
      await opened.close();
      return;
    }
    port = opened;
    stats.portOpens++;
    stats.portOpen = true;
    reopenDelay = panel.reopenMinMs;
    opened.onLost((error) => lost(opened, error));
    stopDriver = startDriver(opened.stream);
    if (portDown) log.info('panel serial port open again');
    portDown = false;
    updateReachability(`serial port ${panel.path} open again`);
  };

  opening = open();

  return {
    id: panel.id,
    get online() {
      return everOnline && !reportedOffline;
    },
    stats: () => ({ ...stats }),
    async stop() {
      stopped = true;
      if (reopenTimer !== undefined) clearTimeout(reopenTimer);
      await opening;
      stopDriver?.();
      stopDriver = undefined;
      const closing = port;
      port = undefined;
      stats.portOpen = false;
      await closing?.close();
    },
  };
}
