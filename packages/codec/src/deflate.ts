/**
 * Raw DEFLATE (RFC 1951) for message bodies. fflate is pure JavaScript and synchronous, so the encoders
 * stay synchronous and run in browsers and other runtimes as they do in Node (CompressionStream is
 * asynchronous only, and node:zlib is Node-only).
 */

import { isFirecodeError } from '@firecode/schema';
import { deflateSync, Inflate } from 'fflate';
import { codecError } from './errors.js';

/** Compresses and decompresses message bodies. {@link fflateDeflate} is the implementation. */
export interface BodyDeflate {
  deflate(bytes: Uint8Array): Uint8Array;
  /** Inflates, failing with `CODEC_LIMIT_EXCEEDED` past `maxBytes` of output (a decompression bomb). */
  inflate(bytes: Uint8Array, maxBytes: number): Uint8Array;
}

// DEFLATE expands at most ~1032:1, so inflating this much input at a time yields at most ~1 MiB before
// the size check runs.
const INPUT_SLICE = 1024;

/** The standard {@link BodyDeflate}: fflate at level 9 (bodies are small; the best ratio is cheap). */
export const fflateDeflate: BodyDeflate = {
  deflate(bytes) {
    return deflateSync(bytes, { level: 9 });
  },
  inflate(bytes, maxBytes) {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const stream = new Inflate((chunk) => {
      total += chunk.length;
      if (total > maxBytes) {
        throw codecError(
          'CODEC_LIMIT_EXCEEDED',
          `compressed body inflates to more than ${maxBytes} bytes: raise limits.maxBytes if this is expected`,
          { limit: 'maxBytes' },
        );
      }
      chunks.push(chunk);
    });
    try {
      for (let offset = 0; offset < bytes.length; offset += INPUT_SLICE) {
        const end = Math.min(offset + INPUT_SLICE, bytes.length);
        stream.push(bytes.subarray(offset, end), end === bytes.length);
      }
      if (bytes.length === 0) stream.push(bytes, true);
    } catch (cause) {
      if (isFirecodeError(cause)) throw cause;
      throw codecError(
        'CODEC_MALFORMED',
        `compressed body is not valid DEFLATE data: ${cause instanceof Error ? cause.message : String(cause)}`,
        undefined,
        cause,
      );
    }
    const output = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      output.set(chunk, offset);
      offset += chunk.length;
    }
    return output;
  },
};
