import net from 'node:net';
import type { ByteLink, ByteLinkReceiver } from './byte-link.js';
import { modbusError } from './errors.js';

/** Options of {@link TcpLink}. */
export interface TcpLinkOptions {
  host: string;
  port: number;
  /** Give up connecting after this long (default 3000 ms). */
  connectTimeoutMs?: number;
}

const noReceiver: ByteLinkReceiver = { data: () => {}, closed: () => {} };

/** A TCP connection as a {@link ByteLink}: Modbus TCP devices and RTU-over-TCP serial servers. */
export class TcpLink implements ByteLink {
  readonly name: string;
  private socket: net.Socket | undefined;
  private receiver: ByteLinkReceiver = noReceiver;
  private readonly options: Required<TcpLinkOptions>;

  /** Throws a TypeError without a host or with a port outside 1-65535; nothing connects until `open()`. */
  constructor(options: TcpLinkOptions) {
    if (!options.host || !Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
      throw new TypeError(`TcpLink: give a host and a port 1-65535 (got ${options.host}:${options.port})`);
    }
    this.options = { connectTimeoutMs: 3000, ...options };
    this.name = `${options.host}:${options.port}`;
  }

  /** {@inheritDoc ByteLink.isOpen} */
  get isOpen(): boolean {
    return this.socket !== undefined && !this.socket.destroyed && !this.socket.connecting;
  }

  /** {@inheritDoc ByteLink.setReceiver} */
  setReceiver(receiver: ByteLinkReceiver): void {
    this.receiver = receiver;
  }

  /** {@inheritDoc ByteLink.open} */
  open(): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    this.socket?.destroy();
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.options.host, port: this.options.port });
      this.socket = socket;
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy(new Error(`no connection within ${this.options.connectTimeoutMs} ms`));
      }, this.options.connectTimeoutMs);
      const onConnectError = (error: Error) => {
        clearTimeout(timer);
        reject(
          modbusError(
            'MODBUS_DISCONNECTED',
            `cannot connect to ${this.name}: ${error.message}; check the address and that the device is up`,
            { link: this.name },
            error,
          ),
        );
      };
      socket.once('error', onConnectError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onConnectError);
        // After connecting, errors are reported through 'close' (hadError) to the receiver.
        let lastError: Error | undefined;
        socket.on('error', (error) => {
          lastError = error;
        });
        socket.on('data', (chunk) => this.receiver.data(chunk));
        socket.once('close', () => {
          if (this.socket === socket) this.socket = undefined;
          this.receiver.closed(lastError ?? new Error(`${this.name} closed the connection`));
        });
        resolve();
      });
    });
  }

  /** {@inheritDoc ByteLink.write} */
  write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || !this.isOpen) {
      return Promise.reject(
        modbusError('MODBUS_DISCONNECTED', `${this.name} is not connected`, { link: this.name }),
      );
    }
    // Not awaiting the write callback: it only says the bytes reached the kernel, and waiting for it
    // costs a round trip through the event loop per request. Failures surface as 'close'.
    socket.write(bytes);
    return Promise.resolve();
  }

  /** {@inheritDoc ByteLink.close} */
  close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }
}
