import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../testing/rtu-frames.js';
import {
  encodeLd128eRecord,
  LD128E_IDLE,
  type Ld128eRecord,
  Ld128eStreamParser,
  ld128eEventCodes,
  ld128eRecordToEvent,
  parseLd128eReply,
} from './ld128e.js';

const knownCodes = Object.keys(ld128eEventCodes).map(Number);

describe('LD128E CRT poll protocol', () => {
  it('decodes the documented examples', () => {
    expect(parseLd128eReply(hexToBytes('7F'))).toEqual({ records: [], idle: 1, unknown: [] });
    const examples = ['01 03 02', '02 04 05', '05 04 06'].map(
      (hex) => parseLd128eReply(hexToBytes(hex)).records[0]!,
    );
    expect(examples).toEqual([
      { code: 1, loop: 3, address: 2 },
      { code: 2, loop: 4, address: 5 },
      { code: 5, loop: 4, address: 6 },
    ]);
    const events = examples.map((record) => ld128eRecordToEvent(record, { componentId: 'fap-3', time: 7 }));
    expect(events.map((e) => [e?.kind, e?.active, e?.loop, e?.address])).toEqual([
      ['fire', true, 3, 2],
      ['fault', true, 4, 5],
      ['fault', false, 4, 6],
    ]);
    expect(events[0]).toEqual({
      time: 7,
      kind: 'fire',
      active: true,
      component: 'fap-3',
      systemType: 1,
      componentType: 0,
      loop: 3,
      address: 2,
      source: { code: 1, loop: 3, address: 2 },
      description: 'fire',
    });
  });

  it('reports panel-level events without loop and address', () => {
    const event = ld128eRecordToEvent({ code: 0x12, loop: 0, address: 0 }, { componentId: 'fap-3', time: 1 });
    expect(event).toMatchObject({ kind: 'main-power-fault', active: true, componentType: 1 });
    expect(event).not.toHaveProperty('loop');
  });

  it('accepts several records and a trailing idle in one reply (lenient), reports junk', () => {
    expect(parseLd128eReply(hexToBytes('01 01 17 09 02 03 7F'))).toEqual({
      records: [
        { code: 1, loop: 1, address: 0x17 },
        { code: 9, loop: 2, address: 3 },
      ],
      idle: 1,
      unknown: [],
    });
    const junk = parseLd128eReply(hexToBytes('EE 01 03 02 01'));
    expect(junk.records).toEqual([{ code: 1, loop: 3, address: 2 }]);
    expect(junk.unknown.map((u) => u.hex)).toEqual(['ee', '01']);
  });

  it('stream parser carries a record split across chunks', () => {
    const parser = new Ld128eStreamParser();
    expect(parser.feed(hexToBytes('7F 01')).records).toEqual([]);
    expect(parser.feed(hexToBytes('03')).records).toEqual([]);
    expect(parser.feed(hexToBytes('02 7F')).records).toEqual([{ code: 1, loop: 3, address: 2 }]);
    expect(parser.flush()).toEqual({ records: [], idle: 0, unknown: [] });
  });

  it('survives random replies and recovers every valid reply between them (fuzz, framed by poll)', () => {
    const record = fc.record({
      code: fc.constantFrom(...knownCodes),
      loop: fc.integer({ min: 0, max: 255 }),
      address: fc.integer({ min: 0, max: 255 }),
    });
    const reply = fc.oneof(
      record.map((r) => ({ valid: r as Ld128eRecord | undefined, bytes: encodeLd128eRecord(r) })),
      fc.constant({ valid: undefined, bytes: Uint8Array.of(LD128E_IDLE) }),
      fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ valid: undefined, bytes })),
    );
    fc.assert(
      fc.property(fc.array(reply, { maxLength: 40 }), (replies) => {
        const got = replies.flatMap((r) => parseLd128eReply(r.bytes).records);
        const expected = replies.flatMap((r) => (r.valid ? [r.valid] : []));
        let cursor = 0;
        for (const record of got)
          if (cursor < expected.length && JSON.stringify(record) === JSON.stringify(expected[cursor]))
            cursor++;
        expect(cursor).toBe(expected.length);
      }),
      { numRuns: 500 },
    );
  });

  it('stream parser never throws on random bytes and accounts for every byte (nothing dropped silently)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 30 }), (chunks) => {
        const parser = new Ld128eStreamParser();
        let accounted = 0;
        const add = (out: ReturnType<Ld128eStreamParser['feed']>) => {
          accounted += out.records.length * 3 + out.idle + out.unknown.reduce((sum, u) => sum + u.length, 0);
        };
        for (const chunk of chunks) add(parser.feed(chunk));
        add(parser.flush());
        expect(accounted).toBe(chunks.reduce((sum, c) => sum + c.length, 0));
      }),
      { numRuns: 300 },
    );
  });
});
