/**
 * Specific hostile inputs, each one a way a naive CBOR decoder hangs, recurses off the stack or
 * allocates gigabytes. Each must end in a FirecodeError with the expected code, quickly.
 */
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { catalogHash } from './catalog.js';
import { MemoryCatalogStore } from './catalog-store.js';
import { encodeCbor } from './cbor.js';
import { decodeMessage } from './decode.js';
import { encodeDataBatch, encodeState } from './encode.js';
import { sampleBatch, sampleCatalog, T0 } from './test-fixtures.js';

const catalogs = new MemoryCatalogStore();
catalogs.add(sampleCatalog);
const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const fails = (bytes: Uint8Array, code: string, options = {}) =>
  expect(() => decodeMessage(bytes, { catalogs, ...options })).toThrow(expect.objectContaining({ code }));

/** A data-batch envelope around the given body, for bodies no encoder would write. */
function dataWithBody(body: unknown): Uint8Array {
  return encodeCbor(
    new Map<number, unknown>([
      [0, 1],
      [1, 1],
      [2, 'gw-tower-a'],
      [3, 1],
      [4, T0],
      [5, Uint8Array.from(Buffer.from(catalogHash(sampleCatalog), 'hex'))],
      [7, body],
    ]),
  );
}

describe('hostile input', () => {
  it('rejects empty input, truncation and trailing bytes', () => {
    fails(new Uint8Array(0), 'CODEC_MALFORMED');
    const state = encodeState({ gatewayId: 'gw', online: true, time: T0 });
    fails(state.subarray(0, state.length - 1), 'CODEC_MALFORMED');
    fails(Uint8Array.from([...state, 0]), 'CODEC_MALFORMED');
  });

  it('rejects nesting deeper than the limit without recursing', () => {
    fails(new Uint8Array(100_000).fill(0x81), 'CODEC_LIMIT_EXCEEDED');
    fails(new Uint8Array(20).fill(0x81), 'CODEC_LIMIT_EXCEEDED', { limits: { maxDepth: 8 } });
  });

  it('rejects lengths that claim more than the message holds, before allocating', () => {
    fails(hex('9b 00000000ffffffff 00'), 'CODEC_MALFORMED'); // array of 2^32-1 items
    fails(hex('bb 7fffffffffffffff 00'), 'CODEC_MALFORMED'); // map of 2^63-1 pairs
    fails(hex('5b 00000001 00000000 00'), 'CODEC_MALFORMED'); // byte string of 4 GiB
    fails(hex('7a 00100000 41'), 'CODEC_LIMIT_EXCEEDED'); // 1 MiB text > maxTextLength
  });

  it('rejects too many items and too many bytes', () => {
    fails(encodeCbor(new Array(50_000).fill(0)), 'CODEC_LIMIT_EXCEEDED', { limits: { maxItems: 10_000 } });
    fails(new Uint8Array(5 * 1024 * 1024), 'CODEC_LIMIT_EXCEEDED');
  });

  it('rejects indefinite lengths, tags (cbor-x extensions included) and undefined', () => {
    fails(hex('9f 01 ff'), 'CODEC_MALFORMED');
    fails(hex('c1 1a 00000001'), 'CODEC_MALFORMED'); // tag 1: a Date
    fails(hex('d8 1c 81 01'), 'CODEC_MALFORMED'); // tag 28: cbor-x shared reference
    fails(hex('d9 dfff 82 01 02'), 'CODEC_MALFORMED'); // cbor-x record definition
    fails(hex('f7'), 'CODEC_MALFORMED');
  });

  it('rejects a DEFLATE bomb once the inflated size passes the limit', () => {
    const bomb = deflateSync(new Uint8Array(16 * 1024 * 1024));
    const message = encodeCbor(
      new Map<number, unknown>([
        [0, 1],
        [1, 3],
        [2, 'gw'],
        [4, T0],
        [8, bomb],
      ]),
    );
    fails(message, 'CODEC_LIMIT_EXCEEDED');
    fails(
      encodeCbor(
        new Map<number, unknown>([
          [0, 1],
          [1, 3],
          [2, 'gw'],
          [4, T0],
          [8, hex('ff ff ff')],
        ]),
      ),
      'CODEC_MALFORMED',
    );
  });

  it('rejects a regular time column whose count is huge, without allocating it', () => {
    const body = new Map<number, unknown>([
      [
        0,
        [
          new Map([
            [0, 0],
            [1, 1000],
            [2, 2 ** 40],
          ]),
        ],
      ],
      [1, [[0, 0, 0, [1, 2, 3]]]],
    ]);
    fails(dataWithBody(body), 'CODEC_MALFORMED');
  });

  it('names unknown aliases, versions and types', () => {
    fails(
      dataWithBody(
        new Map<number, unknown>([
          [0, [[0]]],
          [1, [[99, 0, 0, [1]]]],
        ]),
      ),
      'CODEC_UNKNOWN_POINT',
    );
    fails(
      encodeCbor(
        new Map<number, unknown>([
          [0, 2],
          [1, 3],
          [2, 'gw'],
          [4, T0],
        ]),
      ),
      'CODEC_UNSUPPORTED_VERSION',
    );
    fails(
      encodeCbor(
        new Map<number, unknown>([
          [0, 1],
          [1, 9],
          [2, 'gw'],
          [4, T0],
        ]),
      ),
      'CODEC_MALFORMED',
    );
  });

  it('keeps prototypes clean whatever keys a peer sends', () => {
    const batch = sampleBatch();
    const bytes = encodeDataBatch(batch, sampleCatalog);
    expect(decodeMessage(bytes, { catalogs }).type).toBe('data');
    const body = new Map<number, unknown>([[3, new Map([['__proto__', 1]])]]);
    const decoded = decodeMessage(dataWithBody(body), { catalogs });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    if (decoded.type === 'data') expect(Object.getPrototypeOf(decoded.status)).toBe(Object.prototype);
  });
});
