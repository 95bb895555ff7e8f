import type { Catalog, FireEvent, Reading } from '@firecode/schema';
import type { ReadingColumns } from '../storage/store.js';
import {
  colourOfIndicators,
  evaluateBuilding,
  type MaintenanceItem,
  type StatusIndicator,
} from './evaluate.js';
import {
  applyCatalog,
  applyEvents,
  applyReadingColumns,
  applyReadings,
  type GatewayTrack,
  newGatewayTrack,
} from './gateway-track.js';
import {
  resolveThresholds,
  STATUS_RULE_SET_VERSION,
  type StatusColour,
  type StatusThresholds,
} from './rule-set.js';

/** A building's status colour and the indicators that drove it. */
export interface BuildingStatus {
  buildingId: string;
  /** From the catalog's building record, when a gateway sent one. */
  name?: string;
  address?: string;
  colour: StatusColour;
  /** Epoch ms since when the building has had this colour (for a colour from indicators: the oldest of them). */
  since: number;
  /** The rule set that computed it ({@link STATUS_RULE_SET_VERSION}). */
  ruleSetVersion: string;
  /** Worst first; empty when green. */
  indicators: StatusIndicator[];
  /** The gateways that report for this building. */
  gatewayIds: string[];
  /** Epoch ms of the evaluation. */
  evaluatedAt: number;
}

/** What the engine knows of a gateway's liveness (gaps and rejections live in the store and worker). */
export interface GatewayLiveness {
  gatewayId: string;
  buildingId: string | undefined;
  online: boolean | undefined;
  /** Epoch ms the current online/offline state was received. */
  stateSince: number | undefined;
  /** Epoch ms of the last message received. */
  lastMessageAt: number | undefined;
}

/** Options of {@link BuildingStatusEngine}. */
export interface StatusEngineOptions {
  thresholds?: Partial<StatusThresholds>;
}

interface BuildingTrack {
  readonly id: string;
  readonly gateways: Set<string>;
  readonly maintenance: Map<string, MaintenanceItem>;
  /** The last evaluation and its fingerprint, to report changes only. */
  last: BuildingStatus | undefined;
  fingerprint: string;
}

/**
 * Computes each building's status incrementally: every message updates its gateway's small state and
 * re-evaluates only that gateway's building. Pure (no I/O, no clock): each call says when it happens,
 * so the same inputs always give the same colours. Each call returns the buildings whose colour or
 * indicators changed; call {@link tick} now and then for the rules that depend on time passing (a dip
 * turning into a sustained low pressure, a gateway going silent, a due date passing).
 */
export class BuildingStatusEngine {
  readonly thresholds: StatusThresholds;
  readonly #gateways = new Map<string, GatewayTrack>();
  readonly #buildings = new Map<string, BuildingTrack>();
  /** Building id by gateway id, once the gateway's birth said where it is. */
  readonly #buildingByGateway = new Map<string, string>();

  constructor(options: StatusEngineOptions = {}) {
    this.thresholds = resolveThresholds(options.thresholds);
  }

  /**
   * A gateway's catalog (its birth). Assigns the gateway to the catalog's building (the catalog's
   * `building.id`, or the gateway id when the catalog names no building).
   */
  birth(gatewayId: string, catalog: Catalog, at: number): BuildingStatus[] {
    const track = this.#gateway(gatewayId);
    const before = this.#buildingOf(gatewayId);
    applyCatalog(track, catalog, this.thresholds);
    track.lastMessageAt = at;
    const buildingId = catalog.building?.id ?? gatewayId;
    if (before && before.id !== buildingId) before.gateways.delete(gatewayId);
    this.#building(buildingId).gateways.add(gatewayId);
    this.#buildingByGateway.set(gatewayId, buildingId);
    return this.#reevaluate([before?.id, buildingId], at);
  }

  /** A data or alarm message's readings (as objects or as columns) and events, received at `at`. */
  batch(
    input: {
      gatewayId: string;
      readings?: readonly Reading[] | ReadingColumns;
      events?: readonly FireEvent[];
    },
    at: number,
  ): BuildingStatus[] {
    const track = this.#gateway(input.gatewayId);
    track.lastMessageAt = at;
    if (track.online === undefined) track.stateSince = at;
    if (input.events) applyEvents(track, input.events);
    const readings = input.readings;
    if (readings && 'points' in readings) applyReadingColumns(track, readings);
    else if (readings) applyReadings(track, readings);
    return this.#reevaluate([this.#buildingOf(input.gatewayId)?.id], at);
  }

  /** A gateway's online/offline state (offline also as its MQTT last will), received at `at`. */
  gatewayState(gatewayId: string, online: boolean, at: number): BuildingStatus[] {
    const track = this.#gateway(gatewayId);
    if (track.online !== online) track.stateSince = at;
    track.online = online;
    track.lastMessageAt = at;
    return this.#reevaluate([this.#buildingOf(gatewayId)?.id], at);
  }

