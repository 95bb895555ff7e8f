/**
 * A TCP proxy between an MQTT client and a broker that can hold back the broker's PUBACKs: the broker
 * has the message (and delivers it to subscribers) while the client still counts it as in flight. That
 * is the window in which a crash of the client must neither lose a message nor reuse its sequence.
 * It reads MQTT's fixed header (packet type + remaining-length varint, MQTT 3.1.1 and 5 alike) on the
 * broker→client stream only; the client→broker stream passes through untouched.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

const PUBACK = 4;

export class PubackHoldingProxy {
  /** PUBACKs withheld from the client so far (on all connections). */
  held = 0;
  /** PUBACKs forwarded to the client so far. */
  forwarded = 0;
  #hold: boolean;
  readonly #sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    hold: boolean,
  ) {
    this.#hold = hold;
  }

  /** Listens on 127.0.0.1 (a free port) and forwards each connection to `brokerUrl`'s host and port. */
  static async start(brokerUrl: string, options: { hold: boolean }): Promise<PubackHoldingProxy> {
    const target = new URL(brokerUrl);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const port = Number(target.port || 1883);
    let proxy: PubackHoldingProxy | undefined;
    const server = createServer((client) => proxy!.connect(client, host, port));
    proxy = new PubackHoldingProxy(server, options.hold);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const { port } = this.server.address() as { port: number };
    return `mqtt://127.0.0.1:${port}`;
  }

  /** Whether PUBACKs from now on are withheld (the ones already withheld stay so). */
  hold(hold: boolean): void {
    this.#hold = hold;
  }

  private connect(client: Socket, host: string, port: number): void {
    const broker = createConnection({ host, port });
    this.#sockets.add(client).add(broker);
    const closeBoth = () => {
      client.destroy();
      broker.destroy();
      this.#sockets.delete(client);
      this.#sockets.delete(broker);
    };
    client.on('error', closeBoth).on('close', closeBoth);
    broker.on('error', closeBoth).on('close', closeBoth);
    client.pipe(broker);
    let pending = Buffer.alloc(0);
    broker.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const length = packetLength(pending);
        if (length === undefined || pending.length < length) break;
        const packet = pending.subarray(0, length);
        pending = pending.subarray(length);
        if (packet[0]! >> 4 === PUBACK && this.#hold) {
          this.held += 1;
          continue;
        }
        if (packet[0]! >> 4 === PUBACK) this.forwarded += 1;
        client.write(packet);
      }
    });
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The whole packet's length from its fixed header, or undefined until the header is complete. */
function packetLength(bytes: Buffer): number | undefined {
  let remaining = 0;
  let multiplier = 1;
  for (let index = 1; index <= 4; index += 1) {
    if (index >= bytes.length) return undefined;
    const byte = bytes[index]!;
    remaining += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return 1 + index + remaining;
    multiplier *= 128;
  }
  throw new Error('malformed MQTT remaining length from the broker');
}
