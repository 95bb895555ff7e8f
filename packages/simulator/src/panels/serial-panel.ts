import type { ByteStream } from '@firecode/devices';
import type { SimulatorError } from '../errors.js';
import { openSerialPort, portFailed, type SerialLine, type SerialSettings } from '../serial-slave.js';
import { Gst9000Printer, type Gst9000PrinterOptions } from './gst9000-printer.js';
import { Ld128ePanel } from './ld128e-panel.js';

/** Panel serial protocols the simulator serves. */
export type PanelProtocol = 'ld128e' | 'gst9000-printer';

/** Options of `startSerialPanel`. */
export interface SerialPanelOptions extends SerialSettings {
  protocol: PanelProtocol;
  /** GST9000 printout texts. */
  printer?: Gst9000PrinterOptions;
  /** How to open the port; default serialport 13. */
  openPort?: (settings: SerialSettings) => Promise<SerialLine>;
  /** A port error after opening (e.g. the USB adapter pulled): `SIM_PORT_FAILED`. */
  onError?: (error: SimulatorError) => void;
}

/** A simulated panel on a serial port. */
export interface SerialPanel {
  readonly protocol: PanelProtocol;
  readonly path: string;
  /** The panel: a scenario target (`setPanelPoint`, `resetPanel`, `setFault`). */
  readonly panel: Ld128ePanel | Gst9000Printer;
  /** The port vanishes (closed) until `restore()`; queued LD128E records wait. */
  vanish(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The device library's `ByteStream` over a serial port that may come and go (vanish/restore): what
 * the panel writes while the port is gone is lost, as on a pulled cable.
 */
export class SerialPortByteStream implements ByteStream {
  /** The open port, if any. */
  line: SerialLine | undefined;
  private readonly listeners = new Set<(chunk: Uint8Array) => void>();

  write(data: Uint8Array): void {
    this.line?.write(Buffer.from(data));
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hands bytes received from the port to the listeners. */
  deliver(chunk: Uint8Array): void {
    for (const listener of this.listeners) listener(chunk);
  }
}

/** Starts a panel protocol on a serial port (a real port or one end of a socat pty pair). */
export async function startSerialPanel(options: SerialPanelOptions): Promise<SerialPanel> {
  const open = options.openPort ?? openSerialPort;
  const stream = new SerialPortByteStream();
  const panel =
    options.protocol === 'ld128e'
      ? new Ld128ePanel(stream)
      : new Gst9000Printer(stream, options.printer ?? {});
  const start = async () => {
    const opened = await open(options);
    opened.on('data', (chunk) => stream.deliver(chunk));
    opened.on('error', (cause) => {
      // The panel never crashes on a port error (the port's 'close' ends it), but says so.
      options.onError?.(portFailed(options.path, cause));
    });
    opened.on('close', () => {
      if (stream.line === opened) stream.line = undefined;
    });
    stream.line = opened;
  };
  const stop = async () => {
    const closing = stream.line;
    stream.line = undefined;
    if (closing?.isOpen) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  await start();
  return {
    protocol: options.protocol,
    path: options.path,
    panel,
    vanish: stop,
    async restore() {
      if (!stream.line) await start();
    },
    async close() {
      if (panel instanceof Ld128ePanel) panel.close();
      await stop();
    },
  };
}
