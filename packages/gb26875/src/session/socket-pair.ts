import { EventEmitter } from 'node:events';
import type { CentreSocket } from './transport.js';

/** One end of a {@link createSocketPair}: a {@link CentreSocket} that also records what it wrote. */
export interface MemorySocket extends CentreSocket {
  /** Every chunk written on this end, in order. */
  readonly written: Uint8Array[];
  readonly destroyed: boolean;
}

class MemoryEnd extends EventEmitter implements MemorySocket {
  readonly written: Uint8Array[] = [];
  destroyed = false;
  peer: MemoryEnd | undefined;

  write(bytes: Uint8Array): boolean {
    if (this.destroyed) return false;
    const copy = Uint8Array.from(bytes);
    this.written.push(copy);
    const peer = this.peer;
    setImmediate(() => {
      if (peer && !peer.destroyed) peer.emit('data', copy);
    });
    return true;
  }

  destroy(): void {
    for (const side of [this, this.peer]) {
      if (!side || side.destroyed) continue;
      side.destroyed = true;
      setImmediate(() => side.emit('close'));
    }
  }
}

/**
 * The test double of the centre socket: two connected ends in memory. What one end writes arrives at
 * the other on a later tick (as over TCP, never inside the write call); destroying either closes both.
 */
export function createSocketPair(): [MemorySocket, MemorySocket] {
  const a = new MemoryEnd();
  const b = new MemoryEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
