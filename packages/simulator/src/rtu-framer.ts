import { hasValidCrc } from './crc16.js';

/** Smallest RTU frame: unit, function code, CRC (2). */
const MIN_FRAME = 4;
/** Largest RTU frame (Modbus over Serial Line 2.5.1). */
export const MAX_RTU_FRAME = 256;

/**
 * Length of the request frame starting at `offset`, from its function code: `undefined` when more
 * bytes are needed to tell, `'unknown'` for function codes whose length only the end-of-frame silence
 * tells.
 */
export function rtuRequestLength(buffer: Uint8Array, offset = 0): number | 'unknown' | undefined {
  const functionCode = buffer[offset + 1];
  if (functionCode === undefined) return undefined;
  if (functionCode >= 0x01 && functionCode <= 0x06) return 8;
  if (functionCode === 0x0f || functionCode === 0x10) {
    const byteCount = buffer[offset + 6];
    return byteCount === undefined ? undefined : 9 + byteCount;
  }
  return 'unknown';
}

/**
 * Cuts a received byte stream into RTU request frames. Complete frames with a valid CRC come out as
 * soon as their last byte arrives (`take`); at the end-of-frame silence (`flush`) what remains is
 * tried as one frame and otherwise discarded and counted — a real slave drops a frame with a bad CRC
 * without answering.
 */
export class RtuFramer {
  private buffer = Buffer.alloc(0);
  /** Frames dropped (bad CRC, noise, truncated). */
  badFrames = 0;

  /** Appends received bytes. */
  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    if (this.buffer.length > 4 * MAX_RTU_FRAME) {
      // Endless noise with no silence: keep memory bounded, the tail may still hold a frame.
      this.buffer = this.buffer.subarray(this.buffer.length - MAX_RTU_FRAME);
      this.badFrames++;
    }
  }

  /** True when bytes wait for more data or for the silence. */
  get pending(): boolean {
    return this.buffer.length > 0;
  }

  /** The complete, CRC-valid frames at the front of the buffer (skipping noise before a valid frame). */
  take(atSilence = false): Buffer[] {
    const frames: Buffer[] = [];
    for (;;) {
      const found = this.findFrame(atSilence);
      if (!found) return frames;
      if (found.offset > 0) this.badFrames++;
      frames.push(Buffer.from(this.buffer.subarray(found.offset, found.offset + found.length)));
      this.buffer = this.buffer.subarray(found.offset + found.length);
    }
  }

  /** End of frame by silence: the complete frames, the rest tried as one frame of unknown length, else dropped. */
  flush(): Buffer[] {
    if (
      this.buffer.length >= MIN_FRAME &&
      rtuRequestLength(this.buffer) === 'unknown' &&
      hasValidCrc(this.buffer)
    ) {
      // A whole frame with a function code we cannot size: the engine answers it (exception 01).
      const frame = this.buffer;
      this.buffer = Buffer.alloc(0);
      return [frame];
    }
    const frames = this.take(true);
    if (this.buffer.length > 0) {
      this.badFrames++;
      this.buffer = Buffer.alloc(0);
    }
    return frames;
  }

  /**
   * The first complete CRC-valid frame. A frame still arriving at the front is waited for, unless
   * the silence has come (`atSilence`): then it was noise, and a valid frame further in is looked for.
   */
  private findFrame(atSilence: boolean): { offset: number; length: number } | undefined {
    for (let offset = 0; offset + MIN_FRAME <= this.buffer.length; offset++) {
      const length = rtuRequestLength(this.buffer, offset);
      const incomplete =
        length === undefined || (typeof length === 'number' && offset + length > this.buffer.length);
      if (incomplete && offset === 0 && !atSilence) return undefined;
      if (typeof length !== 'number' || incomplete) continue;
      if (hasValidCrc(this.buffer.subarray(offset, offset + length))) return { offset, length };
    }
    return undefined;
  }
}
