import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../testing/rtu-frames.js';
import {
  encodeGst9000Record,
  Gst9000PrinterParser,
  type Gst9000Record,
  gst9000RecordToEvent,
  parseGst9000Record,
} from './gst9000-printer.js';

/** The vendor document's sample printout. */
const SAMPLE =
  '1B 36 30 38 2F 31 32 2F 30 32 20 20 31 37 3A 32 34 0A 20 20 30 30 34 2D 30 30 34 0A 1B 39 CA D7 B4 CE BB F0 BE AF 0A C8 B9 C2 A5 D2 BB B2 E3 C9 CF BF D5 0A B8 D0 D1 CC CC BD B2 E2 C6 F7 0A 0A';

const sampleRecord: Gst9000Record = {
  printedTime: '08/12/02  17:24',
  loop: 4,
  point: 4,
  kindText: '首次火警',
  // The document's gloss says 楼一层上空; its bytes (C8 B9 first) say 裙楼一层上空 (podium, first floor, overhead).
  location: '裙楼一层上空',
  deviceText: '感烟探测器',
};

describe('GST9000 printer parser', () => {
  it('decodes the documented sample into the record and a fire event', () => {
    const parser = new Gst9000PrinterParser();
    const out = parser.feed(hexToBytes(SAMPLE));
    expect(out).toEqual({ records: [sampleRecord], unknown: [] });
    expect(gst9000RecordToEvent(out.records[0]!, { componentId: 'fap-2', time: 5000 })).toEqual({
      time: 5000,
      kind: 'fire',
      active: true,
      component: 'fap-2',
      systemType: 1,
      componentType: 40,
      loop: 4,
      address: 4,
      source: { printedTime: '08/12/02  17:24', kind: '首次火警', device: '感烟探测器' },
      description: '首次火警 裙楼一层上空 感烟探测器',
    });
  });

  it('encodes a record byte for byte as the sample', () => {
    expect(Buffer.from(encodeGst9000Record(sampleRecord)).toString('hex')).toBe(
      Buffer.from(hexToBytes(SAMPLE)).toString('hex'),
    );
  });

  it('parses the sample fed one byte at a time', () => {
    const parser = new Gst9000PrinterParser();
    const records = [...hexToBytes(SAMPLE)].flatMap((byte) => parser.feed(Uint8Array.of(byte)).records);
    expect(records).toEqual([sampleRecord]);
  });

  it('accepts documented quirks: CR LF line ends, a missing ESC 9, a record cut off by the next one', () => {
    const crlf = new TextEncoder().encode('\x1b608/12/02 17:25\r\n 004-005\r\n');
    const parser = new Gst9000PrinterParser();
    const text = Buffer.from('\u001b9', 'latin1');
    const out1 = parser.feed(
      Uint8Array.from([...crlf, ...text, ...Buffer.from([0xb9, 0xca, 0xd5, 0xcf, 0x0a])]),
    );
    expect(out1.records).toEqual([]);
    // No blank line: the next record's ESC 6 ends this one.
    const out2 = parser.feed(hexToBytes(SAMPLE));
    expect(out2.records.map((r) => [r.loop, r.point, r.kindText])).toEqual([
      [4, 5, '故障'],
      [4, 4, '首次火警'],
    ]);
    expect(out2.unknown).toEqual([]);
  });

  it('reports a malformed record and stray bytes as unknown frames, then recovers', () => {
    const parser = new Gst9000PrinterParser();
    const out = parser.feed(
      Uint8Array.from([
        0x41,
        0x42,
        0x1b,
        0x36,
        ...new TextEncoder().encode('garbage\nnot-a-point\n\n'),
        ...hexToBytes(SAMPLE),
      ]),
    );
    expect(out.records).toEqual([sampleRecord]);
    expect(out.unknown.map((u) => u.reason)).toEqual([
      'bytes outside any record',
      'malformed record: bad date/time line "garbage"',
    ]);
  });

  it('returns an explanation rather than a record for a bad loop-point line', () => {
    expect(parseGst9000Record(new TextEncoder().encode('08/12/02 17:24\nxx\n'))).toMatch(/loop-point/);
  });

  it('classifies unknown wording by fallback substrings and leaves unknown kinds to the caller', () => {
    const time = 1;
    expect(
      gst9000RecordToEvent({ ...sampleRecord, kindText: '二次火警' }, { componentId: 'p', time })?.kind,
    ).toBe('fire');
    expect(
      gst9000RecordToEvent({ ...sampleRecord, kindText: '某某事件' }, { componentId: 'p', time }),
    ).toBeUndefined();
  });

  it('survives random bytes and recovers every valid record mixed into them (fuzz)', () => {
    const chinese = fc.constantFrom('首次火警', '故障', '故障恢复', '启动', '反馈', '屏蔽');
    const place = fc.constantFrom('楼一层上空', '二层走廊', '地下车库', '');
    const device = fc.constantFrom('感烟探测器', '手动报警按钮', '输入模块', '');
    const record = fc.record({
      printedTime: fc
        .tuple(
          fc.integer({ min: 0, max: 99 }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 28 }),
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
        )
        .map(
          ([y, mo, d, h, mi]) =>
            [y, mo, d].map((n) => String(n).padStart(2, '0')).join('/') +
            `  ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`,
        ),
      loop: fc.integer({ min: 0, max: 999 }),
      point: fc.integer({ min: 0, max: 999 }),
      kindText: chinese,
      location: place,
      deviceText: device,
    });
    const piece = fc.oneof(
      {
        weight: 1,
        arbitrary: record.map((r) => ({
          valid: r as Gst9000Record | undefined,
          bytes: encodeGst9000Record(r),
        })),
      },
      {
        weight: 2,
        arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ valid: undefined, bytes })),
      },
      // Torn records (a cut cable, a buffer overrun) and the bytes that matter to framing.
      {
        weight: 1,
        arbitrary: fc
          .tuple(record, fc.integer({ min: 1, max: 60 }))
          .map(([r, cut]) => ({ valid: undefined, bytes: encodeGst9000Record(r).subarray(0, cut) })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom([0x1b], [0x1b, 0x36], [0x0a, 0x0a], [0x1b, 0x39], [0x0d, 0x0a])
          .map((bytes) => ({ valid: undefined, bytes: Uint8Array.from(bytes) })),
      },
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.integer({ min: 1, max: 64 }),
        (pieces, chunkSize) => {
          // Empty location/device lines would end a record early (a blank line): keep valid ones valid.
          const stream = Uint8Array.from(pieces.flatMap((p) => [...p.bytes]));
          const parser = new Gst9000PrinterParser();
          const records: Gst9000Record[] = [];
          let unknownBytes = 0;
          for (let offset = 0; offset < stream.length; offset += chunkSize) {
            const out = parser.feed(stream.subarray(offset, offset + chunkSize));
            records.push(...out.records);
            unknownBytes += out.unknown.reduce((sum, u) => sum + u.length, 0);
          }
          const end = parser.flush();
          records.push(...end.records);
          const expected = pieces.flatMap((p) =>
            p.valid && p.valid.location !== '' && p.valid.deviceText !== '' ? [p.valid] : [],
          );
          // Every valid record comes out, in order (garbage may add records of its own, never remove).
          let cursor = 0;
          for (const got of records)
            if (cursor < expected.length && JSON.stringify(got) === JSON.stringify(expected[cursor]))
              cursor++;
          expect(cursor).toBe(expected.length);
          expect(unknownBytes).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
