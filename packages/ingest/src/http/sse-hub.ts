import type { ServerResponse } from 'node:http';

/**
 * Server-sent events to every connected browser. A comment line every `keepAliveMs` keeps proxies
 * from closing an idle stream; a client that stops reading (its socket buffer full) is dropped rather
 * than buffered without bound.
 */
export class SseHub {
  readonly #clients = new Set<ServerResponse>();
  readonly #timer: NodeJS.Timeout;
  /** Bytes a slow client may have pending before it is dropped. */
  readonly #maxPending: number;

  constructor(keepAliveMs = 15_000, maxPendingBytes = 1024 * 1024) {
    this.#maxPending = maxPendingBytes;
    this.#timer = setInterval(() => this.#write(': keep-alive\n\n'), keepAliveMs);
    this.#timer.unref();
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Turns a response into an event stream; `retryMs` tells the browser how soon to reconnect. */
  add(response: ServerResponse, retryMs = 2000): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write(`retry: ${retryMs}\n\n`);
    this.#clients.add(response);
    response.on('close', () => this.#clients.delete(response));
  }

  /** Sends one named event with a JSON body to every client. */
  send(event: string, data: unknown): void {
    if (this.#clients.size === 0) return;
    this.#write(`event: ${event}\ndata: ${JSON.stringify(data, jsonReplacer)}\n\n`);
  }

  /** Ends every stream. */
  close(): void {
    clearInterval(this.#timer);
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  #write(chunk: string): void {
    for (const client of this.#clients) {
      if (client.writableLength > this.#maxPending) {
        client.destroy();
        this.#clients.delete(client);
        continue;
      }
      client.write(chunk);
    }
  }
}

/** 64-bit sequence numbers travel as decimal strings (JSON numbers lose precision above 2^53). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
