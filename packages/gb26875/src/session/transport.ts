import { connect as netConnect } from 'node:net';

/**
 * The byte stream to the centre: what the session needs of a socket. `net.Socket` is one; the test
 * double beside it is {@link createSocketPair}.
 */
export interface CentreSocket {
  write(bytes: Uint8Array): unknown;
  /** Closes at once (pending writes are dropped: unconfirmed items stay queued anyway). */
  destroy(): void;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Opens one connection to the centre; rejects when it cannot. */
export type ConnectCentre = () => Promise<CentreSocket>;

/** A TCP connect to `host:port`, failing after `timeoutMs` (a black-holed address must not hang a dial). */
export function tcpCentre(host: string, port: number, timeoutMs = 10_000): ConnectCentre {
  return () =>
    new Promise<CentreSocket>((resolve, reject) => {
      const socket = netConnect({ host, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connecting to the centre at ${host}:${port} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(`cannot reach the centre at ${host}:${port}: ${error.message}`, { cause: error }));
      });
    });
}
