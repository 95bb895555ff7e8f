import { realClock, type SimClock } from './clock.js';
import { simulatorError } from './errors.js';
import type { Scenario, ScenarioStep } from './scenario-schema.js';
import type { ScenarioTarget } from './scenario-target.js';
import { seededRandom } from './seeded-random.js';

/** Options of `runScenario`. */
export interface RunScenarioOptions {
  /** Default: the real clock. Tests pass a `ManualClock`. */
  clock?: SimClock;
  /** Told about every step applied (for the CLI's log). */
  onStep?: (description: string, atMs: number) => void;
  /** A step that failed while running (the scenario goes on; failures are counted). */
  onError?: (error: unknown, description: string) => void;
}

/** A running scenario. */
export interface RunningScenario {
  /** Steps applied, walk ticks applied, and failures so far. */
  readonly stats: { steps: number; walkTicks: number; failures: number };
  /** Resolves when every timeline step ran and, with `duration`, when it has elapsed. */
  readonly finished: Promise<void>;
  /** Cancels everything still scheduled. */
  stop(): void;
}

/**
 * Runs a scenario against named targets. Every step is checked against its target before anything
 * starts (unknown device, or an action the target cannot do: `SIM_SCENARIO_INVALID`). Random walks
 * are seeded: the same scenario gives the same values on every run.
 */
export function runScenario(
  scenario: Scenario,
  targets: ReadonlyMap<string, ScenarioTarget>,
  options: RunScenarioOptions = {},
): RunningScenario {
  checkScenario(scenario, targets);
  const clock = options.clock ?? realClock;
  const start = clock.now();
  const cancels = new Set<() => void>();
  const stats = { steps: 0, walkTicks: 0, failures: 0 };
  let stopped = false;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => {
    resolveFinished = resolve;
  });

  const at = (ms: number, run: () => void) => {
    const cancel = clock.schedule(ms - (clock.now() - start), () => {
      cancels.delete(cancel);
      if (!stopped) run();
    });
    cancels.add(cancel);
  };
  const attempt = (description: string, run: () => void | Promise<void>) => {
    try {
      const result = run();
      options.onStep?.(description, clock.now() - start);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          stats.failures++;
          options.onError?.(error, description);
        });
      }
    } catch (error) {
      stats.failures++;
      options.onError?.(error, description);
    }
  };

  let pendingSteps = scenario.steps.length;
  const stepDone = () => {
    pendingSteps--;
    maybeFinish();
  };
  let durationOver = scenario.duration === undefined;
  const maybeFinish = () => {
    if (pendingSteps === 0 && durationOver) {
      if (scenario.duration !== undefined) stop();
      resolveFinished();
    }
  };

  for (const step of scenario.steps) {
    const target = targets.get(step.device) as ScenarioTarget;
    at(step.at * 1000, () => {
      stats.steps++;
      attempt(describeStep(step), () => applyStep(step, target));
      if (step.fault && step.for !== undefined) {
        // The fault's end is part of the same step: counted when the step is done.
        pendingSteps++;
        at((step.at + step.for) * 1000, () => {
          attempt(`${step.device}: fault ${step.fault?.kind} ends`, () => target.clearFault?.());
          stepDone();
        });
      }
      stepDone();
    });
  }

  scenario.walks.forEach((walk, index) => {
    const target = targets.get(walk.device) as ScenarioTarget;
    const random = seededRandom(walk.seed ?? scenario.seed * 1000 + index);
    const factor = 10 ** walk.decimals;
    let value = walk.start;
    let tick = 0;
    const next = () => {
      tick++;
      value = Math.min(walk.max, Math.max(walk.min, value + (random() * 2 - 1) * walk.step));
      value = Math.round(value * factor) / factor;
      const current = value;
      stats.walkTicks++;
      attempt(`${walk.device}.${walk.point} = ${current}`, () => target.setPoint?.(walk.point, current));
      at(walk.every * 1000 * (tick + 1), next);
    };
    attempt(`${walk.device}.${walk.point} = ${value} (walk start)`, () =>
      target.setPoint?.(walk.point, value),
    );
    at(walk.every * 1000, next);
  });

  if (scenario.duration !== undefined) {
    at(scenario.duration * 1000, () => {
      durationOver = true;
      maybeFinish();
    });
  }
  maybeFinish();

  const stop = () => {
    stopped = true;
    for (const cancel of cancels) cancel();
    cancels.clear();
  };
  return {
    stats,
    finished,
    stop() {
      stop();
      resolveFinished();
    },
  };
}

