import { codecError } from './errors.js';
import type { DecodeLimits } from './limits.js';

/**
 * Walks the bytes once, without recursion and without allocating per item, and checks that they are
 * exactly one well-formed CBOR data item of the subset this format uses, within `limits`. Only after
 * this does cbor-x see the bytes: cbor-x trusts lengths, recurses, and understands extension tags
 * (records, shared references, dates) that must never be activated by a peer.
 *
 * Accepted: definite-length integers, byte and text strings, arrays, maps, floats, false/true/null.
 * Rejected: indefinite lengths, `undefined` and other simple values, and every tag except, when
 * `allowedTopTag` is given, that one tag on the outermost item (COSE_Sign1 is tag 18).
 */
export function checkWellFormed(bytes: Uint8Array, limits: DecodeLimits, allowedTopTag?: number): void {
  const length = bytes.length;
  if (length === 0) throw codecError('CODEC_MALFORMED', 'empty message: expected one CBOR data item');
  if (length > limits.maxBytes) {
    throw codecError(
      'CODEC_LIMIT_EXCEEDED',
      `message is ${length} bytes, above the limit of ${limits.maxBytes}: raise limits.maxBytes if this is expected`,
      { limit: 'maxBytes', size: length },
    );
  }
  // remaining[d] = items still expected at depth d (a map of n pairs expects 2n items).
  const remaining: number[] = [1];
  let offset = 0;
  let items = 0;
  const fail = (message: string): never => {
    throw codecError('CODEC_MALFORMED', `${message} at byte ${offset}`, { offset });
  };
  while (remaining.length > 0) {
    const top = remaining.length - 1;
    if (remaining[top] === 0) {
      remaining.pop();
      continue;
    }
    remaining[top]! -= 1;
    if (offset >= length) fail('message ends inside a data item (truncated)');
    items += 1;
    if (items > limits.maxItems) {
      throw codecError(
        'CODEC_LIMIT_EXCEEDED',
        `more than ${limits.maxItems} data items: raise limits.maxItems if this is expected`,
        { limit: 'maxItems', offset },
      );
    }
    const start = offset;
    const initial = bytes[offset]!;
    offset += 1;
    const major = initial >> 5;
    const info = initial & 0x1f;
    let argument: number;
    if (info < 24) {
      argument = info;
    } else if (info <= 27) {
      const size = 1 << (info - 24);
      if (offset + size > length) fail('message ends inside an item header (truncated)');
      if (major === 7) {
        // float16/32/64 (info 25-27) or a one-byte simple value (24): nothing more to read.
        argument = info === 24 ? bytes[offset]! : 0;
      } else {
        argument = 0;
        for (let index = 0; index < size; index += 1) argument = argument * 256 + bytes[offset + index]!;
      }
      offset += size;
    } else if (info === 31) {
      fail('indefinite-length item (not used by this format; encoders must write definite lengths)');
      return;
    } else {
      fail(`reserved additional information ${info}`);
      return;
    }
    switch (major) {
      case 0:
      case 1:
        break;
      case 2:
      case 3: {
        if (major === 3 && argument > limits.maxTextLength) {
          throw codecError(
            'CODEC_LIMIT_EXCEEDED',
            `text string of ${argument} bytes at byte ${start}, above limits.maxTextLength ${limits.maxTextLength}`,
            { limit: 'maxTextLength', offset: start },
          );
        }
        if (argument > length - offset) fail(`string of ${argument} bytes runs past the end of the message`);
        offset += argument;
        break;
      }
      case 4:
      case 5: {
        const count = major === 5 ? argument * 2 : argument;
        // Every item takes at least one byte, so a count larger than what is left is a lie: reject it
        // here instead of letting a decoder preallocate for it.
        if (count > length - offset) fail(`container claims ${argument} entries, more than bytes left`);
        if (remaining.length >= limits.maxDepth) {
          throw codecError(
            'CODEC_LIMIT_EXCEEDED',
            `nesting deeper than limits.maxDepth ${limits.maxDepth} at byte ${start}`,
            { limit: 'maxDepth', offset: start },
          );
        }
        remaining.push(count);
        break;
      }
      case 6: {
        if (start !== 0 || allowedTopTag === undefined || argument !== allowedTopTag) {
          offset = start;
          fail(`CBOR tag ${argument} (this format uses no tags inside messages)`);
        }
        items -= 1; // the tag and its content count as one item
        remaining[remaining.length - 1]! += 1;
        break;
      }
      default: {
        // major 7: false (20), true (21), null (22), floats (25-27).
        if (!(info === 20 || info === 21 || info === 22 || (info >= 25 && info <= 27))) {
          offset = start;
          fail(`simple value ${info === 24 ? argument : info} (only false, true, null and floats are used)`);
        }
      }
    }
  }
  if (offset !== length) {
    fail(`${length - offset} trailing bytes after the message`);
  }
}
