import { describe, expect, it } from 'vitest';
import { ManualClock, realClock, type SimClock } from './clock.js';

/** The `SimClock` contract, run against the real clock and its manual double. */
function describeClock(
  name: string,
  build: () => { clock: SimClock; elapse: (ms: number) => Promise<void> },
) {
  describe(`SimClock conformance: ${name}`, () => {
    it('runs timers in time order and never before they are due', async () => {
      const { clock, elapse } = build();
      const start = clock.now();
      const ran: string[] = [];
      clock.schedule(6, () => ran.push(`b ${clock.now() - start >= 6}`));
      clock.schedule(2, () => ran.push(`a ${clock.now() - start >= 2}`));
      await elapse(30);
      expect(ran).toEqual(['a true', 'b true']);
    });

    it('does not run a cancelled timer', async () => {
      const { clock, elapse } = build();
      const ran: string[] = [];
      const cancel = clock.schedule(2, () => ran.push('cancelled'));
      clock.schedule(3, () => ran.push('kept'));
      cancel();
      await elapse(30);
      expect(ran).toEqual(['kept']);
    });
  });
}

describeClock('realClock', () => ({
  clock: realClock,
  elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}));
describeClock('ManualClock', () => {
  const clock = new ManualClock();
  return { clock, elapse: async (ms) => clock.advance(ms) };
});
