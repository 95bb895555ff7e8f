import { createServer, type Server, type Socket } from 'node:net';
import type { SlaveConnection } from './connection.js';
import { simulatorError } from './errors.js';
import type { LineTiming } from './line-timing.js';
import { mbapConnection } from './mbap-connection.js';
import { rtuConnection } from './rtu-connection.js';
import { SlaveEngine, type UnitMap } from './slave-engine.js';

/** Options of `startTcpSlave`. Give either `units` or a shared `engine`. */
export interface TcpSlaveOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** TCP port; default 0 (a free port, see the returned `port`). */
  port?: number;
  /** Register banks (or units with quirks) by unit id. */
  units?: UnitMap;
  /** An engine shared with other servers (faults and stats are then shared too). */
  engine?: SlaveEngine;
  /**
   * `'mbap'` (default): Modbus TCP. `'rtu'`: RTU frames with CRC over TCP, as serial device servers
   * (e.g. USR, Moxa in transparent mode) forward them.
   */
  framing?: 'mbap' | 'rtu';
  /** RTU framing only: emulate the serial line's timing (character times, gaps, turnaround). */
  timing?: LineTiming;
}

/** A running TCP slave. */
export interface TcpSlave {
  /** The port it listens on. */
  readonly port: number;
  /** The interface it listens on. */
  readonly host: string;
  /** The engine answering requests: set faults, read stats. */
  readonly engine: SlaveEngine;
  /** Simulates the link disappearing: drops every connection and stops listening until `restore()`. */
  vanish(): Promise<void>;
  /** Listens again on the same port after `vanish()`. */
  restore(): Promise<void>;
  /** Stops listening, drops connections, cancels pending replies. */
  close(): Promise<void>;
}

/**
 * Starts a Modbus TCP slave (or RTU-over-TCP with `framing: 'rtu'`) serving the given units.
 *
 * @example
 * const bank = new MemoryRegisterBank().setHolding(4, 1234);
 * const slave = await startTcpSlave({ units: { 1: bank } });
 * // ... a master reads 127.0.0.1:slave.port unit 1 ...
 * await slave.close();
 */
export async function startTcpSlave(options: TcpSlaveOptions): Promise<TcpSlave> {
  const host = options.host ?? '127.0.0.1';
  const engine = options.engine ?? new SlaveEngine(options.units ?? {});
  if (!options.engine && !options.units) {
    throw simulatorError(
      'SIM_OPTIONS_INVALID',
      'startTcpSlave: give `units` (banks by unit id) or an `engine`',
    );
  }
  const framing = options.framing ?? 'mbap';
  const sockets = new Set<Socket>();

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const write = (bytes: Buffer) => {
      if (!socket.destroyed) socket.write(bytes);
    };
    const connection: SlaveConnection =
      framing === 'rtu'
        ? rtuConnection(engine, write, options.timing)
        : mbapConnection(engine, write, () => socket.destroy());
    socket.on('data', (chunk) => connection.receive(chunk));
    socket.on('error', () => {
      // A master resetting its connection is normal life for a slave: the 'close' below cleans up.
    });
    socket.on('close', () => {
      connection.close();
      sockets.delete(socket);
    });
  });

  let port = await listen(server, host, options.port ?? 0);
  let listening = true;

  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const stop = async () => {
    dropConnections();
    if (listening) {
      listening = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };

  return {
    get port() {
      return port;
    },
    host,
    engine,
    vanish: stop,
    async restore() {
      if (listening) return;
      port = await listen(server, host, port);
      listening = true;
    },
    close: stop,
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      reject(
        simulatorError(
          'SIM_PORT_FAILED',
          `cannot listen on ${host}:${port}: ${error.message}; pick another port or 0 for a free one`,
          {
            cause: error,
            details: { host, port },
          },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
