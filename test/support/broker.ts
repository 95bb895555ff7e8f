import { createConnection } from 'node:net';

export const DEFAULT_MQTT_URL = 'mqtt://127.0.0.1:1883';

/** Resolves true when something accepts a TCP connection at the URL's host and port within `timeoutMs`. */
export function isReachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 1883) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
