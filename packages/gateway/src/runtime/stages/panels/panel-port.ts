import { stat, statSync } from 'node:fs';
import { type ByteStream, byteStreamFromDuplex } from '@firecode/devices';
import { FirecodeError } from '@firecode/schema';
import { SerialPort } from 'serialport';

/** Line settings of a panel's serial port. */
export interface PanelPortSettings {
  /** Device path, e.g. /dev/ttyUSB1, or one end of a socat pty pair. */
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

/**
 * An open serial port a panel driver talks through. The seam between the panel runtime and the
 * operating system: {@link openSerialPanelPort} is the real one, {@link createMemoryPanelPorts} the
 * test double.
 */
export interface PanelPort {
  /** The bytes in and out, for the device library's panel drivers. */
  readonly stream: ByteStream;
  /**
   * Called once when the port goes away by itself (USB adapter pulled, pty closed, read error), with
   * the reason; never after {@link PanelPort.close}.
   */
  onLost(listener: (error: Error | undefined) => void): void;
  /** Closes the port; resolves when it is closed. */
  close(): Promise<void>;
}

/** Opens a panel's port; rejects with a `FirecodeError` `GATEWAY_PANEL_PORT_FAILED` naming the path when it cannot. */
export type PanelPortOpener = (settings: PanelPortSettings) => Promise<PanelPort>;

/** Opens a real serial port with serialport 13. */
export const openSerialPanelPort: PanelPortOpener = (settings) =>
  new Promise((resolve, reject) => {
    const port = new SerialPort({
      path: settings.path,
      baudRate: settings.baudRate,
      dataBits: settings.dataBits,
      parity: settings.parity,
      stopBits: settings.stopBits,
      autoOpen: false,
    });
    port.open((error) => {
      if (error) {
        reject(
          new FirecodeError(
            'GATEWAY_PANEL_PORT_FAILED',
            `cannot open panel serial port ${settings.path}: ${error.message}; check the path, the cable and that nothing else holds the port`,
            { cause: error, details: { path: settings.path } },
          ),
        );
        return;
      }
      resolve(wrapSerialPort(port, settings.path));
    });
  });

/**
 * How often an open port checks that its device is still there. A port that is only listened to
 * (a printer port) does not always notice a hang-up: on a hung-up tty a read may return 0 bytes
 * forever instead of failing, and serialport retries it, so the loss would go unreported.
 */
const DEVICE_PROBE_MS = 1000;

/** The device behind a path (a by-id or socat link resolves to it), to notice a swapped device. */
function deviceOf(path: string): number | undefined {
  try {
    return statSync(path).rdev;
  } catch {
    return undefined;
  }
}

function wrapSerialPort(port: SerialPort, path: string): PanelPort {
  const listeners: ((error: Error | undefined) => void)[] = [];
  let closing = false;
  let lost = false;
  const device = deviceOf(path);
  const reportLost = (error: Error | undefined) => {
    if (closing || lost) return;
    lost = true;
    clearInterval(probe);
    for (const listener of listeners) listener(error);
  };
  const probe = setInterval(() => {
    stat(path, (error, stats) => {
      if (closing || lost) return;
      if (error || (device !== undefined && stats.rdev !== device)) {
        reportLost(
          new Error(
            error ? `${path} is gone (${error.code ?? error.message})` : `${path} is now another device`,
          ),
        );
        if (port.isOpen) port.close(() => {});
      }
    });
  }, DEVICE_PROBE_MS);
  probe.unref();
  // serialport closes the port itself on a disconnect (read error) and passes the reason to 'close'.
  port.on('close', (error: Error | null) => reportLost(error ?? undefined));
  // Any other error (a failed write) leaves the port in an unknown state: close it and start over.
  port.on('error', (error: Error) => {
    reportLost(error);
    if (port.isOpen) port.close(() => {});
  });
  return {
    stream: byteStreamFromDuplex(port),
    onLost(listener) {
      listeners.push(listener);
    },
    close() {
      closing = true;
      clearInterval(probe);
      return new Promise((resolve) => {
        if (!port.isOpen) resolve();
        else port.close(() => resolve());
      });
    },
  };
}

/** The test double of {@link PanelPortOpener}: in-memory ports that can be made to vanish. */
export interface MemoryPanelPorts {
  /** Opens the one memory port (fails with `GATEWAY_PANEL_PORT_FAILED` while unavailable). */
  readonly open: PanelPortOpener;
  /**
   * The panel's end of the cable: stays the same across reopenings; what the panel writes while the
   * port is not open is lost, as on a pulled cable.
   */
  readonly panelEnd: ByteStream;
  /** The port goes away (the open one is lost) and cannot be opened until `restore()`. */
  vanish(): void;
  restore(): void;
  /** How many times the port was opened. */
  readonly opens: number;
  readonly isOpen: boolean;
}

/** Creates {@link MemoryPanelPorts}. */
export function createMemoryPanelPorts(): MemoryPanelPorts {
  const panelListeners = new Set<(chunk: Uint8Array) => void>();
  let available = true;
  let opens = 0;
  let current: { deliverToGateway(chunk: Uint8Array): void; lose(): void } | undefined;
  const panelEnd: ByteStream = {
    write(data) {
      const copy = Uint8Array.from(data);
      const target = current;
      queueMicrotask(() => target?.deliverToGateway(copy));
    },
    onData(listener) {
      panelListeners.add(listener);
      return () => panelListeners.delete(listener);
    },
  };
  return {
    panelEnd,
    async open(settings) {
      if (!available) {
        throw new FirecodeError(
          'GATEWAY_PANEL_PORT_FAILED',
          `cannot open panel serial port ${settings.path}: it is gone`,
          {
            details: { path: settings.path },
          },
        );
      }
      opens++;
      const gatewayListeners = new Set<(chunk: Uint8Array) => void>();
      const lostListeners: ((error: Error | undefined) => void)[] = [];
      const port = {
        deliverToGateway(chunk: Uint8Array) {
          if (current === port) for (const listener of gatewayListeners) listener(chunk);
        },
        lose() {
          current = undefined;
          for (const listener of lostListeners) listener(new Error(`${settings.path} vanished`));
        },
      };
      current = port;
      return {
        stream: {
          write(data) {
            if (current !== port) return;
            const copy = Uint8Array.from(data);
            queueMicrotask(() => {
              for (const listener of panelListeners) listener(copy);
            });
          },
          onData(listener) {
            gatewayListeners.add(listener);
            return () => gatewayListeners.delete(listener);
          },
        },
        onLost(listener) {
          lostListeners.push(listener);
        },
        async close() {
          if (current === port) current = undefined;
        },
      };
    },
    vanish() {
      available = false;
      current?.lose();
    },
    restore() {
      available = true;
    },
    get opens() {
      return opens;
    },
    get isOpen() {
      return current !== undefined;
    },
  };
}
