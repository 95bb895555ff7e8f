import { simulatorError } from './errors.js';
import type { Fault, FaultDuration, FaultKind } from './faults.js';
import { answerPdu, exceptionPdu } from './pdu.js';
import type { SlaveQuirks } from './quirks.js';
import type { RegisterBank } from './register-bank.js';
import { seededRandom } from './seeded-random.js';

/** One simulated unit id: its data and the ways it departs from the specification. */
export interface SimulatedUnit {
  bank: RegisterBank;
  quirks?: SlaveQuirks;
}

/** Units by unit id (1..247; 0 is broadcast on RTU, 255 is accepted for TCP devices). */
export type UnitMap =
  | Map<number, RegisterBank | SimulatedUnit>
  | Record<number, RegisterBank | SimulatedUnit>;

/**
 * What a transport must do with one request:
 * - `silent`: send nothing (and why);
 * - `send`: after `delayMs`, send `pdu` framed for the transport — with a broken checksum when
 *   `corruptChecksum`, or send `garbage` bytes instead when present.
 */
export type SlaveDecision =
  | { action: 'silent'; reason: 'unknown-unit' | 'no-answer' | 'offline' | 'broadcast' }
  | { action: 'send'; pdu: Buffer; delayMs: number; corruptChecksum: boolean; garbage?: Buffer };

/** Counters since start: what the slave served and which faults it injected. */
export interface SlaveStats {
  requests: number;
  replies: number;
  /** Exception replies by exception code (including injected ones). */
  exceptions: Record<number, number>;
  /** Faults applied, by kind. */
  faults: Record<FaultKind, number>;
  /** Requests for a unit id nobody serves. */
  unknownUnit: number;
  /** Broadcast (unit 0) requests executed without a reply. */
  broadcasts: number;
  /** Incoming frames dropped: bad CRC, bad MBAP header, truncated or unparseable. */
  badFrames: number;
  /** Devices that moved to another unit id because a master wrote their address register. */
  addressChanges: number;
}

interface ActiveFault {
  fault: Fault;
  remaining: number | undefined;
}

/**
 * The transport-independent heart of every simulated slave: routes a request PDU to its unit,
 * answers from the unit's bank with its quirks, and applies injected faults. One engine can back
 * several servers (a TCP port and a serial line serving the same devices).
 */
export class SlaveEngine {
  private readonly units = new Map<number, SimulatedUnit>();
  private readonly faults = new Map<number, ActiveFault>();
  private readonly random: () => number;
  readonly stats: SlaveStats = {
    requests: 0,
    replies: 0,
    exceptions: {},
    faults: { 'no-answer': 0, 'late-answer': 0, 'corrupt-crc': 0, garbage: 0, exception: 0, offline: 0 },
    unknownUnit: 0,
    broadcasts: 0,
    badFrames: 0,
    addressChanges: 0,
  };

  constructor(units: UnitMap = {}, options: { seed?: number } = {}) {
    this.random = seededRandom(options.seed ?? 1);
    const entries =
      units instanceof Map
        ? [...units.entries()]
        : Object.entries(units).map(([k, v]) => [Number(k), v] as const);
    for (const [unit, value] of entries) this.addUnit(unit, value);
  }

  /** Serves `bankOrUnit` at `unit` (replacing what was there). */
  addUnit(unit: number, bankOrUnit: RegisterBank | SimulatedUnit): this {
    if (!Number.isInteger(unit) || unit < 1 || unit > 255) {
      throw simulatorError(
        'SIM_OPTIONS_INVALID',
        `unit id ${unit} is invalid: use 1..247 (255 for a TCP-only device)`,
        {
          details: { unit },
        },
      );
    }
    // A bank that carries quirks (a ProfileDevice) brings them along unless the unit names its own.
    this.units.set(
      unit,
      isSimulatedUnit(bankOrUnit)
        ? bankOrUnit
        : { bank: bankOrUnit, ...(bankOrUnit.quirks ? { quirks: bankOrUnit.quirks } : {}) },
    );
    return this;
  }

  /** The unit ids served, ascending. */
  unitIds(): number[] {
    return [...this.units.keys()].sort((a, b) => a - b);
  }

