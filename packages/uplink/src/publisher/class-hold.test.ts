import { describe, expect, it } from 'vitest';
import type { MessageClass } from '../message-class.js';
import { ClassHold, type HoldTimers } from './class-hold.js';

/** A timer double: callbacks run only when the test fires them. */
class ManualTimers implements HoldTimers {
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  private nextId = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { callback, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const { callback } of due) callback();
  }
}

function hold() {
  const timers = new ManualTimers();
  const released: MessageClass[] = [];
  const h = new ClassHold(
    { minMs: 100, maxMs: 1000, jitter: 0 },
    undefined,
    (cls) => released.push(cls),
    timers,
  );
  return { h, timers, released };
}

describe('ClassHold', () => {
  it('holds a refused class, then probes it, then frees it on the first delivery', () => {
    const { h, timers, released } = hold();
    expect(h.refused('data')).toEqual({ attempt: 1, retryInMs: 100 });
    expect(h.isHeld('data')).toBe(true);
    expect(h.isHeld('alarm')).toBe(false);
    // A delivery of a message sent before the refusal does not cut the hold short.
    h.delivered('data');
    expect(h.isHeld('data')).toBe(true);
    timers.fireAll();
    expect(released).toEqual(['data']);
    expect(h.isHeld('data')).toBe(false);
    expect(h.isProbing('data')).toBe(true);
    h.delivered('data');
    expect(h.classes()).toEqual([]);
    // Freed: the next refusal starts from the first delay again.
    expect(h.refused('data')).toEqual({ attempt: 1, retryInMs: 100 });
  });

  it('lets refusals during a hold join it, and backs off while the probe keeps being refused', () => {
    const { h, timers } = hold();
    h.refused('status');
    expect(h.refused('status')).toEqual({ attempt: 1, retryInMs: 100 });
    expect(timers.pending.size).toBe(1);
    timers.fireAll();
    expect(h.refused('status')).toEqual({ attempt: 2, retryInMs: 200 });
    timers.fireAll();
    expect(h.refused('status')).toEqual({ attempt: 3, retryInMs: 400 });
    timers.fireAll();
    timers.fireAll();
    expect(h.refused('status').retryInMs).toBe(800);
  });

  it('cancels pending retries when cleared', () => {
    const { h, timers, released } = hold();
    h.refused('data');
    h.refused('alarm');
    h.clear();
    expect(timers.pending.size).toBe(0);
    expect(h.classes()).toEqual([]);
    expect(released).toEqual([]);
  });
});
