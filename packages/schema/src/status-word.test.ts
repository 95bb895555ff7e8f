import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeComponentStatus,
  decodeStatusWord,
  decodeSystemOperation,
  decodeSystemStatus,
  decodeTransmissionStatus,
  encodeComponentStatus,
  encodeStatusWord,
  encodeSystemStatus,
  encodeTransmissionOperation,
  encodeTransmissionStatus,
  reservedMask,
  type StatusFlags,
  statusChanges,
} from './status-word.js';
import {
  type BitTable,
  componentStatusTable,
  systemOperationTable,
  systemStatusTable,
  transmissionOperationTable,
  transmissionStatusTable,
} from './tables/status-bits.js';

const tables: BitTable[] = [
  systemStatusTable,
  componentStatusTable,
  transmissionStatusTable,
  systemOperationTable,
  transmissionOperationTable,
];

describe.each(tables)('$title', (table) => {
  const limit = 2 ** table.width - 1;

  it(`decodes every ${table.width}-bit value and re-encodes it to the same value (exhaustive)`, () => {
    for (let word = 0; word <= limit; word++) {
      if (encodeStatusWord(table, decodeStatusWord(table, word)) !== word) {
        throw new Error(`${table.id}: 0x${word.toString(16)} did not round-trip`);
      }
    }
  });

  it('round-trips every value (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: limit }), (word) => {
        expect(encodeStatusWord(table, decodeStatusWord(table, word))).toBe(word);
      }),
    );
  });

  it('round-trips every flag combination (property)', () => {
    const mask = reservedMask(table);
    const flagsArbitrary = fc.record({
      ...Object.fromEntries(table.entries.map((entry) => [entry.key, fc.boolean()])),
      reserved: fc.integer({ min: 0, max: limit }).map((value) => value & mask),
    });
    fc.assert(
      fc.property(flagsArbitrary, (flags) => {
        expect(decodeStatusWord(table, encodeStatusWord(table, flags as StatusFlags<string>))).toEqual(flags);
      }),
    );
  });

  it('rejects words that do not fit its width', () => {
    for (const bad of [-1, limit + 1, 1.5, Number.NaN]) {
      expect(() => decodeStatusWord(table, bad)).toThrow(
        expect.objectContaining({ code: 'SCHEMA_STATUS_OUT_OF_RANGE' }),
      );
    }
  });
});

describe('status words', () => {
  it('16-bit words cover all 65536 values, 8-bit ones 256, with named plus reserved bits', () => {
    expect(reservedMask(systemStatusTable)).toBe(0xc000);
    expect(reservedMask(componentStatusTable)).toBe(0xfe00);
    expect(reservedMask(transmissionStatusTable)).toBe(0x80);
  });

  it('decodes a normal system with a fire alarm and main power fault', () => {
    const status = decodeSystemStatus(0b1_0000_0011);
    expect(status).toMatchObject({
      normal: true,
      fireAlarm: true,
      fault: false,
      mainPowerFault: true,
      reserved: 0,
    });
    expect(encodeSystemStatus({ normal: true, fireAlarm: true, mainPowerFault: true })).toBe(0x103);
  });

  it('keeps reserved bits as received', () => {
    expect(decodeComponentStatus(0x8001)).toMatchObject({ normal: true, reserved: 0x8000 });
    expect(encodeComponentStatus({ normal: true, reserved: 0x8000 })).toBe(0x8001);
  });

  it('decodes the transmission device byte and operation flags', () => {
    expect(decodeTransmissionStatus(0x21)).toMatchObject({ normal: true, centreLinkFault: true });
    expect(encodeTransmissionStatus({ normal: true, backupPowerFault: true })).toBe(0x11);
    expect(decodeSystemOperation(0x03)).toMatchObject({ reset: true, silence: true, selfTest: false });
    expect(encodeTransmissionOperation({ checkInAnswered: true })).toBe(0x20);
  });

  it('rejects a transmission status above one byte', () => {
    expect(() => decodeTransmissionStatus(0x100)).toThrow(/not a 8-bit word/);
  });

  it('rejects unknown flags, non-boolean flags and reserved values outside the reserved bits', () => {
    const bad = [{ fire: true }, { fireAlarm: 1 }, { reserved: 0x1 }, { reserved: -0x4000 }];
    for (const flags of bad) {
      expect(() => encodeSystemStatus(flags as never)).toThrow(
        expect.objectContaining({ code: 'SCHEMA_STATUS_OUT_OF_RANGE' }),
      );
    }
  });

  it('reports the bits that changed, with their event kinds', () => {
    expect(statusChanges(systemStatusTable, 0x0001, 0x0403)).toEqual([
      { key: 'fireAlarm', bit: 1, active: true, event: 'fire' },
      { key: 'busFault', bit: 10, active: true, event: 'bus-fault' },
    ]);
    expect(statusChanges(componentStatusTable, 0x0009, 0x0001)).toEqual([
      { key: 'shielded', bit: 3, active: false, event: 'shielded' },
    ]);
    expect(statusChanges(systemStatusTable, 0x4001, 0x0001)).toEqual([]);
  });
});
