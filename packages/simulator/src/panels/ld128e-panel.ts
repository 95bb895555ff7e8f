import {
  type ByteStream,
  encodeLd128eRecord,
  LD128E_IDLE,
  LD128E_POLL,
  type Ld128eRecord,
  ld128eEventCodes,
} from '@firecode/devices';
import { simulatorError } from '../errors.js';
import type { PanelPointState } from '../profile-device.js';
import type { ScenarioStep } from '../scenario-schema.js';
import type { ScenarioTarget } from '../scenario-target.js';
import { PanelPoints } from './panel-state.js';

/** Counters of a simulated LD128E panel. */
export interface Ld128ePanelStats {
  polls: number;
  idleReplies: number;
  records: number;
  /** Bytes received that were not the poll byte (counted, ignored like the real panel). */
  unexpectedBytes: number;
  /** Polls left unanswered while `silent`. */
  unanswered: number;
  /** Records waiting for a poll. */
  queued: number;
}

/**
 * A simulated LD128E panel on its CRT port: answers each poll byte 0x20 with the oldest queued
 * record `[event, loop, address]` (the device library's encoder) or 0x7F when it has nothing.
 * Scenario steps turn into records: fire → 01, fault → 02, normal after a fault → 05, reset → 50.
 */
export class Ld128ePanel implements ScenarioTarget {
  private readonly queue: Ld128eRecord[] = [];
  private readonly points = new PanelPoints();
  private readonly detach: () => void;
  private silent = false;
  private readonly counters = { polls: 0, idleReplies: 0, records: 0, unexpectedBytes: 0, unanswered: 0 };

  constructor(private readonly stream: ByteStream) {
    this.detach = stream.onData((chunk) => this.receive(chunk));
  }

  /** Queues a raw record, e.g. `{ code: 0x12, loop: 0, address: 0 }` (main power fault). */
  queueRecord(record: Ld128eRecord): void {
    this.queue.push(record);
  }

  setPanelPoint(loop: number, address: number, state: PanelPointState): void {
    const before = this.points.change(loop, address, state);
    const code = codeFor(state, before);
    if (code !== undefined) this.queue.push({ code, loop, address });
  }

  /** Panel reset: record 0x50 and every point back to normal. */
  resetPanel(): void {
    this.points.reset();
    this.queue.push({ code: 0x50, loop: 0, address: 0 });
  }

  /** `no-answer` / `offline` make the panel ignore polls; other Modbus faults do not apply here. */
  setFault(fault: { kind: string }): void {
    if (fault.kind !== 'no-answer' && fault.kind !== 'offline') {
      throw simulatorError(
        'SIM_OPTIONS_INVALID',
        `an LD128E panel can only go silent (no-answer, offline), not "${fault.kind}"`,
      );
    }
    this.silent = true;
  }

  clearFault(): void {
    this.silent = false;
  }

  validate(step: ScenarioStep): string | undefined {
    if (step.fault && step.fault.kind !== 'no-answer' && step.fault.kind !== 'offline') {
      return `an LD128E panel can only go silent (no-answer, offline), not "${step.fault.kind}"`;
    }
    if (
      step.panelPoint &&
      typeof step.panelPoint.state === 'string' &&
      codeFor(step.panelPoint.state, 'fault') === undefined &&
      step.panelPoint.state !== 'normal'
    ) {
      return `LD128E has no event for "${step.panelPoint.state}": use ${Object.values(ld128eEventCodes)
        .filter((m) => m.active && m.point)
        .map((m) => m.kind)
        .join(', ')} or a raw code`;
    }
    return undefined;
  }

  stats(): Ld128ePanelStats {
    return { ...this.counters, queued: this.queue.length };
  }

  /** Stops listening to the stream. */
  close(): void {
    this.detach();
  }

  private receive(chunk: Uint8Array): void {
    for (const byte of chunk) {
      if (byte !== LD128E_POLL) {
        this.counters.unexpectedBytes++;
        continue;
      }
      this.counters.polls++;
      if (this.silent) {
        this.counters.unanswered++;
        continue;
      }
      const record = this.queue.shift();
      if (record) {
        this.counters.records++;
        this.stream.write(encodeLd128eRecord(record));
      } else {
        this.counters.idleReplies++;
        this.stream.write(Uint8Array.of(LD128E_IDLE));
      }
    }
  }
}

/** The LD128E event code for a new point state, given the one before (undefined: nothing to report). */
function codeFor(state: PanelPointState, before: string): number | undefined {
  if (typeof state === 'number') return state;
  if (state === 'normal') {
    // The end of what was active: fault restored (05), feedback cleared (0B); a fire ends only by reset.
    const end = Object.entries(ld128eEventCodes).find(([, m]) => m.kind === before && !m.active && m.point);
    return end ? Number(end[0]) : undefined;
  }
  const start = Object.entries(ld128eEventCodes).find(([, m]) => m.kind === state && m.active && m.point);
  return start ? Number(start[0]) : undefined;
}
