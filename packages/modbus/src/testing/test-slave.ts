import { modbusError } from '../errors.js';
import type { BitTable, WordTable } from '../register-tables.js';

/** A fault the test slave applies to its next answer(s) for a unit. */
export type SlaveFault =
  /** The answer's CRC is wrong (RTU only; on TCP there is no CRC and the fault is ignored). */
  | 'bad-crc'
  /** The answer claims to come from another unit id. */
  | 'wrong-unit'
  /** The answer carries another function code (valid CRC). */
  | 'wrong-function'
  /** Only the first half of the answer is sent. */
  | 'truncated'
  /** No answer at all, once. */
  | 'silent'
  /** Random bytes are sent before the real answer (RTU). */
  | 'garbage-before';

/** Behaviour of one simulated unit. */
export interface TestUnitOptions {
  /** Never answers (a dead or absent slave). */
  dead?: boolean;
  /** Answers exception 03 to reads of more registers than this (devices with a lower limit). */
  maxRegistersPerRead?: number;
  /** Address ranges (holding/input registers) that do not exist: reads touching them get exception 02. */
  missing?: { start: number; end: number }[];
  /** Answers every exception with function code 0x80 (a real device quirk; shared/domain/devices.md). */
  exceptionFunction0x80?: boolean;
  /**
   * Answers every request with bytes that are no Modbus frame at all (a device on the wrong protocol
   * or baud rate behind a gateway): on TCP the stream goes out of step and the master must reconnect.
   */
  answersGarbage?: boolean;
}

interface UnitMemory {
  holding: Uint16Array;
  input: Uint16Array;
  coils: Uint8Array;
  discrete: Uint8Array;
  options: TestUnitOptions;
  faults: SlaveFault[];
}

/**
 * A minimal Modbus slave for tests and benchmarks (the full device simulator lives in
 * @firecode/simulator). Holds memory per unit id, answers FC 1-6, 15, 16, and injects faults on request.
 * Framing is done by `serveRtu()`, `serveTcp()` or `mockBindingWithSlave()`.
 */
export class TestSlave {
  private readonly units = new Map<number, UnitMemory>();
  /** Requests handled (answered or deliberately ignored) per unit. */
  readonly handled = new Map<number, number>();
  /** Broadcast (unit 0) requests applied. */
  broadcasts = 0;

  /** Creates (or reconfigures) a unit. A unit that was never added does not answer. */
  addUnit(unit: number, options: TestUnitOptions = {}): this {
    const existing = this.units.get(unit);
    if (existing) {
      existing.options = options;
      return this;
    }
    this.units.set(unit, {
      holding: new Uint16Array(65536),
      input: new Uint16Array(65536),
      coils: new Uint8Array(65536),
      discrete: new Uint8Array(65536),
      options,
      faults: [],
    });
    return this;
  }

  private memory(unit: number): UnitMemory {
    const memory = this.units.get(unit);
    if (!memory)
      throw modbusError(
        'MODBUS_INVALID_ARGUMENT',
        `test slave has no unit ${unit}; call addUnit(${unit}) first`,
      );
    return memory;
  }

  /** Sets holding registers (`table: 'input'` for input registers). */
  setRegisters(unit: number, address: number, values: ArrayLike<number>, table: WordTable = 'holding'): void {
    this.memory(unit)[table].set(values, address);
  }

  getRegisters(unit: number, address: number, count: number, table: WordTable = 'holding'): number[] {
    return Array.from(this.memory(unit)[table].subarray(address, address + count));
  }

  setBits(unit: number, address: number, values: boolean[], table: BitTable = 'coils'): void {
    this.memory(unit)[table].set(
      values.map((v) => (v ? 1 : 0)),
      address,
    );
  }

  getBits(unit: number, address: number, count: number, table: BitTable = 'coils'): boolean[] {
    return Array.from(this.memory(unit)[table].subarray(address, address + count), (v) => v === 1);
  }

