import { EventEmitter } from 'node:events';
import type { Catalog, FireEvent, Reading } from '@firecode/schema';
import type { MaintenanceItem } from '../status/evaluate.js';
import type { StatusThresholds } from '../status/rule-set.js';
import { type BuildingStatus, BuildingStatusEngine, type GatewayLiveness } from '../status/status-engine.js';
import type { ReadingColumns, StoredEvent } from '../storage/store.js';

/** What the status server reads of the building status and how it hears of changes. */
export interface StatusView {
  buildings(now: number): BuildingStatus[];
  status(buildingId: string, now: number): BuildingStatus | undefined;
  gateways(): GatewayLiveness[];
  on(event: 'change', listener: (statuses: BuildingStatus[]) => void): unknown;
  on(event: 'activity', listener: (buildingId: string, gatewayId: string) => void): unknown;
  off(event: 'change', listener: (statuses: BuildingStatus[]) => void): unknown;
  off(event: 'activity', listener: (buildingId: string, gatewayId: string) => void): unknown;
}

/** Events of {@link LiveStatus}. */
export interface LiveStatusEvents {
  /** Buildings whose colour or indicators changed. */
  change: [statuses: BuildingStatus[]];
  /** A gateway of a building sent something (new readings to chart). */
  activity: [buildingId: string, gatewayId: string];
}

/** Options of {@link LiveStatus}. */
export interface LiveStatusOptions {
  thresholds?: Partial<StatusThresholds>;
  /** Epoch ms now; default `Date.now`. Tests pass their own. */
  clock?: () => number;
  /** How often the time-based rules are re-evaluated, ms (default 5000); 0: never (call {@link tick}). */
  tickMs?: number;
}

/**
 * The building status engine with a clock, a tick timer and change events: what the ingest worker
 * feeds (births, batches, states as they are stored) and what the status server reads and streams.
 */
export class LiveStatus extends EventEmitter<LiveStatusEvents> implements StatusView {
  readonly engine: BuildingStatusEngine;
  readonly #clock: () => number;
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(options: LiveStatusOptions = {}) {
    super();
    this.engine = new BuildingStatusEngine(
      options.thresholds === undefined ? {} : { thresholds: options.thresholds },
    );
    this.#clock = options.clock ?? Date.now;
    const tickMs = options.tickMs ?? 5000;
    if (!(Number.isFinite(tickMs) && tickMs >= 0)) {
      throw new TypeError(`LiveStatus: tickMs must be a number of milliseconds >= 0, got ${String(tickMs)}`);
    }
    if (tickMs > 0) {
      this.#timer = setInterval(() => this.tick(), tickMs);
      this.#timer.unref();
    }
  }

  birth(gatewayId: string, catalog: Catalog): void {
    this.#changed(this.engine.birth(gatewayId, catalog, this.#clock()));
    this.#activity(gatewayId);
  }

  batch(input: {
    gatewayId: string;
    readings?: readonly Reading[] | ReadingColumns;
    events?: readonly FireEvent[];
  }): void {
    this.#changed(this.engine.batch(input, this.#clock()));
    this.#activity(input.gatewayId);
  }

  state(gatewayId: string, online: boolean): void {
    this.#changed(this.engine.gatewayState(gatewayId, online, this.#clock()));
    this.#activity(gatewayId);
  }

  maintenance(buildingId: string, item: MaintenanceItem): void {
    this.#changed(this.engine.maintenance(buildingId, item, this.#clock()));
  }

  /**
   * Seeds the conditions still active in the store (after a restart the engine starts empty, while
   * the store remembers the fire raised before it): each counts once its gateway's birth arrives.
   */
  seed(events: readonly StoredEvent[]): void {
    const byGateway = new Map<string, FireEvent[]>();
    for (const stored of events) {
      const event: FireEvent = {
        time: stored.raisedAt,
        kind: stored.kind as FireEvent['kind'],
        active: true,
        component: stored.componentId,
        systemType: stored.systemType,
        componentType: stored.componentType,
        ...(stored.loop === null ? {} : { loop: stored.loop }),
        ...(stored.address === null ? {} : { address: stored.address }),
        ...(stored.pointId === null ? {} : { point: stored.pointId }),
        ...(stored.description === null ? {} : { description: stored.description }),
      };
      byGateway.set(stored.gatewayId, [...(byGateway.get(stored.gatewayId) ?? []), event]);
    }
    // Oldest first, so that a condition keeps its first time.
    for (const [gatewayId, list] of byGateway) {
      list.sort((a, b) => a.time - b.time);
      this.#changed(this.engine.batch({ gatewayId, events: list }, this.#clock()));
    }
  }

  /** Re-evaluates the time-based rules now. */
  tick(): void {
    this.#changed(this.engine.tick(this.#clock()));
  }

  buildings(now = this.#clock()): BuildingStatus[] {
    return this.engine.buildings(now);
  }

  status(buildingId: string, now = this.#clock()): BuildingStatus | undefined {
    return this.engine.status(buildingId, now);
  }

  gateways(): GatewayLiveness[] {
    return this.engine.gateways();
  }

  /** Stops the tick timer. */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  #changed(statuses: BuildingStatus[]): void {
    if (statuses.length > 0) this.emit('change', statuses);
  }

  #activity(gatewayId: string): void {
    const buildingId = this.engine.buildingOf(gatewayId);
    if (buildingId !== undefined) this.emit('activity', buildingId, gatewayId);
  }
}
