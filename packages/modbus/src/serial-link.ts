import { SerialPortStream } from '@serialport/stream';
import type { ByteLink, ByteLinkReceiver } from './byte-link.js';
import { modbusError } from './errors.js';
import type { SerialFormat } from './line-timing.js';

/** Options of {@link SerialLink}. */
export interface SerialLinkOptions extends SerialFormat {
  /** Device path, e.g. `/dev/ttyUSB0` or a socat pty. */
  path: string;
  /**
   * serialport binding to use; defaults to the native one from `serialport`. Tests pass
   * `MockBinding` from `@serialport/binding-mock`.
   */
  binding?: SerialBinding;
}

/** A serialport binding (the native one, or `MockBinding` in tests). */
export type SerialBinding = ConstructorParameters<typeof SerialPortStream>[0]['binding'];

const noReceiver: ByteLinkReceiver = { data: () => {}, closed: () => {} };

/** A serial port (serialport 13) as a {@link ByteLink}. */
export class SerialLink implements ByteLink {
  readonly name: string;
  private port: SerialPortStream | undefined;
  private receiver: ByteLinkReceiver = noReceiver;

  /** Throws a TypeError without a device path; nothing is opened until `open()`. */
  constructor(private readonly options: SerialLinkOptions) {
    if (!options.path) throw new TypeError('SerialLink: give the serial device path, e.g. /dev/ttyUSB0');
    this.name = options.path;
  }

  /** {@inheritDoc ByteLink.isOpen} */
  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  /** The underlying stream once opened (tests reach the mock binding through it). */
  get stream(): SerialPortStream | undefined {
    return this.port;
  }

  /** {@inheritDoc ByteLink.setReceiver} */
  setReceiver(receiver: ByteLinkReceiver): void {
    this.receiver = receiver;
  }

  /** {@inheritDoc ByteLink.open} */
  async open(): Promise<void> {
    if (this.isOpen) return;
    // Loaded lazily so that TCP-only users never load the native binding.
    const binding = this.options.binding ?? (await import('serialport')).SerialPort.binding;
    const port = new SerialPortStream({
      binding,
      path: this.options.path,
      baudRate: this.options.baudRate,
      dataBits: this.options.dataBits ?? 8,
      parity: this.options.parity ?? 'none',
      stopBits: this.options.stopBits ?? 1,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) => {
      port.open((error) => {
        if (!error) return resolve();
        reject(
          modbusError(
            'MODBUS_DISCONNECTED',
            `cannot open serial port ${this.name}: ${error.message}; check the path and permissions`,
            { link: this.name },
            error,
          ),
        );
      });
    });
    this.port = port;
    let lastError: Error | undefined;
    port.on('error', (error: Error) => {
      lastError = error;
    });
    port.on('data', (chunk: Buffer) => this.receiver.data(chunk));
    port.once('close', (error?: Error | null) => {
      if (this.port === port) this.port = undefined;
      this.receiver.closed(error ?? lastError ?? new Error(`serial port ${this.name} closed`));
    });
  }

  /** {@inheritDoc ByteLink.write} */
  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) {
      return Promise.reject(
        modbusError('MODBUS_DISCONNECTED', `serial port ${this.name} is not open`, { link: this.name }),
      );
    }
    port.write(bytes);
    return Promise.resolve();
  }

  /** {@inheritDoc ByteLink.close} */
  close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (!port?.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.close(() => resolve()));
  }
}
