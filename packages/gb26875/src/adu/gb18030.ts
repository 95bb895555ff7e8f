import { gb26875Error } from '../errors.js';

/**
 * GB18030 text, as the standard wants for descriptions and configuration (部件说明, 配置说明).
 * Decoding uses the platform's `TextDecoder('gb18030')` (the WHATWG Encoding Standard requires it);
 * there is no standard encoder, so the encoding table is the decoder's, inverted once on first use
 * (two-byte codes, then the four-byte codes of the rest of the Basic Multilingual Plane). No
 * dependency, no Node-only API.
 */
let decoder: InstanceType<typeof TextDecoder> | undefined;
let twoByte: Map<number, number> | undefined;
let fourByte: Map<number, number> | undefined;

function getDecoder(): InstanceType<typeof TextDecoder> {
  decoder ??= new TextDecoder('gb18030');
  return decoder;
}

function twoByteTable(): Map<number, number> {
  if (twoByte !== undefined) return twoByte;
  const table = new Map<number, number>();
  const pair = new Uint8Array(2);
  const d = getDecoder();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const text = d.decode(pair);
      if (text.length !== 1 || text === '\ufffd') continue;
      const unit = text.charCodeAt(0);
      if (!table.has(unit)) table.set(unit, (lead << 8) | trail);
    }
  }
  twoByte = table;
  return table;
}

function fourByteTable(): Map<number, number> {
  if (fourByte !== undefined) return fourByte;
  const table = new Map<number, number>();
  const quad = new Uint8Array(4);
  const d = getDecoder();
  for (let b1 = 0x81; b1 <= 0x84; b1++) {
    for (let b2 = 0x30; b2 <= 0x39; b2++) {
      for (let b3 = 0x81; b3 <= 0xfe; b3++) {
        for (let b4 = 0x30; b4 <= 0x39; b4++) {
          quad[0] = b1;
          quad[1] = b2;
          quad[2] = b3;
          quad[3] = b4;
          const text = d.decode(quad);
          if (text.length !== 1 || text === '\ufffd') continue;
          const unit = text.charCodeAt(0);
          if (!table.has(unit)) table.set(unit, ((b1 << 24) | (b2 << 16) | (b3 << 8) | b4) >>> 0);
        }
      }
    }
  }
  fourByte = table;
  return table;
}

/** The GB18030 bytes of one character (a UTF-16 code unit of the BMP, or a surrogate pair). */
function charBytes(char: string): number[] {
  const code = char.codePointAt(0)!;
  if (code < 0x80) return [code];
  if (code > 0xffff) {
    // Supplementary planes: linear four-byte codes from 0x90308130 (GB18030-2005 §6.3.3).
    let offset = code - 0x10000;
    const b4 = 0x30 + (offset % 10);
    offset = Math.floor(offset / 10);
    const b3 = 0x81 + (offset % 126);
    offset = Math.floor(offset / 126);
    const b2 = 0x30 + (offset % 10);
    const b1 = 0x90 + Math.floor(offset / 10);
    return [b1, b2, b3, b4];
  }
  const two = twoByteTable().get(code);
  if (two !== undefined) return [two >> 8, two & 0xff];
  const four = fourByteTable().get(code);
  if (four !== undefined) return [four >>> 24, (four >> 16) & 0xff, (four >> 8) & 0xff, four & 0xff];
  throw gb26875Error('GB26875_INVALID_INPUT', `character U+${code.toString(16)} has no GB18030 code`, {
    char,
  });
}

/** Encodes text as GB18030. */
export function encodeGb18030(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) out.push(...charBytes(char));
  return Uint8Array.from(out);
}

/** Decodes GB18030 bytes (malformed sequences become U+FFFD, as the Encoding Standard says). */
export function decodeGb18030(bytes: Uint8Array): string {
  return getDecoder().decode(bytes);
}

/**
 * The longest prefix of `text` whose GB18030 encoding fits `maxBytes`, cut at a character boundary
 * (never half a Chinese character): for catalog descriptions longer than a 31-byte field.
 */
export function fitGb18030(text: string, maxBytes: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    const size = charBytes(char).length;
    if (used + size > maxBytes) break;
    used += size;
    end += char.length;
  }
  return text.slice(0, end);
}
