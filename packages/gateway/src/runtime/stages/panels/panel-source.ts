import { type ByteStream, getPanelDriver, type PanelDriver, type UnknownFrame } from '@firecode/devices';
import type { Component, FireEvent } from '@firecode/schema';
import { resolveComponentType } from '../../../config/references.js';
import type { PanelConfig } from '../../../config/schema.js';
import type { Logger } from '../../../observability/logger.js';
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
  return new SerialPanelSource(options);
}

/** The commissioned points of a panel by `loop-address`: component type and place. */
type Commissioned = ReadonlyMap<string, { componentType: number; location: string | undefined }>;

class SerialPanelSource implements PanelSource {
  readonly id: string;
  readonly #options: PanelSourceOptions;
  readonly #panel: PanelConfig;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #commissioned: Commissioned;
  readonly #driver: PanelDriver;
  readonly #stats: PanelSourceStats = {
    records: 0,
    unknownFrames: 0,
    portOpens: 0,
    openFailures: 0,
    portLosses: 0,
    portOpen: false,
  };
  #stopped = false;
  #port: PanelPort | undefined;
  #stopDriver: (() => void) | undefined;
  #reopenTimer: ReturnType<typeof setTimeout> | undefined;
  #reopenDelay: number;
  #opening: Promise<void> | undefined;
  // Two reasons to be unreachable, one `offline` condition: the port is gone, or the panel is silent.
  #portDown = false;
  #panelSilent = false;
  #reportedOffline = false;
  #everOnline = false;

  constructor(options: PanelSourceOptions) {
    const { panel } = options;
    this.#options = options;
    this.#panel = panel;
    this.id = panel.id;
    this.#now = options.now ?? Date.now;
    this.#log = options.logger.child({ panel: panel.id, path: panel.path, protocol: panel.protocol });
    this.#commissioned = new Map(
      (panel.panelPoints ?? []).map((point) => [
        `${point.loop}-${point.address}`,
        { componentType: resolveComponentType(point.type) ?? 0, location: point.location },
      ]),
    );
    this.#driver = getPanelDriver(panel.protocol);
    this.#reopenDelay = panel.reopenMinMs;
    this.#opening = this.#open();
  }

  get online(): boolean {
    return this.#everOnline && !this.#reportedOffline;
  }

  stats(): PanelSourceStats {
    return { ...this.#stats };
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#reopenTimer !== undefined) clearTimeout(this.#reopenTimer);
    await this.#opening;
    this.#stopDriver?.();
    this.#stopDriver = undefined;
    const closing = this.#port;
    this.#port = undefined;
    this.#stats.portOpen = false;
    await closing?.close();
  }

  // Unreachable raises `offline`; reachable again is an `online` instant that ends it.
  #offlineEvent(offline: boolean, description: string): FireEvent {
    return {
      time: this.#now(),
      kind: offline ? 'offline' : 'online',
      active: true,
      component: this.#panel.id,
      systemType: this.#panel.systemType,
      componentType: FIRE_ALARM_CONTROLLER,
      description,
    };
  }

  #updateReachability(why: string): void {
    const offline = this.#portDown || this.#panelSilent;
    if (offline !== this.#reportedOffline) {
      this.#reportedOffline = offline;
      this.#options.onEvents([this.#offlineEvent(offline, why)]);
      this.#options.onOnline(!offline);
    } else if (!offline && !this.#everOnline) {
      this.#options.onOnline(true);
    }
    if (!offline) this.#everOnline = true;
  }

  /** The driver's event in the gateway's terms: the panel's system type, the commissioned point. */
  #commission(event: FireEvent): FireEvent {
    const point =
      event.loop === undefined || event.address === undefined
        ? undefined
        : this.#commissioned.get(`${event.loop}-${event.address}`);
    const description = [event.description, point?.location].filter((t) => t !== undefined && t !== '');
    return {
      ...event,
      systemType: this.#panel.systemType,
      ...(point === undefined ? {} : { componentType: point.componentType }),
      ...(description.length === 0 ? {} : { description: description.join('; ') }),
    };
  }

  #startDriver(stream: ByteStream): () => void {
    const panel = this.#panel;
    return this.#driver.start({
      stream,
      componentId: panel.id,
      settings: {
        pollIntervalMs: panel.pollIntervalMs,
        offlineAfterPolls: panel.offlineAfterPolls,
        idleFlushMs: panel.idleFlushMs,
      },
      now: this.#now,
      onEvent: (event) => {
        this.#stats.records++;
        this.#options.onFrame?.('record');
        this.#options.onEvents([this.#commission(event)]);
      },
      onUnknown: (frame: UnknownFrame) => {
        this.#stats.unknownFrames++;
        this.#options.onFrame?.('unknown', frame);
      },
      onSilent: (silent, detail) => {
        this.#panelSilent = silent;
        this.#log.warn({ detail }, silent ? 'panel not answering polls' : 'panel answering again');
        this.#updateReachability(detail);
      },
      logger: this.#log,
    });
  }

  #scheduleReopen(): void {
    if (this.#stopped) return;
    const wait = this.#reopenDelay;
    this.#reopenDelay = Math.min(this.#reopenDelay * 2, this.#panel.reopenMaxMs);
    this.#reopenTimer = setTimeout(() => {
      this.#reopenTimer = undefined;
      this.#opening = this.#open();
    }, wait);
  }

  #lost(opened: PanelPort, error: Error | undefined): void {
    if (this.#port !== opened || this.#stopped) return;
    this.#stats.portLosses++;
    this.#stats.portOpen = false;
    this.#port = undefined;
    // Stopping the GST9000 listener judges a half-received printout: reported as unknown, not lost.
    this.#stopDriver?.();
    this.#stopDriver = undefined;
    this.#panelSilent = false;
    this.#portDown = true;
    this.#log.error(
      { error: error?.message, retryInMs: this.#reopenDelay },
      'panel serial port lost; reopening with backoff',
    );
    this.#updateReachability(`serial port ${this.#panel.path} lost${error ? `: ${error.message}` : ''}`);
    this.#opening = undefined;
    this.#scheduleReopen();
  }

  async #open(): Promise<void> {
    const panel = this.#panel;
    let opened: PanelPort;
    try {
      opened = await this.#options.openPort({
        path: panel.path,
        baudRate: panel.baud,
        dataBits: panel.dataBits,
        parity: panel.parity,
        stopBits: panel.stopBits,
      });
    } catch (error) {
      if (!this.#stopped) this.#openFailed(error);
      return;
    }
    if (this.#stopped) {
      await opened.close();
      return;
    }
    this.#port = opened;
    this.#stats.portOpens++;
    this.#stats.portOpen = true;
    this.#reopenDelay = panel.reopenMinMs;
    opened.onLost((error) => this.#lost(opened, error));
    this.#stopDriver = this.#startDriver(opened.stream);
    if (this.#portDown) this.#log.info('panel serial port open again');
    this.#portDown = false;
    this.#updateReachability(`serial port ${panel.path} open again`);
  }

  #openFailed(error: unknown): void {
    this.#stats.openFailures++;
    const message = error instanceof Error ? error.message : String(error);
    // Logged at every failure only while it is new; afterwards once per attempt at warn.
    this.#log[this.#portDown ? 'warn' : 'error'](
      { error: message, retryInMs: this.#reopenDelay },
      'cannot open panel serial port',
    );
    this.#portDown = true;
    this.#updateReachability(`cannot open serial port ${this.#panel.path}: ${message}`);
    this.#scheduleReopen();
  }
}