  /** Queues faults applied to the next answers of `unit`, one per answer. */
  injectFault(unit: number, ...faults: SlaveFault[]): void {
    this.memory(unit).faults.push(...faults);
  }

  /** Whether `unit` answers garbage to everything (see {@link TestUnitOptions.answersGarbage}). */
  answersGarbage(unit: number): boolean {
    return this.units.get(unit)?.options.answersGarbage === true;
  }

  /** The fault to apply to the answer being built for `unit`, if any. */
  takeFault(unit: number): SlaveFault | undefined {
    return this.units.get(unit)?.faults.shift();
  }

  /**
   * Handles one request PDU. Returns the response PDU, or `null` when the unit stays silent (absent,
   * dead, or a broadcast).
   */
  handle(unit: number, pdu: Uint8Array): Uint8Array | null {
    this.handled.set(unit, (this.handled.get(unit) ?? 0) + 1);
    if (unit === 0) {
      this.broadcasts++;
      for (const memory of this.units.values()) this.execute(memory, pdu);
      return null;
    }
    const memory = this.units.get(unit);
    if (!memory || memory.options.dead) return null;
    return this.execute(memory, pdu);
  }

  private execute(memory: UnitMemory, pdu: Uint8Array): Uint8Array {
    const fc = pdu[0] ?? 0;
    const address = ((pdu[1] ?? 0) << 8) | (pdu[2] ?? 0);
    const count = ((pdu[3] ?? 0) << 8) | (pdu[4] ?? 0);
    const exception = (code: number) =>
      Uint8Array.of(memory.options.exceptionFunction0x80 ? 0x80 : fc | 0x80, code);
    switch (fc) {
      case 1:
      case 2: {
        if (count < 1 || count > 2000) return exception(3);
        if (address + count > 65536) return exception(2);
        const bits = fc === 1 ? memory.coils : memory.discrete;
        const bytes = Math.ceil(count / 8);
        const out = new Uint8Array(2 + bytes);
        out[0] = fc;
        out[1] = bytes;
        for (let i = 0; i < count; i++) if (bits[address + i]) out[2 + (i >> 3)]! |= 1 << (i & 7);
        return out;
      }
      case 3:
      case 4: {
        const limit = Math.min(125, memory.options.maxRegistersPerRead ?? 125);
        if (count < 1 || count > limit) return exception(3);
        if (address + count > 65536) return exception(2);
        for (const hole of memory.options.missing ?? []) {
          if (address <= hole.end && address + count - 1 >= hole.start) return exception(2);
        }
        const words = fc === 3 ? memory.holding : memory.input;
        const out = new Uint8Array(2 + count * 2);
        out[0] = fc;
        out[1] = count * 2;
        for (let i = 0; i < count; i++) {
          const w = words[address + i]!;
          out[2 + i * 2] = w >> 8;
          out[3 + i * 2] = w & 0xff;
        }
        return out;
      }
      case 5: {
        const value = count; // bytes 3-4 carry the value
        if (value !== 0xff00 && value !== 0) return exception(3);
        memory.coils[address] = value === 0xff00 ? 1 : 0;
        return pdu.slice(0, 5);
      }
      case 6:
        memory.holding[address] = count;
        return pdu.slice(0, 5);
      case 15: {
        if (count < 1 || count > 1968 || pdu[5] !== Math.ceil(count / 8)) return exception(3);
        for (let i = 0; i < count; i++) memory.coils[address + i] = (pdu[6 + (i >> 3)]! >> (i & 7)) & 1;
        return pdu.slice(0, 5);
      }
      case 16: {
        if (count < 1 || count > 123 || pdu[5] !== count * 2) return exception(3);
        for (let i = 0; i < count; i++)
          memory.holding[address + i] = (pdu[6 + i * 2]! << 8) | pdu[7 + i * 2]!;
        return pdu.slice(0, 5);
      }
      default:
        return exception(1);
    }
  }
}
