import {
  createRegisterSnapshot,
  type DeviceNormalizer,
  type NormalizeResult,
  type ReadRequest,
} from '@firecode/devices';
import type { ModbusMaster, RequestPriority } from '@firecode/modbus';
import { prioritisedPlan, readPriorityOf } from './read-priority.js';

/** What one poll produced, with how many of its reads failed. */
export interface PollOutcome extends NormalizeResult {
  deviceId: string;
  failedReads: number;
  totalReads: number;
  /** The first failure of the poll, for logs. */
  error?: unknown;
}

export interface DevicePollerOptions {
  deviceId: string;
  unit: number;
  bus: ModbusMaster;
  normalizer: DeviceNormalizer;
  pollIntervalMs: number;
  /** Receives every poll's outcome; must not throw. */
  onPoll: (outcome: PollOutcome) => void;
  now?: () => number;
}

/**
 * Polls one device on its line at its interval. The next poll is scheduled from the start of the
 * previous one, so a slow line stretches the cycle instead of piling requests up behind it; the
 * line's own scheduler keeps one request in flight and lets the other devices' requests take turns.
 * Reads that carry events (fire, faults, panel points) are queued first and with priority `'high'`,
 * so they overtake the routine reads of every device on the line.
 */
export class DevicePoller {
  readonly #options: DevicePollerOptions;
  readonly #plan: { read: ReadRequest; priority: RequestPriority }[];
  readonly #now: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(options: DevicePollerOptions) {
    this.#options = options;
    this.#plan = prioritisedPlan(options.normalizer.readPlan(), readPriorityOf(options.normalizer.profile));
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops polling; resolves once the poll under way (if any) has finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One poll now (also what the timer runs). */
  async pollOnce(): Promise<PollOutcome> {
    const { bus, unit, normalizer, deviceId } = this.#options;
    const snapshot = createRegisterSnapshot();
    let failedReads = 0;
    let firstError: unknown;
    // All reads queued at once: the line's scheduler orders them (priority, then round-robin over
    // units) instead of this device holding a turn between its own reads.
    const outcomes = await Promise.allSettled(
      this.#plan.map(({ read, priority }) => this.#read(bus, unit, read, priority)),
    );
    outcomes.forEach((outcome, index) => {
      const { read } = this.#plan[index]!;
      if (outcome.status === 'fulfilled') snapshot.set(read.table, read.address, outcome.value);
      else {
        failedReads += 1;
        firstError ??= outcome.reason;
      }
    });
    const time = this.#now();
    const allFailed = this.#plan.length > 0 && failedReads === this.#plan.length;
    const result = allFailed
      ? normalizer.normalizeFailure(firstError, time)
      : normalizer.normalize(snapshot, time);
    return {
      ...result,
      deviceId,
      failedReads,
      totalReads: this.#plan.length,
      ...(firstError === undefined ? {} : { error: firstError }),
    };
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      const started = this.#now();
      this.#running = this.pollOnce()
        .then(this.#options.onPoll)
        .finally(() => {
          this.#running = undefined;
          const elapsed = this.#now() - started;
          this.#schedule(Math.max(0, this.#options.pollIntervalMs - elapsed));
        });
    }, delayMs);
  }

  async #read(
    bus: ModbusMaster,
    unit: number,
    read: ReadRequest,
    priority: RequestPriority,
  ): Promise<number[]> {
    const options = { priority };
    switch (read.table) {
      case 'holdingRegisters':
        return Array.from(await bus.readHoldingRegisters(unit, read.address, read.count, options));
      case 'inputRegisters':
        return Array.from(await bus.readInputRegisters(unit, read.address, read.count, options));
      case 'coils':
        return (await bus.readCoils(unit, read.address, read.count, options)).map(Number);
      case 'discreteInputs':
        return (await bus.readDiscreteInputs(unit, read.address, read.count, options)).map(Number);
    }
  }
}
