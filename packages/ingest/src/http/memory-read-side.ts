import type {
  BuildingRow,
  GatewayHealth,
  LatestReading,
  ReadingRow,
  StoredEvent,
  StoreInfo,
} from '../storage/store.js';
import type { StatusReadSide } from './status-api.js';

/**
 * The status server's read side as plain arrays: the test double of {@link StatusReadSide}. Fill the
 * fields; the methods answer from them as a store would (active events newest first, readings in the
 * half-open window, ascending). `failing` makes every call reject, to test error paths.
 */
export class MemoryReadSide implements StatusReadSide {
  buildings: BuildingRow[] = [];
  latest: LatestReading[] = [];
  /** Building of each latest reading, by pointRef. */
  latestBuilding = new Map<number, string>();
  events: StoredEvent[] = [];
  series = new Map<number, ReadingRow[]>();
  health: GatewayHealth[] = [];
  failing: Error | undefined;
  /** Calls of `readings`, to check what the server asked for. */
  readonly readingQueries: { pointRef: number; from: number; to: number }[] = [];

  async info(): Promise<StoreInfo> {
    this.#check();
    return { engine: 'pglite', readingsLayout: 'partitioned', migrations: [1] };
  }

  async listBuildings(): Promise<BuildingRow[]> {
    this.#check();
    return this.buildings;
  }

  async latestReadings(buildingId: string): Promise<LatestReading[]> {
    this.#check();
    return this.latest.filter((row) => this.latestBuilding.get(row.pointRef) === buildingId);
  }

  async activeEvents(buildingId?: string): Promise<StoredEvent[]> {
    this.#check();
    return this.events
      .filter((e) => e.clearedAt === null && (buildingId === undefined || e.buildingId === buildingId))
      .sort((a, b) => b.raisedAt - a.raisedAt);
  }

  async readings(pointRef: number, from: number, to: number): Promise<ReadingRow[]> {
    this.#check();
    this.readingQueries.push({ pointRef, from, to });
    return (this.series.get(pointRef) ?? []).filter((r) => r.time >= from && r.time < to);
  }

  async gatewayHealth(): Promise<GatewayHealth[]> {
    this.#check();
    return this.health;
  }

  #check(): void {
    if (this.failing) throw this.failing;
  }
}
