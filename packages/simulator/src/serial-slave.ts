import { SerialPort } from 'serialport';
import type { SlaveConnection } from './connection.js';
import { type SimulatorError, simulatorError } from './errors.js';
import type { LineTiming } from './line-timing.js';
import { rtuConnection } from './rtu-connection.js';
import { SlaveEngine, type UnitMap } from './slave-engine.js';

/**
 * The seam to a serial port: what the slave needs of it. `openSerialPort` is the real one
 * (serialport 13); tests may pass serialport's `SerialPortMock` or any stream-like object.
 */
export interface SerialLine {
  write(bytes: Buffer): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close' | 'error', listener: (arg?: unknown) => void): unknown;
  close(callback: (error?: Error | null) => void): void;
  readonly isOpen: boolean;
}

/** Serial settings of an RTU line. */
export interface SerialSettings {
  /** Device path, e.g. /dev/ttyUSB0 or one end of a socat pty pair. */
  path: string;
  baudRate: number;
  dataBits?: 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
}

/** Opens a real serial port with serialport 13. */
export function openSerialPort(settings: SerialSettings): Promise<SerialLine> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({
      path: settings.path,
      baudRate: settings.baudRate,
      dataBits: settings.dataBits ?? 8,
      parity: settings.parity ?? 'none',
      stopBits: settings.stopBits ?? 1,
      autoOpen: false,
    });
    port.open((error) => {
      if (error) {
        reject(
          simulatorError(
            'SIM_PORT_FAILED',
            `cannot open serial port ${settings.path}: ${error.message}; check the path and that nothing else holds it`,
            {
              cause: error,
              details: { path: settings.path },
            },
          ),
        );
      } else resolve(port as unknown as SerialLine);
    });
  });
}

/** Options of `startRtuSlave`. Give either `units` or a shared `engine`. */
export interface RtuSlaveOptions extends SerialSettings {
  units?: UnitMap;
  engine?: SlaveEngine;
  /**
   * Emulate the line's timing at `baudRate` (character times, 3.5-character gaps, this turnaround in
   * ms). Needed on ptys, which deliver at memory speed whatever the baud rate; a real RS-485 adapter
   * times itself. Omitted: answer as fast as possible.
   */
  timing?: { turnaroundMs?: number } | boolean;
  /** How to open the port; default `openSerialPort` (serialport 13). */
  openPort?: (settings: SerialSettings) => Promise<SerialLine>;
  /** A port error after opening (e.g. the USB adapter pulled): `SIM_PORT_FAILED`, also counted in `portErrors`. */
  onError?: (error: SimulatorError) => void;
}

/** A running RTU slave on a serial port. */
export interface RtuSlave {
  readonly path: string;
  readonly engine: SlaveEngine;
  /** Errors the port raised after opening (each also passed to `onError`). */
  readonly portErrors: number;
  /** Simulates the port vanishing: closes it (the master sees the line go dead) until `restore()`. */
  vanish(): Promise<void>;
  /** Opens the port again after `vanish()`. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a Modbus RTU slave on a serial port serving the given units (several unit ids on one line). */
export async function startRtuSlave(options: RtuSlaveOptions): Promise<RtuSlave> {
  if (!options.engine && !options.units) {
    throw simulatorError(
      'SIM_OPTIONS_INVALID',
      'startRtuSlave: give `units` (banks by unit id) or an `engine`',
    );
  }
  const engine = options.engine ?? new SlaveEngine(options.units ?? {});
  const open = options.openPort ?? openSerialPort;
  const timing: LineTiming | undefined = options.timing
    ? {
        baudRate: options.baudRate,
        dataBits: options.dataBits ?? 8,
        parity: options.parity ?? 'none',
        stopBits: options.stopBits ?? 1,
        turnaroundMs: typeof options.timing === 'object' ? (options.timing.turnaroundMs ?? 0) : 0,
      }
    : undefined;

  let line: SerialLine | undefined;
  let connection: SlaveConnection | undefined;
  let portErrors = 0;

  const start = async () => {
    const opened = await open(options);
    const current = rtuConnection(engine, (bytes) => opened.write(bytes), timing);
    opened.on('data', (chunk) => current.receive(chunk));
    opened.on('error', (cause) => {
      // The 'close' that follows an error cleans up; the slave never crashes on a port error, but says so.
      portErrors++;
      options.onError?.(portFailed(options.path, cause));
    });
    opened.on('close', () => current.close());
    line = opened;
    connection = current;
  };
  const stop = async () => {
    connection?.close();
    connection = undefined;
    const closing = line;
    line = undefined;
    if (closing?.isOpen) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };

  await start();
  return {
    path: options.path,
    engine,
    get portErrors() {
      return portErrors;
    },
    vanish: stop,
    async restore() {
      if (!line) await start();
    },
    close: stop,
  };
}

/** The error reported when an open serial port fails (cable or adapter gone, driver error). */
export function portFailed(path: string, cause: unknown): SimulatorError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return simulatorError(
    'SIM_PORT_FAILED',
    `serial port ${path} failed: ${reason}; nothing is served on it until it is back (restore it or restart the simulator)`,
    { cause, details: { path } },
  );
}
