import {
  BusScheduler,
  type RequestOptions,
  type SchedulerOptions,
  type UnitOptions,
} from './bus-scheduler.js';
import type { BusStats } from './bus-stats.js';
import type { BreakerState } from './circuit-breaker.js';
import { nowMs } from './clock.js';
import { type ModbusError, modbusError } from './errors.js';
import {
  decodeResponse,
  readRequest,
  writeMultipleCoilsRequest,
  writeMultipleRegistersRequest,
  writeSingleCoilRequest,
  writeSingleRegisterRequest,
} from './pdu.js';
import type { ModbusTransport, TransportKind } from './transport.js';
import { TypedEmitter } from './typed-emitter.js';

/** Options of a bus: scheduling, retries, timeouts, breaker, reconnect. */
export type BusOptions = SchedulerOptions;

/** The typed events of a {@link ModbusBus}. */
export interface BusEvents {
  /** The line (unit `null`: connection or port) or a slave (its unit id) came back. */
  online: (event: { unit: number | null }) => void;
  /** The line could not be (re)opened or was lost (`unit: null`), or a slave's circuit breaker opened. */
  offline: (event: { unit: number | null; error: ModbusError }) => void;
  /** Every failed attempt, retried or not. Never thrown: listening is optional. */
  error: (error: ModbusError) => void;
}

/** The public face of one physical line: the same for TCP, RTU and RTU over TCP. */
export interface ModbusMaster {
  /** The physical line: serial path or host:port. */
  readonly lineName: string;
  readonly kind: TransportKind;
  /** FC03: `count` (1-125) holding registers from `address` (0-based wire address). */
  readHoldingRegisters(
    unit: number,
    address: number,
    count: number,
    options?: RequestOptions,
  ): Promise<Uint16Array>;
  /** FC04: `count` (1-125) input registers from `address`. */
  readInputRegisters(
    unit: number,
    address: number,
    count: number,
    options?: RequestOptions,
  ): Promise<Uint16Array>;
  /** FC01: `count` (1-2000) coils from `address`. */
  readCoils(unit: number, address: number, count: number, options?: RequestOptions): Promise<boolean[]>;
  /** FC02: `count` (1-2000) discrete inputs from `address`. */
  readDiscreteInputs(
    unit: number,
    address: number,
    count: number,
    options?: RequestOptions,
  ): Promise<boolean[]>;
  /** FC06: one register (0-65535; encode signed values with `encodeRegisters`). Priority `'high'` by default. */
  writeRegister(unit: number, address: number, value: number, options?: RequestOptions): Promise<void>;
  /** FC16: 1-123 registers from `address`. Unit 0 on a serial line broadcasts. */
  writeRegisters(
    unit: number,
    address: number,
    values: ArrayLike<number>,
    options?: RequestOptions,
  ): Promise<void>;
  /** FC05: one coil. */
  writeCoil(unit: number, address: number, value: boolean, options?: RequestOptions): Promise<void>;
  /** FC15: 1-1968 coils from `address`. */
  writeCoils(
    unit: number,
    address: number,
    values: ArrayLike<boolean>,
    options?: RequestOptions,
  ): Promise<void>;
  /** A snapshot of the line's counters. */
  stats(): BusStats;
  /** Rejects queued requests with MODBUS_CLOSED and closes the line. */
  close(): Promise<void>;
}

function checkUnit(unit: number, allowBroadcast: boolean): void {
  const min = allowBroadcast ? 0 : 1;
  // 248-255 are reserved on serial lines, but Modbus TCP devices commonly answer as 255: allow them.
  if (!Number.isInteger(unit) || unit < min || unit > 255) {
    throw modbusError(
      'MODBUS_INVALID_ARGUMENT',
      `unit id ${unit} is not valid here: use ${min}-255${allowBroadcast ? ' (0 = broadcast write)' : ''}`,
      { unit },
    );
  }
}

/**
 * A Modbus master on one physical line. All requests go through its bus scheduler: one in
 * flight per serial line across all unit ids, priorities, round-robin, retries, circuit breakers.
 * Writes default to priority `'high'`, reads to `'normal'`. Unit 0 on a serial line is a broadcast:
 * writes only, no answer, followed by the turnaround delay.
 */
export class ModbusBus extends TypedEmitter<BusEvents> implements ModbusMaster {
  private readonly scheduler: BusScheduler;

  constructor(
    readonly transport: ModbusTransport,
    options: BusOptions = {},
  ) {
    super();
    // A copy: configureUnit() changes it, the caller's object stays as given.
    this.scheduler = new BusScheduler(
      transport,
      { ...options },
      {
        lineOnline: () => this.emit('online', { unit: null }),
        lineOffline: (error) => this.emit('offline', { unit: null, error }),
        unitOnline: (unit) => this.emit('online', { unit }),
        unitOffline: (unit, error) => this.emit('offline', { unit, error }),
        attemptFailed: (error) => this.emit('error', error),
      },
    );
  }