  /** The unit served at `unit`, if any. */
  unit(unit: number): SimulatedUnit | undefined {
    return this.units.get(unit);
  }

  /** Makes `unit` misbehave (replacing its previous fault). */
  setFault(unit: number, fault: Fault, duration: FaultDuration = {}): void {
    this.faults.set(unit, { fault, remaining: duration.requests });
  }

  /** Back to normal service for `unit` (also brings an offline unit back online). */
  clearFault(unit: number): void {
    this.faults.delete(unit);
  }

  /** The fault in force for `unit`, if any. */
  faultOf(unit: number): Fault | undefined {
    return this.faults.get(unit)?.fault;
  }

  /** Counts a frame the transport could not parse (bad CRC, bad header). */
  countBadFrame(): void {
    this.stats.badFrames++;
  }

  /** Decides the answer to `pdu` addressed to `unit`. `broadcast` is true for RTU unit 0. */
  handle(unit: number, pdu: Uint8Array, options: { broadcast?: boolean } = {}): SlaveDecision {
    this.stats.requests++;
    if (options.broadcast) {
      this.stats.broadcasts++;
      // Broadcast writes reach every unit that is online; nobody answers.
      for (const [id, target] of this.units) {
        if (this.faults.get(id)?.fault.kind !== 'offline') answerPdu(pdu, target.bank, target.quirks);
      }
      return { action: 'silent', reason: 'broadcast' };
    }
    const target = this.units.get(unit);
    if (!target) {
      this.stats.unknownUnit++;
      return { action: 'silent', reason: 'unknown-unit' };
    }
    const fault = this.takeFault(unit);
    if (fault) this.stats.faults[fault.kind]++;
    switch (fault?.kind) {
      case 'offline':
        return { action: 'silent', reason: 'offline' };
      case 'no-answer':
        return { action: 'silent', reason: 'no-answer' };
      case 'exception': {
        const answer = exceptionPdu(pdu[0] ?? 0, fault.code, target.quirks);
        this.countException(fault.code);
        return { action: 'send', pdu: answer.pdu, delayMs: 0, corruptChecksum: false };
      }
      default:
        break;
    }
    const addressBefore = target.bank.configuredUnitId?.();
    const answer = answerPdu(pdu, target.bank, target.quirks);
    if (answer.kind === 'exception') this.countException(answer.exceptionCode);
    else this.stats.replies++;
    this.followAddressChange(unit, target, addressBefore);
    const decision: SlaveDecision = {
      action: 'send',
      pdu: answer.pdu,
      delayMs: fault?.kind === 'late-answer' ? fault.delayMs : 0,
      corruptChecksum: fault?.kind === 'corrupt-crc',
    };
    if (fault?.kind === 'garbage') decision.garbage = this.garbage(fault.length ?? 8);
    return decision;
  }

  /**
   * A device whose address register a master just changed answers this request from its old id
   * (already decided) and from now on only at the new one, as real transmitters do.
   */
  private followAddressChange(unit: number, target: SimulatedUnit, before: number | undefined): void {
    const after = target.bank.configuredUnitId?.();
    if (after === undefined || after === before || after < 1 || after > 247 || this.units.has(after)) return;
    this.units.delete(unit);
    this.units.set(after, target);
    const fault = this.faults.get(unit);
    if (fault) {
      this.faults.delete(unit);
      this.faults.set(after, fault);
    }
    this.stats.addressChanges++;
  }

  private takeFault(unit: number): Fault | undefined {
    const active = this.faults.get(unit);
    if (!active) return undefined;
    if (active.remaining !== undefined) {
      active.remaining--;
      if (active.remaining <= 0) this.faults.delete(unit);
    }
    return active.fault;
  }

  private countException(code: number): void {
    this.stats.exceptions[code] = (this.stats.exceptions[code] ?? 0) + 1;
  }

  private garbage(length: number): Buffer {
    return Buffer.from(Array.from({ length: Math.max(1, length) }, () => Math.floor(this.random() * 256)));
  }
}

function isSimulatedUnit(value: RegisterBank | SimulatedUnit): value is SimulatedUnit {
  return typeof (value as Partial<RegisterBank>).read !== 'function' && 'bank' in value;
}
