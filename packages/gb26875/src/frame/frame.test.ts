import { describe, expect, it } from 'vitest';
import { Command, commandName } from './command.js';
import { decodeFrame, encodeFrame, type Gb26875Frame } from './frame.js';
import { hexBytes, toHex } from './test-bytes.js';
import { timeFromDate, timeProblem, timeToEpochMs } from './time.js';

// A confirm (3) from the centre, written by hand from GB/T 26875.3 table 1.
const confirmHex = `
  40 40              // start '@@'
  01 00              // serial number 1 (little-endian)
  01 00              // protocol version: major 1, minor 0
  35 10 15 03 0c 1a  // time: 53 s, 16 min, 21 h, day 3, month 12, year 26 -> 2026-12-03 21:16:53
  66 55 44 33 22 11  // source address 0x112233445566 (little-endian)
  01 00 00 00 00 00  // destination address 1
  00 00              // ADU length 0
  03                 // command 3: confirm
  ee                 // checksum: 0x02 + 0x83 (time) + 0x165 (source) + 0x01 + 0x03 = 0x1ee -> 0xee
  23 23              // end '##'
`;

const confirm: Gb26875Frame = {
  serial: 1,
  version: { major: 1, minor: 0 },
  time: { year: 2026, month: 12, day: 3, hour: 21, minute: 16, second: 53 },
  source: 0x112233445566,
  destination: 1,
  command: Command.confirm,
  adu: new Uint8Array(0),
};

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('frame', () => {
  it('encodes and decodes the hand-written confirm frame', () => {
    expect(toHex(encodeFrame(confirm))).toBe(toHex(hexBytes(confirmHex)));
    expect(decodeFrame(hexBytes(confirmHex))).toEqual(confirm);
  });

  it('names commands, reserved and user-defined bytes', () => {
    expect(commandName(2)).toBe('sendData');
    expect(commandName(7)).toBe('reserved-7');
    expect(commandName(200)).toBe('user-200');
  });

  it('rejects each framing fault with its own code', () => {
    const good = hexBytes(confirmHex);
    const edit = (index: number, value: number) => {
      const copy = good.slice();
      copy[index] = value;
      return copy;
    };
    expect(errorCode(() => decodeFrame(good.subarray(0, 29)))).toBe('GB26875_TRUNCATED');
    expect(errorCode(() => decodeFrame(edit(0, 0x41)))).toBe('GB26875_BAD_START');
    expect(errorCode(() => decodeFrame(edit(29, 0x24)))).toBe('GB26875_BAD_END');
    expect(errorCode(() => decodeFrame(edit(27, 0xef)))).toBe('GB26875_BAD_CHECKSUM');
    expect(errorCode(() => decodeFrame(edit(25, 0x05)))).toBe('GB26875_LENGTH_EXCEEDS_LIMIT');
    expect(errorCode(() => decodeFrame(edit(24, 0x01)))).toBe('GB26875_TRUNCATED');
    expect(errorCode(() => decodeFrame(new Uint8Array([...good, 0])))).toBe('GB26875_TRUNCATED');
    // Changing a byte and fixing the checksum: the later checks run.
    const fixed = (index: number, value: number) => {
      const copy = edit(index, value);
      copy[27] = (copy[27]! + value - good[index]!) & 0xff;
      return copy;
    };
    expect(errorCode(() => decodeFrame(fixed(4, 2)))).toBe('GB26875_UNSUPPORTED_VERSION');
    expect(errorCode(() => decodeFrame(fixed(6, 60)))).toBe('GB26875_BAD_TIME');
    expect(errorCode(() => decodeFrame(fixed(26, Command.sendData)))).toBe('GB26875_EMPTY_ADU');
  });

  it('accepts an empty send-data heartbeat only under its quirk, both ways', () => {
    const heartbeat = { ...confirm, command: Command.sendData };
    expect(errorCode(() => encodeFrame(heartbeat))).toBe('GB26875_INVALID_INPUT');
    const quirks = { emptyAduHeartbeat: true };
    const bytes = encodeFrame(heartbeat, { quirks });
    expect(errorCode(() => decodeFrame(bytes))).toBe('GB26875_EMPTY_ADU');
    expect(decodeFrame(bytes, { quirks })).toEqual(heartbeat);
  });

  it('reads and writes BCD time labels only under their quirk, and says so when it sees them', () => {
    // 2026-12-03 21:16:53 in BCD: 53 16 21 03 12 26; 0x53 = 83 s is no binary second.
    const bcd = encodeFrame(confirm, { quirks: { bcdTime: true } });
    expect(toHex(bcd.subarray(6, 12))).toBe('53 16 21 03 12 26');
    let message = '';
    try {
      decodeFrame(bcd);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/quirks\.bcdTime/);
    expect(decodeFrame(bcd, { quirks: { bcdTime: true } }).time).toEqual(confirm.time);
  });

  it('rejects invalid encoder input naming the field', () => {
    expect(() => encodeFrame({ ...confirm, serial: 65536 })).toThrow(/serial/);
    expect(() => encodeFrame({ ...confirm, source: 2 ** 48 })).toThrow(/source address/);
    expect(() => encodeFrame({ ...confirm, time: { ...confirm.time, day: 31, month: 11 } })).toThrow(
      /day 31/,
    );
    expect(() => encodeFrame({ ...confirm, command: Command.sendData, adu: new Uint8Array(1025) })).toThrow(
      /splitIntoFrames/,
    );
  });

  it('converts time labels to and from instants at UTC+8', () => {
    const ms = Date.UTC(2026, 11, 3, 13, 16, 53);
    expect(timeFromDate(ms)).toEqual(confirm.time);
    expect(timeToEpochMs(confirm.time)).toBe(ms);
  });
});

describe('time labels', () => {
  it('know leap years and month lengths', () => {
    expect(timeProblem({ year: 2028, month: 2, day: 29, hour: 0, minute: 0, second: 0 })).toBeUndefined();
    expect(timeProblem({ year: 2026, month: 2, day: 29, hour: 0, minute: 0, second: 0 })).toMatch(/day 29/);
    expect(timeProblem({ year: 2000, month: 2, day: 29, hour: 0, minute: 0, second: 0 })).toBeUndefined();
    expect(timeProblem({ year: 2026, month: 4, day: 31, hour: 0, minute: 0, second: 0 })).toMatch(/day 31/);
    expect(timeProblem({ year: 2026, month: 12, day: 31, hour: 23, minute: 59, second: 59 })).toBeUndefined();
    expect(timeProblem({ year: 2026, month: 1, day: 1.5, hour: 0, minute: 0, second: 0 })).toMatch(/integer/);
  });
});
