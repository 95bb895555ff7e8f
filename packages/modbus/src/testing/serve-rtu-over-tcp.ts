import net from 'node:net';
import type { ByteLink, ByteLinkReceiver } from '../byte-link.js';
import { type ServeRtuOptions, serveRtu } from './serve-rtu.js';
import type { TestSlave } from './test-slave.js';

/** An accepted socket as the slave end of a line. */
class SocketSlaveEnd implements ByteLink {
  private receiver: ByteLinkReceiver = { data: () => {}, closed: () => {} };
  constructor(
    readonly name: string,
    private readonly socket: net.Socket,
  ) {
    socket.on('data', (chunk) => this.receiver.data(chunk));
    socket.on('close', () => this.receiver.closed());
    socket.on('error', () => {});
  }
  get isOpen(): boolean {
    return !this.socket.destroyed;
  }
  setReceiver(receiver: ByteLinkReceiver): void {
    this.receiver = receiver;
  }
  open(): Promise<void> {
    return Promise.resolve();
  }
  write(bytes: Uint8Array): Promise<void> {
    if (!this.socket.destroyed) this.socket.write(bytes);
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.socket.destroy();
    return Promise.resolve();
  }
}

/** A serial device server stand-in: RTU frames inside TCP, answered by `slave`. */
export async function serveRtuOverTcp(
  slave: TestSlave,
  options: ServeRtuOptions & { port?: number; host?: string } = {},
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveRtu(slave, new SocketSlaveEnd('rtu-over-tcp/slave', socket), options);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
