import { crc16 } from '@firecode/modbus';

/** One frame as a line tap saw it. */
export interface TappedFrame {
  /** Milliseconds since the recording started, when its first byte arrived. */
  at: number;
  bytes: Uint8Array;
  /** False when its last two bytes are not the CRC-16 of the rest: kept, marked and counted. */
  crcOk: boolean;
}

/** Options of {@link RtuFrameSplitter}. */
export interface RtuSplitterOptions {
  /** Line silence that ends a frame (3.5 characters: about 4 ms at 9600 baud). */
  silenceMs: number;
  /**
   * How long to wait past a silence for the rest of a frame whose header says more is coming
   * (default 100 ms). Host timing is not the wire's: a USB adapter or a pty can pause inside a frame.
   */
  holdIncompleteMs?: number;
}

/** No RTU frame is longer than 256 bytes (Modbus over Serial Line v1.02 §2.5.1). */
const MAX_FRAME = 256;

const crcOk = (bytes: Uint8Array, length: number): boolean => {
  if (length < 4) return false;
  const crc = crc16(bytes, 0, length - 2);
  return bytes[length - 2] === (crc & 0xff) && bytes[length - 1] === crc >> 8;
};

/**
 * Lengths a frame starting at `bytes[0]` may have, read from its header as a request and as a reply
 * (a tap does not know which it is). `undefined` entries need more bytes first.
 */
function candidateLengths(bytes: Uint8Array, length: number): number[] {
  if (length < 2) return [];
  const fc = bytes[1]!;
  if (fc & 0x80) return [5]; // exception reply
  const out: number[] = [];
  const byteCountAt = (index: number, base: number) => {
    if (length > index) out.push(base + bytes[index]!);
  };
  switch (fc) {
    case 1:
    case 2:
    case 3:
    case 4:
      out.push(8); // request
      byteCountAt(2, 5); // reply: unit fc n data crc
      break;
    case 5:
    case 6:
      out.push(8); // request and its echo
      break;
    case 15:
    case 16:
      out.push(8); // reply
      byteCountAt(6, 9); // request: unit fc addr count n data crc
      break;
    case 7:
    case 11:
    case 12:
    case 17:
      out.push(4); // request
      if (fc === 7) out.push(5);
      else if (fc === 11) out.push(8);
      else byteCountAt(2, 5);
      break;
    case 8:
      out.push(8);
      break;
  }
  return out.sort((a, b) => a - b);
}

/**
 * Splits the bytes of a tapped RTU line into frames. A frame ends where a length its header allows
 * has a good CRC (USB adapters and ptys deliver several frames in one read), or at line silence of
 * 3.5 characters, but a silence inside a frame whose header says more bytes are due is taken for
 * host jitter and waited out (`holdIncompleteMs`). Bytes that never check are kept as one frame with
 * a bad CRC; when a good frame follows them without a silence, it is found and split off.
 */
export class RtuFrameSplitter {
  private buffer = new Uint8Array(MAX_FRAME * 2);
  private length = 0;
  private firstAt = 0;
  private lastAt = Number.NEGATIVE_INFINITY;
  /** Offsets in the held bytes where a chunk came after a line silence: where a frame may start. */
  private gaps: { offset: number; at: number }[] = [];

  constructor(private readonly options: RtuSplitterOptions) {}

  /** Bytes received at `at` (ms); returns the frames they complete. */
  push(chunk: Uint8Array, at: number): TappedFrame[] {
    const out: TappedFrame[] = [];
    if (this.length > 0 && at - this.lastAt >= this.options.silenceMs) {
      out.push(...this.silence(at));
      if (this.length > 0) this.gaps.push({ offset: this.length, at });
    }
    for (const byte of chunk) {
      if (this.length === 0) this.firstAt = at;
      this.buffer[this.length++] = byte;
      const frame = this.takeChecked();
      if (frame) out.push(frame);
      else out.push(...this.resync(at));
      if (this.length >= MAX_FRAME) out.push(this.takeAll());
    }
    this.lastAt = at;
    return out;
  }

  /**
   * The line has been silent since the last byte (at `now`): held bytes end a frame, unless their
   * header says the frame is not complete yet and `holdIncompleteMs` has not passed.
   */
  silence(now: number): TappedFrame[] {
    if (this.length === 0) return [];
    if (this.incomplete() && now - this.lastAt < (this.options.holdIncompleteMs ?? 100)) return [];
    return [this.takeAll()];
  }

  /** End of the recording: whatever is held is a frame. */
  flush(): TappedFrame[] {
    return this.length === 0 ? [] : [this.takeAll()];
  }

  /** True while bytes wait for silence or more bytes. */
  get holding(): boolean {
    return this.length > 0;
  }

  /** True while the header still allows a longer frame than what is held. */
  private incomplete(): boolean {
    if (this.length < 2) return true;
    return candidateLengths(this.buffer, this.length).some((n) => n > this.length);
  }

  /** True when `buffer[start, length)` is a whole frame with a good CRC. */
  private checksFrom(start: number): boolean {
    const rest = this.buffer.subarray(start, this.length);
    return candidateLengths(rest, rest.length).some((n) => n === rest.length && crcOk(rest, n));
  }

  private takeChecked(): TappedFrame | undefined {
    for (const candidate of candidateLengths(this.buffer, this.length)) {
      if (candidate === this.length && crcOk(this.buffer, candidate)) {
        const frame = { at: this.firstAt, bytes: this.buffer.slice(0, candidate), crcOk: true };
        this.length = 0;
        this.gaps = [];
        return frame;
      }
    }
    return undefined;
  }

  /**
   * When the held bytes do not start a good frame but end in one, split it off (what precedes it
   * stays a bad-CRC frame). A frame may start where a silence fell inside the held bytes; anywhere,
   * once the bytes are past every length their header allows (garbled, then the next frame with no
   * silence the host could see).
   */
  private resync(at: number): TappedFrame[] {
    if (this.length < 8) return [];
    const pastAll = !candidateLengths(this.buffer, this.length).some((n) => n >= this.length);
    const starts = pastAll
      ? Array.from({ length: this.length - 4 }, (_, i) => ({ offset: i + 1, at }))
      : this.gaps;
    const start = starts.find((k) => k.offset + 4 <= this.length && this.checksFrom(k.offset));
    if (start === undefined) return [];
    const frames = [
      { at: this.firstAt, bytes: this.buffer.slice(0, start.offset), crcOk: false },
      { at: start.at, bytes: this.buffer.slice(start.offset, this.length), crcOk: true },
    ];
    this.length = 0;
    this.gaps = [];
    return frames;
  }

  private takeAll(): TappedFrame {
    const bytes = this.buffer.slice(0, this.length);
    const frame = { at: this.firstAt, bytes, crcOk: crcOk(bytes, bytes.length) };
    this.length = 0;
    this.gaps = [];
    return frame;
  }
}
