import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRtuBus } from './create-bus.js';
import { lineTiming } from './line-timing.js';
import type { ModbusBus } from './modbus-bus.js';
import { mockBindingWithSlave } from './testing/mock-binding-slave.js';
import { TestSlave } from './testing/test-slave.js';

/**
 * Must hold: two slaves on one line, one of them dead; the live one keeps at least 90 % of its poll
 * rate. Shown with serialport's MockBinding under a virtual clock (vitest fake timers): every poll is
 * counted, no wall-clock time is measured, so the result is the same on a loaded machine.
 */

const POLL_PERIOD_MS = 200;
const VIRTUAL_RUN_MS = 60_000;
const timing = lineTiming({ baudRate: 9600 });
let portNumber = 0;

/** Polls `unit` every POLL_PERIOD_MS (or as soon as the previous poll ends, if it overran) until `endAt`. */
async function poll(bus: ModbusBus, unit: number, endAt: number, counts: { ok: number; failed: number }) {
  let next = performance.now();
  while (performance.now() < endAt) {
    try {
      await bus.readHoldingRegisters(unit, 0, 10);
      counts.ok++;
    } catch {
      counts.failed++;
    }
    next += POLL_PERIOD_MS;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    else next = performance.now();
  }
}

async function livePollsOnSharedLine(withDeadSlave: boolean, failureThreshold: number) {
  const slave = new TestSlave().addUnit(1).addUnit(2, { dead: true });
  const path = `/dev/mock-dead-slave-${portNumber++}`;
  const { binding } = mockBindingWithSlave(slave, path, { timing, simulateWireTime: true, turnaroundMs: 5 });
  const bus = createRtuBus({
    path,
    binding,
    baudRate: 9600,
    timeoutMs: 500,
    retries: 1,
    breaker: { failureThreshold, probeIntervalMs: 10_000, maxProbeIntervalMs: 10_000 },
  });
  const live = { ok: 0, failed: 0 };
  const dead = { ok: 0, failed: 0 };
  const endAt = performance.now() + VIRTUAL_RUN_MS;
  const loops = [poll(bus, 1, endAt, live)];
  if (withDeadSlave) loops.push(poll(bus, 2, endAt, dead));
  await vi.advanceTimersByTimeAsync(VIRTUAL_RUN_MS + 5_000);
  await Promise.all(loops);
  const stats = bus.stats();
  await bus.close();
  return { live, dead, stats };
}

describe('a dead slave on a shared RS-485 line', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('costs the live slave less than 10 % of its poll rate (circuit breaker)', async () => {
    const alone = await livePollsOnSharedLine(false, 3);
    const shared = await livePollsOnSharedLine(true, 3);
    const expected = VIRTUAL_RUN_MS / POLL_PERIOD_MS;
    expect(alone.live.ok).toBeGreaterThanOrEqual(expected * 0.99);
    expect(alone.live.failed).toBe(0);
    expect(shared.live.failed).toBe(0);
    expect(shared.live.ok / alone.live.ok).toBeGreaterThanOrEqual(0.9);
    // The dead slave was skipped, not hammered: a few timeouts to open the breaker, then one probe per 10 s.
    expect(shared.stats.errors.MODBUS_TIMEOUT).toBeLessThanOrEqual(3 + VIRTUAL_RUN_MS / 10_000 + 1);
    expect(shared.stats.errors.MODBUS_CIRCUIT_OPEN).toBeGreaterThan(200);
    expect(shared.stats.units[2]?.breaker).not.toBe('closed');
  });

  it('would lose most of the live poll rate without the breaker (the test can fail)', async () => {
    const alone = await livePollsOnSharedLine(false, 1_000_000);
    const shared = await livePollsOnSharedLine(true, 1_000_000);
    expect(shared.live.ok / alone.live.ok).toBeLessThan(0.5);
  });
});