  get lineName(): string {
    return this.transport.lineName;
  }

  get kind(): TransportKind {
    return this.transport.kind;
  }

  /** Opens the line now instead of on the first request (optional). */
  async open(): Promise<void> {
    await this.scheduler.open();
  }

  /** Sends a raw request PDU and returns the raw response PDU (exceptions not decoded). */
  async request(unit: number, pdu: Uint8Array, options: RequestOptions = {}): Promise<Uint8Array> {
    return this.scheduler.submit(unit, pdu, options, (response) => response);
  }

  /**
   * One read, resolving with the decoded values. Not `async`, and the values are taken out inside
   * the scheduler's decode: each async layer and `await` between the caller and the line costs a
   * promise, a generator and its reactions per request (200 requests a second at building scale).
   * A bad unit id still rejects, as from an async function.
   */
  private read<T>(
    fc: 1 | 2 | 3 | 4,
    unit: number,
    address: number,
    count: number,
    options?: RequestOptions,
  ): Promise<T> {
    let pdu: Uint8Array;
    try {
      checkUnit(unit, false);
      pdu = readRequest(fc, address, count);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.scheduler.submit(
      unit,
      pdu,
      options ?? {},
      (response) => (decodeResponse(pdu, response, unit) as unknown as { values: T }).values,
    );
  }

  private async write(unit: number, pdu: Uint8Array, options?: RequestOptions): Promise<void> {
    checkUnit(unit, this.transport.broadcastUnit0);
    const broadcast = unit === 0 && this.transport.broadcastUnit0;
    await this.scheduler.submit(unit, pdu, { priority: 'high', ...options }, (response) => {
      if (!broadcast) decodeResponse(pdu, response, unit);
    });
  }

  readHoldingRegisters(
    unit: number,
    address: number,
    count: number,
    options?: RequestOptions,
  ): Promise<Uint16Array> {
    return this.read<Uint16Array>(3, unit, address, count, options);
  }

  readInputRegisters(
    unit: number,
    address: number,
    count: number,
    options?: RequestOptions,
  ): Promise<Uint16Array> {
    return this.read<Uint16Array>(4, unit, address, count, options);
  }

  readCoils(unit: number, address: number, count: number, options?: RequestOptions): Promise<boolean[]> {
    return this.read<boolean[]>(1, unit, address, count, options);
  }

  readDiscreteInputs(
    unit: number,
    address: number,
    count: number,
    options?: RequestOptions,
  ): Promise<boolean[]> {
    return this.read<boolean[]>(2, unit, address, count, options);
  }

  async writeRegister(unit: number, address: number, value: number, options?: RequestOptions): Promise<void> {
    return this.write(unit, writeSingleRegisterRequest(address, value), options);
  }

  async writeRegisters(
    unit: number,
    address: number,
    values: ArrayLike<number>,
    options?: RequestOptions,
  ): Promise<void> {
    return this.write(unit, writeMultipleRegistersRequest(address, values), options);
  }

  async writeCoil(unit: number, address: number, value: boolean, options?: RequestOptions): Promise<void> {
    return this.write(unit, writeSingleCoilRequest(address, value), options);
  }

  async writeCoils(
    unit: number,
    address: number,
    values: ArrayLike<boolean>,
    options?: RequestOptions,
  ): Promise<void> {
    return this.write(unit, writeMultipleCoilsRequest(address, values), options);
  }

  /** Sets a slave's own response timeout or retries (e.g. a slow device on a fast line). */
  configureUnit(unit: number, options: UnitOptions): void {
    checkUnit(unit, false);
    this.scheduler.configureUnit(unit, options);
  }

  /** State of a slave's circuit breaker. */
  unitState(unit: number): BreakerState {
    return this.scheduler.breaker(unit).state;
  }

  /** A snapshot of this line's counters. */
  stats(): BusStats {
    const s = this.scheduler.stats;
    const now = nowMs();
    const elapsedMs = now - this.scheduler.createdAt;
    const busyMs = s.busyUntil(now);
    const units: BusStats['units'] = {};
    for (const [unit, u] of s.units) units[unit] = { ...u, breaker: this.scheduler.breaker(unit).state };
    return {
      ...this.transport.counters(),
      line: this.lineName,
      kind: this.kind,
      requests: s.requests,
      successes: s.successes,
      errors: { ...s.errors },
      exceptions: { ...s.exceptions },
      retries: s.retries,
      queued: this.scheduler.queued,
      inFlight: this.scheduler.active,
      latency: { ...s.latency, counts: [...s.latency.counts] },
      busyMs,
      elapsedMs,
      lineUtilization: elapsedMs > 0 ? busyMs / elapsedMs : 0,
      units,
    };
  }

  /** Rejects queued requests with MODBUS_CLOSED and closes the line. */
  close(): Promise<void> {
    return this.scheduler.close();
  }
}

export type { RequestOptions, UnitOptions };
