import { describe, expect, it } from 'vitest';
import { ManualClock, realClock, type SimClock } from './clock.js';

/**
 * The `SimClock` contract, run against the real clock and its manual double. `settle` lets time pass
 * until `done()` (the real clock: polled, bounded; the manual one: advanced).
 */
function describeClock(
  name: string,
  build: () => { clock: SimClock; settle: (done: () => boolean) => Promise<void> },
) {
  describe(`SimClock conformance: ${name}`, () => {
    it('runs timers in time order, not before they are due', async () => {
      const { clock, settle } = build();
      const start = clock.now();
      const ran: [string, number][] = [];
      clock.schedule(6, () => ran.push(['b', clock.now() - start]));
      clock.schedule(2, () => ran.push(['a', clock.now() - start]));
      await settle(() => ran.length === 2);
      expect(ran.map(([id]) => id)).toEqual(['a', 'b']);
      // Node's timers count whole milliseconds against a finer clock: allow that one millisecond.
      expect(ran[0]![1]).toBeGreaterThanOrEqual(1);
      expect(ran[1]![1]).toBeGreaterThanOrEqual(5);
    });

    it('does not run a cancelled timer', async () => {
      const { clock, settle } = build();
      const ran: string[] = [];
      const cancel = clock.schedule(2, () => ran.push('cancelled'));
      clock.schedule(3, () => ran.push('kept'));
      cancel();
      // Due first, the cancelled timer would have run before the kept one.
      await settle(() => ran.length >= 1);
      expect(ran).toEqual(['kept']);
    });
  });
}

describeClock('realClock', () => ({
  clock: realClock,
  async settle(done) {
    for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  },
}));
describeClock('ManualClock', () => {
  const clock = new ManualClock();
  return {
    clock,
    async settle() {
      clock.advance(30);
    },
  };
});