function applyStep(step: ScenarioStep, target: ScenarioTarget): void | Promise<void> {
  if (step.set) for (const [point, value] of Object.entries(step.set)) target.setPoint?.(point, value);
  if (step.registers)
    for (const [name, raw] of Object.entries(step.registers)) target.setRegister?.(name, raw);
  if (step.event) for (const [id, state] of Object.entries(step.event)) target.setEvent?.(id, state);
  if (step.panelPoint)
    target.setPanelPoint?.(step.panelPoint.loop, step.panelPoint.address, step.panelPoint.state);
  if (step.reset) target.resetPanel?.();
  if (step.fault) target.setFault?.(step.fault);
  if (step.clearFault) target.clearFault?.();
  if (step.port === 'vanish') return target.vanish?.();
  if (step.port === 'restore') return target.restore?.();
}

/** A one-line account of a step, for logs. */
export function describeStep(step: ScenarioStep): string {
  const what = step.set
    ? `set ${Object.entries(step.set)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`
    : step.registers
      ? `registers ${Object.entries(step.registers)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`
      : step.event
        ? `event ${Object.entries(step.event)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`
        : step.panelPoint
          ? `panel point ${step.panelPoint.loop}-${step.panelPoint.address} ${step.panelPoint.state}`
          : step.reset
            ? 'panel reset'
            : step.fault
              ? `fault ${step.fault.kind}${step.for === undefined ? '' : ` for ${step.for} s`}`
              : step.clearFault
                ? 'fault cleared'
                : `port ${step.port}`;
  return `${step.device}: ${what}`;
}

const actionMethod: Record<string, keyof ScenarioTarget> = {
  set: 'setPoint',
  registers: 'setRegister',
  event: 'setEvent',
  panelPoint: 'setPanelPoint',
  reset: 'resetPanel',
  fault: 'setFault',
  clearFault: 'clearFault',
};

function checkScenario(scenario: Scenario, targets: ReadonlyMap<string, ScenarioTarget>): void {
  const problems: string[] = [];
  const known = [...targets.keys()].join(', ') || 'none';
  scenario.steps.forEach((step, i) => {
    const target = targets.get(step.device);
    if (!target) {
      problems.push(`steps[${i}].device: no device "${step.device}" (devices: ${known})`);
      return;
    }
    for (const [key, method] of Object.entries(actionMethod)) {
      if (step[key as keyof ScenarioStep] !== undefined && typeof target[method] !== 'function') {
        problems.push(`steps[${i}].${key}: device "${step.device}" cannot do that`);
      }
    }
    if (step.port && typeof target.vanish !== 'function')
      problems.push(`steps[${i}].port: device "${step.device}" has no port to vanish`);
    const problem = target.validate?.(step);
    if (problem) problems.push(`steps[${i}]: ${problem}`);
  });
  scenario.walks.forEach((walk, i) => {
    const target = targets.get(walk.device);
    if (!target) problems.push(`walks[${i}].device: no device "${walk.device}" (devices: ${known})`);
    else if (typeof target.setPoint !== 'function')
      problems.push(`walks[${i}]: device "${walk.device}" has no points`);
    else {
      const problem = target.validate?.({ at: 0, device: walk.device, set: { [walk.point]: walk.start } });
      if (problem) problems.push(`walks[${i}]: ${problem}`);
    }
  });
  if (problems.length > 0) {
    throw simulatorError(
      'SIM_SCENARIO_INVALID',
      `the scenario does not fit the simulated devices:\n  ${problems.join('\n  ')}`,
      {
        details: { problems: problems.length },
      },
    );
  }
}
