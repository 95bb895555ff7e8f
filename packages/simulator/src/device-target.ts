import type { Fault } from './faults.js';
import type { ProfileDevice } from './profile-device.js';
import type { ScenarioStep } from './scenario-schema.js';
import type { ScenarioTarget } from './scenario-target.js';
import type { SlaveEngine } from './slave-engine.js';

/** What can vanish and come back: the server or port a device is reached through. */
export interface Vanishable {
  vanish(): Promise<void>;
  restore(): Promise<void>;
}

/**
 * A Modbus device as a scenario target: values through its profile, faults through the engine of its
 * line (per unit id), port vanishing through the line's server.
 */
export function modbusDeviceTarget(
  device: ProfileDevice,
  engine: SlaveEngine,
  unit: number,
  line: Vanishable,
): ScenarioTarget {
  const profile = device.profile;
  const target: ScenarioTarget = {
    setPoint: (pointId, value) => device.setPoint(pointId, value),
    setRegister: (name, raw) => device.setRegister(name, raw),
    setEvent: (eventId, state) => device.setEvent(eventId, state),
    setFault: (fault: Fault) => engine.setFault(unit, fault),
    clearFault: () => engine.clearFault(unit),
    vanish: () => line.vanish(),
    restore: () => line.restore(),
    validate(step: ScenarioStep) {
      const missing = (what: string, ids: string[] | undefined, known: string[]) => {
        const unknown = (ids ?? []).filter((id) => !known.includes(id));
        return unknown.length > 0
          ? `profile "${profile.id}" has no ${what} ${unknown.map((u) => `"${u}"`).join(', ')} (${what}s: ${known.join(', ') || 'none'})`
          : undefined;
      };
      return (
        missing(
          'point',
          step.set && Object.keys(step.set),
          profile.points.map((p) => p.id),
        ) ??
        missing('register', step.registers && Object.keys(step.registers), Object.keys(profile.registers)) ??
        missing(
          'event',
          step.event && Object.keys(step.event),
          profile.events.map((e) => e.id),
        ) ??
        (step.panelPoint || step.reset
          ? profile.panel
            ? undefined
            : `profile "${profile.id}" has no panel points`
          : undefined)
      );
    },
  };
  if (profile.panel) {
    target.setPanelPoint = (loop, address, state) => device.setPanelPoint(loop, address, state);
    target.resetPanel = () => device.resetPanel();
  }
  return target;
}
