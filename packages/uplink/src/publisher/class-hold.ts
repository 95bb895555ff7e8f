import type { MessageClass } from '../message-class.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';

/** The retry a refusal scheduled for its class. */
export interface ClassRetry {
  /** 1 for the first refusal since the class last got through. */
  readonly attempt: number;
  /** Delay before the class is tried again. */
  readonly retryInMs: number;
}

/** Timers, so that tests of the hold alone can drive time. */
export interface HoldTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: HoldTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface ClassState {
  attempt: number;
  retry: ClassRetry;
  /** Pending release; undefined once released (then the class is probing). */
  timer: unknown;
}

/**
 * Holds back a message class after the broker refused one of its publishes (an MQTT 5 PUBACK with a
 * failure reason code, e.g. 0x87 not authorized). Without it the refused message would wait for the
 * next unrelated wake-up and could go out after later messages of its class. A held class publishes
 * nothing until its backoff delay has passed; then it is *probing*: one message at a time (the oldest,
 * so order within the class holds) until one is acknowledged, which releases the class; another
 * refusal holds it again with a longer delay.
 */
export class ClassHold {
  private readonly states = new Map<MessageClass, ClassState>();

  constructor(
    private readonly backoff: BackoffOptions | undefined,
    private readonly random: (() => number) | undefined,
    /** Called when a held class may be tried again. */
    private readonly onRelease: (cls: MessageClass) => void,
    private readonly timers: HoldTimers = realTimers,
  ) {}

  /**
   * A publish of `cls` was refused: holds the class and schedules its retry. Refusals that arrive
   * while the class is already held (messages that were in flight behind the first) join that retry.
   */
  refused(cls: MessageClass): ClassRetry {
    const state = this.states.get(cls);
    if (state?.timer !== undefined) return state.retry;
    const attempt = (state?.attempt ?? 0) + 1;
    const retry: ClassRetry = {
      attempt,
      retryInMs: backoffDelay(attempt - 1, this.backoff, this.random),
    };
    const next: ClassState = { attempt, retry, timer: undefined };
    next.timer = this.timers.setTimeout(() => {
      next.timer = undefined;
      this.onRelease(cls);
    }, retry.retryInMs);
    this.states.set(cls, next);
    return retry;
  }

  /** A message of `cls` was acknowledged: the class is free again. */
  delivered(cls: MessageClass): void {
    const state = this.states.get(cls);
    // A late PUBACK for a message sent before the refusal must not cut a pending hold short.
    if (state && state.timer === undefined) this.states.delete(cls);
  }

  /** True while `cls` must not publish at all (its retry delay is running). */
  isHeld(cls: MessageClass): boolean {
    return this.states.get(cls)?.timer !== undefined;
  }

  /** True when `cls` was refused, its delay has passed, and no message has got through since. */
  isProbing(cls: MessageClass): boolean {
    const state = this.states.get(cls);
    return state !== undefined && state.timer === undefined;
  }

  /** Classes currently held or probing. */
  classes(): MessageClass[] {
    return [...this.states.keys()];
  }

  /** Cancels every pending retry (the uplink is closing). */
  clear(): void {
    for (const state of this.states.values()) {
      if (state.timer !== undefined) this.timers.clearTimeout(state.timer);
    }
    this.states.clear();
  }
}
