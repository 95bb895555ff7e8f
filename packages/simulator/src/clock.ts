/**
 * Time as the scenario runner sees it: a seam so that tests drive scenarios with a manual clock
 * (deterministic, instant) while the CLI uses real timers.
 */
export interface SimClock {
  /** Milliseconds since an arbitrary origin. */
  now(): number;
  /** Runs `run` after `ms`; returns a function that cancels it. */
  schedule(ms: number, run: () => void): () => void;
}

/** The real clock (Node timers). */
export const realClock: SimClock = {
  now: () => performance.now(),
  schedule(ms, run) {
    const timer = setTimeout(run, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

interface Pending {
  at: number;
  order: number;
  run: () => void;
  cancelled: boolean;
}

/** A clock that moves only when told: the test double of `SimClock`. */
export class ManualClock implements SimClock {
  private time = 0;
  private order = 0;
  private pending: Pending[] = [];

  now(): number {
    return this.time;
  }

  schedule(ms: number, run: () => void): () => void {
    const entry: Pending = { at: this.time + Math.max(0, ms), order: this.order++, run, cancelled: false };
    this.pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }

  /** Moves time forward by `ms`, running every timer due on the way, in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.pending = this.pending.filter((p) => !p.cancelled);
      const next = this.pending
        .filter((p) => p.at <= end)
        .sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!next) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      this.time = next.at;
      next.run();
    }
    this.time = end;
  }

  /** Timers still waiting. */
  get waiting(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }
}
