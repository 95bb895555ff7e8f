import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './typed-emitter.js';

interface Events {
  tick: (n: number) => void;
}

class Ticker extends TypedEmitter<Events> {
  tick(n: number): void {
    this.emit('tick', n);
  }
}

describe('TypedEmitter', () => {
  it('keeps calling the other listeners when one throws, and counts what it threw', () => {
    const ticker = new Ticker();
    const seen: number[] = [];
    const fault = new Error('subscriber bug');
    ticker.on('tick', () => {
      throw fault;
    });
    ticker.on('tick', (n) => seen.push(n));
    ticker.tick(1);
    ticker.tick(2);
    expect(seen).toEqual([1, 2]);
    expect(ticker.listenerErrors).toBe(2);
    expect(ticker.lastListenerError).toBe(fault);
  });

  it('off removes a listener added with once', () => {
    const ticker = new Ticker();
    const seen: number[] = [];
    const listener = (n: number) => seen.push(n);
    ticker.once('tick', listener);
    ticker.off('tick', listener);
    ticker.tick(1);
    expect(seen).toEqual([]);
  });

  it('once fires a single time', () => {
    const ticker = new Ticker();
    const seen: number[] = [];
    ticker.once('tick', (n) => seen.push(n));
    ticker.tick(1);
    ticker.tick(2);
    expect(seen).toEqual([1]);
  });
});
