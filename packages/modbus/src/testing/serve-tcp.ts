import net from 'node:net';
import type { TestSlave } from './test-slave.js';

/** A running Modbus TCP test slave. */
export interface TcpTestServer {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Drops every open connection (the server keeps listening): for reconnect tests. */
  dropConnections(): void;
  close(): Promise<void>;
}

/** Options of {@link serveTcp}. */
export interface ServeTcpOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/**
 * Runs `slave` as a Modbus TCP server (MBAP framing, answers pipelined requests in order). Faults
 * `wrong-unit`, `wrong-function`, `truncated` and `silent` apply; `bad-crc` has no meaning on TCP. A unit
 * made with `answersGarbage` answers a text line instead of a frame.
 */
export async function serveTcp(slave: TestSlave, options: ServeTcpOptions = {}): Promise<TcpTestServer> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0 };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      const out: Buffer[] = [];
      while (buffer.length >= 7) {
        const length = buffer.readUInt16BE(4);
        if (buffer.length < 6 + length) break;
        const id = buffer.readUInt16BE(0);
        const unit = buffer[6]!;
        const pdu = buffer.subarray(7, 6 + length);
        buffer = buffer.subarray(6 + length);
        const response = slave.handle(unit, pdu);
        if (!response) continue;
        if (slave.answersGarbage(unit)) {
          // An ASCII banner where an MBAP header belongs (protocol id 0x5245 is not Modbus's 0).
          out.push(Buffer.from('ERROR: unknown command\r\n'));
          continue;
        }
        const fault = slave.takeFault(unit);
        if (fault === 'silent') continue;
        const body = Buffer.from(response);
        if (fault === 'wrong-function') body[0] = body[0] === 3 ? 4 : 0x2b;
        const frame = Buffer.alloc(7 + body.length);
        frame.writeUInt16BE(id, 0);
        frame.writeUInt16BE(0, 2);
        frame.writeUInt16BE(body.length + 1, 4);
        frame[6] = fault === 'wrong-unit' ? (unit + 1) & 0xff : unit;
        body.copy(frame, 7);
        out.push(fault === 'truncated' ? frame.subarray(0, frame.length - 1) : frame);
      }
      if (out.length > 0) socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    get connections() {
      return state.connections;
    },
    dropConnections() {
      for (const socket of sockets) socket.destroy();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
