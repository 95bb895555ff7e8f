import type { Fault } from './faults.js';
import type { PanelPointState } from './profile-device.js';
import type { ScenarioStep } from './scenario-schema.js';

/**
 * What a scenario can do to one simulated device. Every method is optional: a Modbus transmitter has
 * no panel points, a serial panel has no registers; a step asking for what the target lacks is
 * rejected before the scenario starts.
 */
export interface ScenarioTarget {
  setPoint?(pointId: string, value: number): void;
  setRegister?(name: string, raw: number): void;
  setEvent?(eventId: string, state: PanelPointState): void;
  setPanelPoint?(loop: number, address: number, state: PanelPointState): void;
  resetPanel?(): void;
  setFault?(fault: Fault): void;
  clearFault?(): void;
  vanish?(): Promise<void>;
  restore?(): Promise<void>;
  /** Names what in `step` this target does not have (unknown point, register...), or `undefined`. */
  validate?(step: ScenarioStep): string | undefined;
}

/** A target that records what it was asked, for tests. */
export class RecordingTarget implements Required<Omit<ScenarioTarget, 'validate'>> {
  readonly calls: string[] = [];
  setPoint(pointId: string, value: number): void {
    this.calls.push(`setPoint ${pointId} ${value}`);
  }
  setRegister(name: string, raw: number): void {
    this.calls.push(`setRegister ${name} ${raw}`);
  }
  setEvent(eventId: string, state: PanelPointState): void {
    this.calls.push(`setEvent ${eventId} ${state}`);
  }
  setPanelPoint(loop: number, address: number, state: PanelPointState): void {
    this.calls.push(`setPanelPoint ${loop}-${address} ${state}`);
  }
  resetPanel(): void {
    this.calls.push('resetPanel');
  }
  setFault(fault: Fault): void {
    this.calls.push(`setFault ${fault.kind}`);
  }
  clearFault(): void {
    this.calls.push('clearFault');
  }
  async vanish(): Promise<void> {
    this.calls.push('vanish');
  }
  async restore(): Promise<void> {
    this.calls.push('restore');
  }
}
