import { describe, expect, it } from 'vitest';
import { toHex } from '../frame/test-bytes.js';
import { decodeGb18030, encodeGb18030, fitGb18030 } from './gb18030.js';

describe('GB18030', () => {
  it('encodes one-, two- and four-byte characters as the standard does', () => {
    expect(toHex(encodeGb18030('2F'))).toBe('32 46');
    expect(toHex(encodeGb18030('你好'))).toBe('c4 e3 ba c3');
    expect(toHex(encodeGb18030('€'))).toBe('a2 e3');
    expect(toHex(encodeGb18030('\u0080'))).toBe('81 30 81 30'); // first four-byte BMP code
    expect(toHex(encodeGb18030('𠀀'))).toBe('95 32 82 36'); // U+20000, supplementary plane
  });

  it('round-trips through the platform decoder', () => {
    const text = 'B1层 消防泵房·压力 €\u0080𠀀 ok';
    expect(decodeGb18030(encodeGb18030(text))).toBe(text);
  });

  it('cuts at a character boundary', () => {
    expect(fitGb18030('ab走廊', 3)).toBe('ab');
    expect(fitGb18030('ab走廊', 4)).toBe('ab走');
    expect(fitGb18030('𠀀x', 3)).toBe('');
  });
});