  /** Records (or updates, by id) a maintenance item of a building. */
  maintenance(buildingId: string, item: MaintenanceItem, at: number): BuildingStatus[] {
    if (!Number.isFinite(item.dueAt)) {
      throw new TypeError(`maintenance item "${item.id}" of ${buildingId}: dueAt must be epoch milliseconds`);
    }
    this.#building(buildingId).maintenance.set(item.id, item);
    return this.#reevaluate([buildingId], at);
  }

  /** Re-evaluates every building at `now`; returns those that changed (time-based rules). */
  tick(now: number): BuildingStatus[] {
    return this.#reevaluate([...this.#buildings.keys()], now);
  }

  /** A building's status at `now` (re-evaluated), or undefined for a building never seen. */
  status(buildingId: string, now: number): BuildingStatus | undefined {
    const building = this.#buildings.get(buildingId);
    if (!building) return undefined;
    return this.#evaluate(building, now);
  }

  /** Every building's status at `now`, worst colour first, then by id. */
  buildings(now: number): BuildingStatus[] {
    const all = [...this.#buildings.values()].map((building) => this.#evaluate(building, now));
    const rank = (status: BuildingStatus) =>
      ['red', 'orange', 'yellow', 'blue', 'green'].indexOf(status.colour);
    return all.sort((a, b) => rank(a) - rank(b) || a.buildingId.localeCompare(b.buildingId));
  }

  /** Liveness of every gateway seen. */
  gateways(): GatewayLiveness[] {
    return [...this.#gateways.values()].map((track) => ({
      gatewayId: track.gatewayId,
      buildingId: this.#buildingOf(track.gatewayId)?.id,
      online: track.online,
      stateSince: track.stateSince,
      lastMessageAt: track.lastMessageAt,
    }));
  }

  /** The building a gateway reports for, once its birth said. */
  buildingOf(gatewayId: string): string | undefined {
    return this.#buildingByGateway.get(gatewayId);
  }

  /** The catalog a gateway last announced. */
  catalogOf(gatewayId: string): Catalog | undefined {
    return this.#gateways.get(gatewayId)?.catalog;
  }

  #gateway(id: string): GatewayTrack {
    let track = this.#gateways.get(id);
    if (!track) {
      track = newGatewayTrack(id);
      this.#gateways.set(id, track);
    }
    return track;
  }

  #building(id: string): BuildingTrack {
    let building = this.#buildings.get(id);
    if (!building) {
      building = { id, gateways: new Set(), maintenance: new Map(), last: undefined, fingerprint: '' };
      this.#buildings.set(id, building);
    }
    return building;
  }

  #buildingOf(gatewayId: string): BuildingTrack | undefined {
    const id = this.#buildingByGateway.get(gatewayId);
    return id === undefined ? undefined : this.#buildings.get(id);
  }

  #reevaluate(ids: readonly (string | undefined)[], now: number): BuildingStatus[] {
    const changed: BuildingStatus[] = [];
    for (const id of new Set(ids)) {
      const building = id === undefined ? undefined : this.#buildings.get(id);
      if (!building) continue;
      const before = building.fingerprint;
      const status = this.#evaluate(building, now);
      if (building.fingerprint !== before) changed.push(status);
    }
    return changed;
  }

  #evaluate(building: BuildingTrack, now: number): BuildingStatus {
    const gateways = [...building.gateways].map((id) => this.#gateways.get(id)!);
    const indicators = evaluateBuilding(
      { gateways, maintenance: [...building.maintenance.values()] },
      this.thresholds,
      now,
    );
    const colour = colourOfIndicators(indicators);
    const driving = indicators.filter((indicator) => indicator.colour === colour);
    const since =
      driving.length > 0
        ? Math.min(...driving.map((indicator) => indicator.since))
        : building.last?.colour === colour
          ? building.last.since
          : now;
    const info = gateways.find((gateway) => gateway.catalog?.building)?.catalog?.building;
    const status: BuildingStatus = {
      buildingId: building.id,
      ...(info ? { name: info.name, address: info.address } : {}),
      colour,
      since,
      ruleSetVersion: STATUS_RULE_SET_VERSION,
      indicators,
      gatewayIds: [...building.gateways].sort(),
      evaluatedAt: now,
    };
    building.last = status;
    // Values (a pressure going from 95 to 94 kPa) are not changes of status; rules, sources and starts are.
    building.fingerprint = `${colour}|${indicators.map((i) => `${i.rule}:${i.gatewayId ?? ''}:${i.component ?? ''}:${i.point ?? ''}:${i.loop ?? ''}:${i.address ?? ''}:${i.since}${i.rule.endsWith('-offline') ? `:${i.value}` : ''}`).join(',')}`;
    return status;
  }
}
