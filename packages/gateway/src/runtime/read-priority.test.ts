import { profiles, readPlanFor } from '@firecode/devices';
import { describe, expect, it } from 'vitest';
import { prioritisedPlan, readPriorityOf } from './read-priority.js';

const profile = (id: string) => {
  const found = profiles.find((p) => p.id === id);
  if (!found) throw new Error(`no built-in profile ${id}`);
  return found;
};

describe('readPriorityOf', () => {
  it('puts a panel’s point block and its power supervision registers first, at high priority', () => {
    const panel = profile('gst-modbus-panel');
    const plan = prioritisedPlan(readPlanFor(panel, { loops: [1] }), readPriorityOf(panel));
    expect(plan.length).toBeGreaterThan(0);
    expect(plan.every((p) => p.priority === 'high')).toBe(true);
  });

  it('polls a transmitter’s analog registers at normal priority', () => {
    const transmitter = profile('mpd-380');
    const plan = prioritisedPlan(readPlanFor(transmitter), readPriorityOf(transmitter));
    expect(plan.map((p) => p.priority)).not.toContain('high');
  });

  it('orders event reads before routine reads in a mixed device', () => {
    const io = profile('generic-digital-input-module');
    const priorityOf = readPriorityOf(io);
    const routine = { table: 'holding' as const, address: 9000, count: 4 };
    const [event] = readPlanFor(io);
    expect(event).toBeDefined();
    const plan = prioritisedPlan([routine, event!], priorityOf);
    expect(plan.map((p) => p.priority)).toEqual(['high', 'normal']);
    expect(plan[0]!.read).toEqual(event);
  });
});
