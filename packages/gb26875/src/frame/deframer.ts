import { type Gb26875ErrorCode, isGb26875Error } from '../errors.js';
import {
  declaredAduLength,
  decodeFrame,
  FRAME_OVERHEAD,
  type FrameOptions,
  type Gb26875Frame,
  HEADER_BYTES,
  MAX_ADU_BYTES,
  MAX_FRAME_BYTES,
  START_BYTE,
} from './frame.js';

/** Why the deframer dropped a candidate frame: the error code `decodeFrame` gave. */
export type RejectReason = Exclude<Gb26875ErrorCode, 'GB26875_INVALID_INPUT' | 'GB26875_UNMAPPED'>;

/** One dropped candidate frame, as handed to `onReject`. */
export interface Rejection {
  readonly reason: RejectReason;
  /** The decoder's message (what was wrong, at which byte of the candidate). */
  readonly message: string;
  /** Stream offset (bytes pushed before it) of the candidate's `@@`. */
  readonly streamOffset: number;
}

/** Counters since the deframer was made. */
export interface DeframerStats {
  /** Frames delivered. */
  frames: number;
  /** Bytes pushed. */
  bytes: number;
  /**
   * Bytes consumed that were not part of a delivered frame (noise, rejected candidates):
   * `bytes = frame bytes delivered + garbageBytes + pendingBytes`.
   */
  garbageBytes: number;
  /** Candidates dropped, by reason. */
  rejected: Partial<Record<RejectReason, number>>;
  /** Sum of `rejected`. */
  rejectedTotal: number;
}

/** Options of {@link Gb26875Deframer}. */
export interface DeframerOptions extends FrameOptions {
  /** Called for every dropped candidate (for logs); counting happens either way. */
  readonly onReject?: (rejection: Rejection) => void;
}

/**
 * Cuts a TCP byte stream into frames. Push each chunk as it arrives; `push` returns the frames it
 * completed, in order. It resyncs on its own:
 *
 * - bytes before a `@@` are skipped (garbage);
 * - a frame split over chunks waits for its rest; several frames in one chunk all come out;
 * - a length over 1024, a missing `##` where the length says (the length lies) or a wrong checksum
 *   drops the candidate and searches again from the byte after its `@`, so a real frame that began
 *   inside it is still found;
 * - a well-delimited frame that fails a later check (version, time, empty ADU) is dropped whole.
 *
 * Memory stays bounded: at most one incomplete frame (1054 bytes) is kept between pushes.
 * It never throws on input bytes.
 */
export class Gb26875Deframer {
  readonly #options: DeframerOptions;
  // Small at first (most links carry short frames); grows to what a chunk and a held frame need.
  #buffer = new Uint8Array(256);
  /** Bytes in `#buffer[0..#length)` not yet consumed. */
  #length = 0;
  /** Stream offset of `#buffer[0]`. */
  #base = 0;
  readonly #stats: DeframerStats = { frames: 0, bytes: 0, garbageBytes: 0, rejected: {}, rejectedTotal: 0 };

  constructor(options: DeframerOptions = {}) {
    this.#options = options;
  }

  /** Feeds bytes; returns the frames completed by them (possibly none). */
  push(chunk: Uint8Array): Gb26875Frame[] {
    this.#stats.bytes += chunk.length;
    this.#append(chunk);
    const frames: Gb26875Frame[] = [];
    const buffer = this.#buffer;
    let pos = 0;
    while (pos < this.#length) {
      const start = this.#findStart(pos);
      this.#stats.garbageBytes += start - pos;
      pos = start;
      if (this.#length - pos < HEADER_BYTES) break; // wait for the header (or a lone '@' at the end)
      const n = declaredAduLength(buffer, pos);
      if (n > MAX_ADU_BYTES) {
        this.#reject('GB26875_LENGTH_EXCEEDS_LIMIT', `ADU length ${n} exceeds ${MAX_ADU_BYTES}`, pos);
        this.#stats.garbageBytes += 1;
        pos += 1;
        continue;
      }
      const total = FRAME_OVERHEAD + n;
      if (this.#length - pos < total) break; // wait for the rest
      try {
        frames.push(decodeFrame(buffer.subarray(pos, pos + total), this.#options));
        this.#stats.frames += 1;
        pos += total;
      } catch (error) {
        if (!isGb26875Error(error)) throw error;
        const reason = error.code as RejectReason;
        this.#reject(reason, error.message, pos);
        // The end marker and checksum vouch for the boundaries; without them, search inside.
        const skip = reason === 'GB26875_BAD_END' || reason === 'GB26875_BAD_CHECKSUM' ? 1 : total;
        this.#stats.garbageBytes += skip;
        pos += skip;
      }
    }
    this.#consume(pos);
    return frames;
  }

  /** A copy of the counters. */
  stats(): DeframerStats {
    return { ...this.#stats, rejected: { ...this.#stats.rejected } };
  }

  /** Bytes held back waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.#length;
  }

  /** Drops held-back bytes (e.g. after a reconnect: a new stream starts clean). Counters stay. */
  reset(): void {
    this.#base += this.#length;
    this.#length = 0;
  }

  /** Index of the next `@@` at or after `from`; a lone trailing '@' counts (it may be half a marker). */
  #findStart(from: number): number {
    const buffer = this.#buffer;
    let i = from;
    while (i < this.#length) {
      i = buffer.indexOf(START_BYTE, i);
      if (i < 0 || i >= this.#length) return this.#length;
      if (i + 1 === this.#length || buffer[i + 1] === START_BYTE) return i;
      i += 2;
    }
    return this.#length;
  }

  #reject(reason: RejectReason, message: string, pos: number): void {
    this.#stats.rejected[reason] = (this.#stats.rejected[reason] ?? 0) + 1;
    this.#stats.rejectedTotal += 1;
    this.#options.onReject?.({ reason, message, streamOffset: this.#base + pos });
  }

  #append(chunk: Uint8Array): void {
    const needed = this.#length + chunk.length;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, 2 * this.#buffer.length));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(chunk, this.#length);
    this.#length = needed;
  }

  /** Drops `count` consumed bytes; shrinks a buffer a huge chunk grew back to its normal size. */
  #consume(count: number): void {
    const rest = this.#length - count;
    if (this.#buffer.length > 2 * MAX_FRAME_BYTES && rest <= MAX_FRAME_BYTES) {
      const small = new Uint8Array(2 * MAX_FRAME_BYTES);
      small.set(this.#buffer.subarray(count, this.#length));
      this.#buffer = small;
    } else {
      this.#buffer.copyWithin(0, count, this.#length);
    }
    this.#length = rest;
    this.#base += count;
  }
}
