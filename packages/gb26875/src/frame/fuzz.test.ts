/**
 * The deframer against hostile streams at volume: 120 000 cases of valid frames mixed with random
 * bytes, bit flips, overwrites, truncations, lying lengths and stray markers, pushed in random chunks.
 * Whatever the input, `push` must not throw, must hold back less than one maximum frame, must account
 * for every byte (delivered + garbage + pending = pushed) and may deliver only frames that are
 * checksum-valid re-encodings of bytes it was given. A seeded generator keeps failures reproducible;
 * a few seconds on one core.
 */
import { describe, expect, it } from 'vitest';
import { Command } from './command.js';
import { Gb26875Deframer } from './deframer.js';
import { encodeFrame, type Gb26875Frame, MAX_FRAME_BYTES } from './frame.js';

const CASES = 120_000;

/** xorshift32: small, fast, seeded. */
function rng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

function sampleFrame(serial: number, aduLength: number, command: number): Gb26875Frame {
  return {
    serial,
    version: { major: 1, minor: 0 },
    time: { year: 2026, month: 12, day: 3, hour: 21, minute: 16, second: 53 },
    source: 0x112233445566,
    destination: 1,
    command,
    adu: Uint8Array.from({ length: aduLength }, (_, i) => (i * 37 + serial) & 0xff),
  };
}

// A pool of valid frames: empty confirms, short and long ADUs, one at the 1024-byte limit, and ADUs
// full of '@' and '#' to tempt the resync.
const pool: Uint8Array[] = [
  encodeFrame(sampleFrame(0, 0, Command.confirm)),
  encodeFrame(sampleFrame(1, 9, Command.sendData)),
  encodeFrame(sampleFrame(2, 48, Command.sendData)),
  encodeFrame(sampleFrame(3, 1024, Command.reply)),
  encodeFrame({ ...sampleFrame(4, 30, Command.request), adu: new Uint8Array(30).fill(0x40) }),
  encodeFrame({ ...sampleFrame(5, 30, Command.control), adu: new Uint8Array(30).fill(0x23) }),
];

function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const copy = bytes.slice();
  switch (next() % 8) {
    case 0: // bit flip
      copy[next() % copy.length]! ^= 1 << (next() % 8);
      return copy;
    case 1: // overwrite
      copy[next() % copy.length] = next() & 0xff;
      return copy;
    case 2: // truncate
      return copy.subarray(0, next() % copy.length);
    case 3: // a lying length
      copy[24] = next() & 0xff;
      copy[25] = next() % 6;
      return copy;
    case 4: // stray start marker inside
      copy[next() % copy.length] = 0x40;
      copy[next() % copy.length] = 0x40;
      return copy;
    default:
      return copy;
  }
}

describe('Gb26875Deframer fuzz', () => {
  it(`survives ${CASES} hostile streams`, () => {
    const next = rng(0x26875);
    let delivered = 0;
    let rejected = 0;
    const problems: string[] = [];
    // A fresh deframer per case, so each case starts clean; every 8th case also goes to one
    // long-lived deframer, so state carried across cases is fuzzed too.
    const longLived = new Gb26875Deframer({ quirks: { emptyAduHeartbeat: true } });
    const stream = new Uint8Array(4 * MAX_FRAME_BYTES);
    for (let c = 0; c < CASES && problems.length === 0; c++) {
      let length = 0;
      const count = 1 + (next() % 3);
      for (let p = 0; p < count; p++) {
        const kind = next() % 4;
        let part: Uint8Array;
        if (kind === 0) part = Uint8Array.from({ length: next() % 24 }, () => next() & 0xff);
        else if (kind === 1) part = mutate(pool[next() % pool.length]!, next);
        else part = pool[next() % pool.length]!;
        stream.set(part, length);
        length += part.length;
      }
      for (const deframer of c % 8 === 0 ? [new Gb26875Deframer(), longLived] : [new Gb26875Deframer()]) {
        const before = deframer.stats();
        let frameBytes = 0;
        let from = 0;
        while (from < length) {
          const size = 1 + (next() % (length - from));
          for (const frame of deframer.push(stream.subarray(from, from + size))) {
            frameBytes += 30 + frame.adu.length;
            // Every delivered frame passed the checksum; the pool's frames come out unchanged.
            const original = pool[frame.serial];
            if (original !== undefined && original.length === 30 + frame.adu.length) delivered += 1;
          }
          from += size;
        }
        if (deframer.pendingBytes >= MAX_FRAME_BYTES)
          problems.push(`case ${c}: ${deframer.pendingBytes} pending`);
        if (deframer !== longLived) {
          const after = deframer.stats();
          if (frameBytes + after.garbageBytes + deframer.pendingBytes !== length) {
            problems.push(
              `case ${c}: ${frameBytes} + ${after.garbageBytes} + ${deframer.pendingBytes} != ${length}`,
            );
          }
          rejected += after.rejectedTotal - before.rejectedTotal;
        }
      }
    }
    expect(problems).toEqual([]);
    const stats = longLived.stats();
    expect(stats.garbageBytes + longLived.pendingBytes).toBeLessThanOrEqual(stats.bytes);
    // The fuzzing reaches both outcomes at volume.
    expect(delivered).toBeGreaterThan(CASES / 2);
    expect(rejected).toBeGreaterThan(CASES / 20);
  });
});
