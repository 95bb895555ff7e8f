import { describe, expect, it } from 'vitest';
import { ReceiveBuffer } from './receive-buffer.js';

const held = (buffer: ReceiveBuffer) => [...buffer.bytes.subarray(0, buffer.length)];

describe('ReceiveBuffer', () => {
  it('appends past its first size, keeps order, consumes from the front and clears with a count', () => {
    const buffer = new ReceiveBuffer(2);
    buffer.append(Uint8Array.of(1, 2));
    buffer.append(Uint8Array.of(3, 4, 5));
    expect(held(buffer)).toEqual([1, 2, 3, 4, 5]);
    buffer.consume(2);
    expect(held(buffer)).toEqual([3, 4, 5]);
    buffer.append(Uint8Array.of(6));
    expect(held(buffer)).toEqual([3, 4, 5, 6]);
    expect(buffer.clear()).toBe(4);
    expect(buffer.length).toBe(0);
  });
});
