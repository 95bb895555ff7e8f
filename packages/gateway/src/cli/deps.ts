import type { ByteLink, SerialLinkOptions } from '@firecode/modbus';
import type { CliIo } from './io.js';
import type { LastResortTarget } from './last-resort.js';
import type { OpenMaster } from './master.js';
import { openModbusMaster } from './modbus-master.js';
import { loadRuntime, type RuntimeModule } from './runtime-loader.js';

/** The process signals `run` listens to. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/**
 * Everything the commands reach outside themselves. `defaultDeps` wires the real packages; tests
 * replace single members (a memory master, an in-memory io).
 */
export interface CliDeps {
  io: CliIo;
  openMaster: OpenMaster;
  loadRuntime: () => Promise<RuntimeModule>;
  signals: SignalSource;
  /** Opens the serial line `capture` listens on; default a serialport `SerialLink`. */
  openSerialLink?: (options: SerialLinkOptions) => ByteLink;
  /**
   * Where `run` catches errors nothing else caught (see `guardProcess`): the real `process` by
   * default; absent in tests that must not touch the test runner's own process.
   */
  lastResort?: LastResortTarget;
}

/** The real wiring. */
export function defaultDeps(io: CliIo): CliDeps {
  return { io, openMaster: openModbusMaster, loadRuntime, signals: process, lastResort: process };
}
