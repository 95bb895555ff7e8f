import { createServer, type Socket } from 'node:net';
import { Aedes } from 'aedes';

/** A running in-process MQTT broker. */
export interface EmbeddedBroker {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts an in-process aedes MQTT broker on a free loopback port, so demos, examples and tests run
 * without a Mosquitto. (aedes speaks MQTT 3.1.1; the gateway's uplink falls back to it by itself.)
 * `close()` ends every client connection too, so the port is released at once.
 */
export async function startEmbeddedBroker(): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  // Clients that never say goodbye keep sockets open; track them so close() can end them.
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}
