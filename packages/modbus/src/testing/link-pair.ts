import type { ByteLink, ByteLinkReceiver } from '../byte-link.js';
import { nowMs, setTimeoutAtLeast } from '../clock.js';
import { modbusError } from '../errors.js';
import type { LineTiming } from '../line-timing.js';

/** Options of {@link createLinkPair}. */
export interface LinkPairOptions {
  /** Name of the simulated line (default `memory-line`). */
  name?: string;
  /**
   * Honour baud timing: a write occupies the shared half-duplex medium for its wire time and is
   * delivered when its last bit would arrive. Without it, bytes arrive on the next turn of the event loop.
   */
  timing?: LineTiming;
}

/** Counters of the shared medium of a {@link createLinkPair} pair. */
export interface LineMonitor {
  /** Frames (writes) carried. */
  frames: number;
  /** Writes that started while the other end was still transmitting (an RS-485 collision). */
  collisions: number;
  /** Writes that started less than the inter-frame silence after the previous frame ended. */
  gapViolations: number;
  /** Smallest silence seen between two frames (ms). */
  minGapMs: number;
  /** The last frames carried (at most 1000), oldest first. */
  history: LineFrame[];
}

/** One frame as the medium carried it. */
export interface LineFrame {
  sender: 'master' | 'slave';
  startMs: number;
  endMs: number;
  bytes: Uint8Array;
}

const HISTORY_LIMIT = 1000;

class MemoryLinkEnd implements ByteLink {
  isOpen = false;
  peer!: MemoryLinkEnd;
  private receiver: ByteLinkReceiver = { data: () => {}, closed: () => {} };

  constructor(
    readonly name: string,
    private readonly medium: Medium,
  ) {}

  setReceiver(receiver: ByteLinkReceiver): void {
    this.receiver = receiver;
  }

  open(): Promise<void> {
    this.isOpen = true;
    return Promise.resolve();
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) return Promise.reject(modbusError('MODBUS_DISCONNECTED', `${this.name} is not open`));
    this.medium.carry(this, Uint8Array.from(bytes));
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.isOpen) {
      this.isOpen = false;
      this.receiver.closed();
    }
    return Promise.resolve();
  }

  deliver(bytes: Uint8Array): void {
    if (this.isOpen) this.receiver.data(bytes);
  }
}

class Medium {
  master: MemoryLinkEnd | undefined;

  readonly monitor: LineMonitor = {
    frames: 0,
    collisions: 0,
    gapViolations: 0,
    minGapMs: Number.POSITIVE_INFINITY,
    history: [],
  };
  private busyUntil = Number.NEGATIVE_INFINITY;
  private sender: MemoryLinkEnd | undefined;

  constructor(private readonly timing: LineTiming | undefined) {}

  private record(from: MemoryLinkEnd, startMs: number, endMs: number, bytes: Uint8Array): void {
    const history = this.monitor.history;
    if (history.length >= HISTORY_LIMIT) history.shift();
    history.push({ sender: from === this.master ? 'master' : 'slave', startMs, endMs, bytes });
  }

  carry(from: MemoryLinkEnd, bytes: Uint8Array): void {
    this.monitor.frames++;
    const to = from.peer;
    const now = nowMs();
    if (!this.timing) {
      this.record(from, now, now, bytes);
      setImmediate(() => to.deliver(bytes));
      return;
    }
    if (now < this.busyUntil && this.sender !== from) this.monitor.collisions++;
    // A sender appends to its own transmission; a new frame starts when the medium is free.
    const start = Math.max(now, this.sender === from ? this.busyUntil : now);
    if (this.busyUntil > Number.NEGATIVE_INFINITY && start >= this.busyUntil) {
      const gap = start - this.busyUntil;
      this.monitor.minGapMs = Math.min(this.monitor.minGapMs, gap);
      // Timers round to whole ms; tolerate 0.05 ms of float noise only.
      if (gap + 0.05 < this.timing.interFrameMs) this.monitor.gapViolations++;
    }
    this.sender = from;
    this.busyUntil = start + this.timing.wireMs(bytes.length);
    this.record(from, start, this.busyUntil, bytes);
    setTimeoutAtLeast(() => to.deliver(bytes), this.busyUntil - now);
  }
}

/**
 * Two connected in-memory {@link ByteLink}s: the test double of a serial line (master end, slave end).
 * With `timing` it behaves like a half-duplex RS-485 line at that baud rate and counts collisions and
 * inter-frame silence violations in `monitor`.
 */
export function createLinkPair(options: LinkPairOptions = {}): {
  master: ByteLink;
  slave: ByteLink;
  monitor: LineMonitor;
} {
  const medium = new Medium(options.timing);
  const name = options.name ?? 'memory-line';
  const master = new MemoryLinkEnd(name, medium);
  const slave = new MemoryLinkEnd(`${name}/slave`, medium);
  medium.master = master;
  master.peer = slave;
  slave.peer = master;
  return { master, slave, monitor: medium.monitor };
}
