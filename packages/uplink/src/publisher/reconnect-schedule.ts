import { performance } from 'node:perf_hooks';
import { alarmAttemptGapMs, type BackoffOptions, backoffDelay } from './backoff.js';

/**
 * The back-off between connection attempts: exponential with jitter, counted since the last
 * successful connect, capped while an alarm waits, and cut short (within a minimum gap) by an alarm.
 */
export class ReconnectSchedule {
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  /** performance.now() of the last connection attempt, so an alarm forces attempts at most this often. */
  private lastAttemptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly backoff: BackoffOptions | undefined,
    private readonly random: (() => number) | undefined,
  ) {}

  /** A connection attempt starts now. */
  attemptStarted(): void {
    this.lastAttemptAt = performance.now();
  }

  /** A connect succeeded (or the settings changed): the next loss waits the shortest delay again. */
  reset(): void {
    this.failures = 0;
  }

  /**
   * Calls `due` after the next back-off delay and returns that delay. While an alarm waits the delay
   * is capped (`reconnect.alarmMaxMs`, default 2 s).
   */
  wait(alarmWaiting: boolean, due: () => void): number {
    const delay = backoffDelay(this.failures++, this.backoff, this.random, alarmWaiting);
    this.arm(due, delay);
    return delay;
  }

  /**
   * An alarm arrived while the link is down: the wait is cut, so the alarm does not sit out a back-off
   * of up to 30 s (GB 26875.1 gives it 10 s to reach the centre). Attempts stay at least
   * {@link alarmAttemptGapMs} apart, so a burst of alarms is not a burst of connects.
   */
  hurry(due: () => void): void {
    const gap = alarmAttemptGapMs(this.backoff);
    this.arm(due, Math.max(0, this.lastAttemptAt + gap - performance.now()));
  }

  /** No attempt is due any more. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(due: () => void, delayMs: number): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      due();
    }, delayMs);
  }
}
