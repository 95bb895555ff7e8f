/** One device's or panel's reachability as last seen. */
export interface ReachabilityEntry {
  online: boolean;
  lastPoll?: number;
}

/** Where reachability also goes: the status byte's conditions (the publish stage's). */
export interface ReachabilitySink {
  setDeviceOnline(deviceId: string, online: boolean): void;
  keepOnly(deviceIds: ReadonlySet<string>): void;
}

/**
 * Whether each Modbus device and serial panel answers, shared by the poll and panel stages and the
 * status. It outlives a pipeline: after a reload a device that stays keeps its state (no "back online"
 * for a device that never went away), and the status byte keeps its bits.
 */
export class Reachability {
  readonly #entries = new Map<string, ReachabilityEntry>();

  constructor(
    private readonly sink: ReachabilitySink,
    private readonly now: () => number,
  ) {}

  /** The last state of `id` (undefined: never seen). */
  get(id: string): ReachabilityEntry | undefined {
    return this.#entries.get(id);
  }

  /** Records `id`'s state now and tells the status byte; returns the state it had before. */
  set(id: string, online: boolean): ReachabilityEntry | undefined {
    const previous = this.#entries.get(id);
    this.#entries.set(id, { online, lastPoll: this.now() });
    this.sink.setDeviceOnline(id, online);
    return previous;
  }

  /** Forgets every id not in `ids` (devices and panels a reload removed). */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.#entries.keys()) if (!ids.has(id)) this.#entries.delete(id);
    this.sink.keepOnly(ids);
  }
}
