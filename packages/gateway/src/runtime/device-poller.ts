import type { DeviceNormalizer, NormalizeIntoResult, ReadRequest, RegisterSnapshot } from '@firecode/devices';
import {
  type CostModel,
  DeviceReader,
  type ModbusMaster,
  PlanMemory,
  type ReadOutcome,
  type RegisterTable,
  type RequestPriority,
} from '@firecode/modbus';
import { ReadingColumns } from '@firecode/schema';
import { priorityGroups } from './read-priority.js';

/** What one poll produced, with how many of its reads failed. */
export interface PollOutcome extends NormalizeIntoResult {
  /**
   * The poll's readings. The poller fills the same columns poll after poll: they hold this poll's
   * readings until its next poll starts, so `onPoll` takes what it keeps ({@link ReadingColumns.pushRow}).
   */
  readings: ReadingColumns;
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
  /**
   * What one more request costs on this line, for the read planner's hole filling (default: the
   * planner's, RTU at 9600 baud). Use `rtuCostModel(lineTiming(...))` or `tcpCostModel()`.
   */
  cost?: CostModel;
  now?: () => number;
}

interface PrioritisedReader {
  priority: RequestPriority;
  reader: DeviceReader;
  /** The profile's reads, in the order of the reader's outcomes. */
  reads: ReadRequest[];
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
  readonly #readers: PrioritisedReader[];
  readonly #totalReads: number;
  readonly #now: () => number;
  /** Every poll's readings, the same columns each time (see {@link PollOutcome.readings}). */
  readonly #readings = new ReadingColumns(128);
  /** Every poll's registers, the same snapshot each time (it only holds views of the replies). */
  readonly #snapshot = new ReadsSnapshot();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(options: DevicePollerOptions) {
    this.#options = options;
    const profile = options.normalizer.profile;
    const groups = priorityGroups(profile, options.normalizer.readPlan());
    // One reader per priority; both share what they learn about the device (reads it refused, to be
    // split next time).
    const memory = new PlanMemory();
    this.#readers = groups.map(({ priority, reads, wanted }) => ({
      priority,
      reads,
      reader: new DeviceReader(options.bus, wanted, {
        unit: options.unit,
        request: { priority },
        memory,
        maxRegisters: profile.quirks.maxRegistersPerRequest,
        ...(options.cost === undefined ? {} : { cost: options.cost }),
      }),
    }));
    this.#totalReads = groups.reduce((sum, group) => sum + group.reads.length, 0);
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

  /** The read plan of each priority, as the Modbus planner explains it (for `check` and logs). */
  explain(): string {
    return this.#readers.map(({ priority, reader }) => `${priority}:\n${reader.explain()}`).join('\n');
  }

  /** One poll now (also what the timer runs). */
  async pollOnce(): Promise<PollOutcome> {
    // Every read of the poll is handed to the line at once: its scheduler orders them by priority.
    const readers = this.#readers;
    const results =
      readers.length === 1
        ? [await readers[0]!.reader.read()]
        : await Promise.all(readers.map(({ reader }) => reader.read()));
    // The rest outside the async function: its frame (kept for every poll in flight) stays small.
    return this.#outcome(results);
  }

  #outcome(results: readonly ReadOutcome[][]): PollOutcome {
    const { normalizer, deviceId } = this.#options;
    const snapshot = this.#snapshot;
    snapshot.clear();
    let failedReads = 0;
    let firstError: unknown;
    for (let readerIndex = 0; readerIndex < results.length; readerIndex++) {
      const outcomes = results[readerIndex]!;
      const { reads } = this.#readers[readerIndex]!;
      for (let index = 0; index < outcomes.length; index++) {
        const outcome = outcomes[index]!;
        const values = outcome.registers ?? outcome.bits;
        if (values !== undefined && outcome.error === undefined) {
          snapshot.add(reads[index]!, values);
        } else {
          failedReads += 1;
          firstError ??= outcome.error;
        }
      }
    }
    const time = this.#now();
    const allFailed = this.#totalReads > 0 && failedReads === this.#totalReads;
    const readings = this.#readings;
    readings.clear();
    const result = allFailed
      ? normalizer.normalizeFailureInto(firstError, time, readings)
      : normalizer.normalizeInto(snapshot, time, readings);
    const outcome: PollOutcome = {
      events: result.events,
      diagnostics: result.diagnostics,
      readings,
      deviceId,
      failedReads,
      totalReads: this.#totalReads,
    };
    if (firstError !== undefined) outcome.error = firstError;
    return outcome;
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
}

const NO_VALUES: ArrayLike<number> = [];

/** The values of one read, from its first address on (registers, or bits as read). */
interface ReadBlock {
  table: RegisterTable;
  address: number;
  values: ArrayLike<number | boolean>;
}

/**
 * One poll's registers, looked up in the replies themselves. Copying each reply into a
 * `RegisterMap` cost an array and a map entry per register (~100 per device and poll).
 */
class ReadsSnapshot implements RegisterSnapshot {
  /** Blocks in use come first; the rest are kept to be filled again by the next poll. */
  readonly #blocks: ReadBlock[] = [];
  #count = 0;

  clear(): void {
    // The replies' arrays are let go; the block objects are reused.
    for (let i = 0; i < this.#count; i++) this.#blocks[i]!.values = NO_VALUES;
    this.#count = 0;
  }

  add(read: ReadRequest, values: ArrayLike<number | boolean>): void {
    const block = this.#blocks[this.#count];
    if (block === undefined) this.#blocks.push({ table: read.table, address: read.address, values });
    else {
      block.table = read.table;
      block.address = read.address;
      block.values = values;
    }
    this.#count += 1;
  }

  get(table: RegisterTable, address: number): number | undefined {
    // A device's reads never overlap; from the last, as a RegisterMap lets a later block win anyway.
    for (let i = this.#count - 1; i >= 0; i--) {
      const block = this.#blocks[i]!;
      const offset = address - block.address;
      if (block.table !== table || offset < 0 || offset >= block.values.length) continue;
      const value = block.values[offset]!;
      return typeof value === 'boolean' ? Number(value) : value;
    }
    return undefined;
  }
}
