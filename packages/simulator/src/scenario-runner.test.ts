import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { runScenario } from './scenario-runner.js';
import { parseScenario } from './scenario-schema.js';
import { RecordingTarget } from './scenario-target.js';

const scenario = parseScenario({
  seed: 42,
  steps: [
    { at: 5, device: 'panel', panelPoint: { loop: 1, address: 23, state: 'fire' } },
    { at: 30, device: 'riser', set: { pressure: 80 } },
    { at: 40, device: 'riser', fault: { kind: 'no-answer' }, for: 10 },
    { at: 60, device: 'panel', reset: true },
  ],
  walks: [{ device: 'riser', point: 'pressure', start: 350, min: 300, max: 400, step: 5, every: 1 }],
  duration: 70,
});

function run() {
  const clock = new ManualClock();
  const panel = new RecordingTarget();
  const riser = new RecordingTarget();
  const running = runScenario(
    scenario,
    new Map([
      ['panel', panel],
      ['riser', riser],
    ]),
    { clock },
  );
  return { clock, panel, riser, running };
}

describe('runScenario', () => {
  it('applies the timeline at its times, fault end included', () => {
    const { clock, panel, riser } = run();
    clock.advance(4_999);
    expect(panel.calls).toEqual([]);
    clock.advance(1);
    expect(panel.calls).toEqual(['setPanelPoint 1-23 fire']);
    clock.advance(25_000);
    expect(riser.calls.filter((c) => !c.startsWith('setPoint pressure 3'))).toContain('setPoint pressure 80');
    clock.advance(10_000);
    expect(riser.calls).toContain('setFault no-answer');
    expect(riser.calls).not.toContain('clearFault');
    clock.advance(10_000);
    expect(riser.calls).toContain('clearFault');
    clock.advance(10_000);
    expect(panel.calls).toEqual(['setPanelPoint 1-23 fire', 'resetPanel']);
  });

  it('walks deterministically for a seed, within bounds and steps', async () => {
    const a = run();
    const b = run();
    a.clock.advance(20_000);
    b.clock.advance(20_000);
    const values = a.riser.calls.map((c) => Number(c.split(' ')[2]));
    expect(a.riser.calls).toEqual(b.riser.calls);
    expect(values).toHaveLength(21); // the start, then one per second
    expect(values[0]).toBe(350);
    for (let i = 1; i < values.length; i++) {
      expect(Math.abs((values[i] as number) - (values[i - 1] as number))).toBeLessThanOrEqual(5.05);
      expect(values[i]).toBeGreaterThanOrEqual(300);
      expect(values[i]).toBeLessThanOrEqual(400);
    }
    expect(new Set(values).size).toBeGreaterThan(5);
  });

  it('finishes at its duration and stops the walks', async () => {
    const { clock, running, riser } = run();
    clock.advance(70_000);
    await running.finished;
    const ticks = riser.calls.length;
    clock.advance(10_000);
    expect(riser.calls.length).toBe(ticks);
    expect(clock.waiting).toBe(0);
    expect(running.stats.steps).toBe(4);
  });

  it('rejects steps for unknown devices or actions the device cannot do, before starting', () => {
    const onlyPoints = { setPoint: () => {} };
    expect(() =>
      runScenario(scenario, new Map([['riser', onlyPoints]]), { clock: new ManualClock() }),
    ).toThrow(
      expect.objectContaining({
        code: 'SIM_SCENARIO_INVALID',
        message: expect.stringMatching(
          /steps\[0\]\.device: no device "panel"[\s\S]*steps\[2\]\.fault: device "riser" cannot do that/,
        ),
      }),
    );
  });

  it('counts a failing step and goes on', () => {
    const clock = new ManualClock();
    const errors: string[] = [];
    const failing = {
      setPoint: () => {
        throw new Error('value does not fit');
      },
    };
    const running = runScenario(
      parseScenario({
        steps: [
          { at: 1, device: 'x', set: { p: 1 } },
          { at: 2, device: 'x', set: { p: 2 } },
        ],
      }),
      new Map([['x', failing]]),
      { clock, onError: (error) => errors.push((error as Error).message) },
    );
    clock.advance(3_000);
    expect(running.stats).toMatchObject({ steps: 2, failures: 2 });
    expect(errors).toEqual(['value does not fit', 'value does not fit']);
  });
});

describe('parseScenario', () => {
  it('names each problem with its path', () => {
    expect(() =>
      parseScenario(
        {
          steps: [
            { at: -1, device: 'a', set: { p: 1 } },
            { at: 1, device: 'a', fault: { kind: 'melt' } },
          ],
        },
        'demo.yaml',
      ),
    ).toThrow(/demo\.yaml is not a valid scenario:\n {2}steps\[0\]\.at: [^\n]+\n {2}steps\[1\]\.fault\.kind/);
  });

  it('insists on exactly one action per step', () => {
    expect(() => parseScenario({ steps: [{ at: 1, device: 'a', set: { p: 1 }, reset: true }] })).toThrow(
      /exactly one thing/,
    );
  });
});
