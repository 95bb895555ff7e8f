/**
 * Raw Modbus RTU frames over a serial port, below any master: for checking exactly what a slave
 * answers (exception codes, echoes, silence after a bad CRC), byte for byte.
 */
import { crc16, SerialLink } from '@firecode/modbus';

/** Hex as written in the domain docs ("01 03 00 00 00 01"), to bytes. */
export const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
/** Bytes to the docs' hex notation. */
export const toHex = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');

/** A frame with its CRC appended, low byte first. */
export function withCrc(frame: Uint8Array): Uint8Array {
  const crc = crc16(frame);
  return Uint8Array.from([...frame, crc & 0xff, crc >> 8]);
}

/** Length of a complete reply once its first bytes are in, or undefined while that is not known yet. */
function replyLength(bytes: Uint8Array): number | undefined {
  if (bytes.length < 2) return undefined;
  const fn = bytes[1]!;
  if (fn & 0x80) return 5;
  if (fn === 0x03 || fn === 0x04) return bytes.length < 3 ? undefined : 5 + bytes[2]!;
  return 8; // 0x06 and 0x10 echo address and value / quantity
}

/** A raw RTU line to one slave. */
export class RawRtu {
  private received: number[] = [];

  private constructor(private readonly link: SerialLink) {
    link.setReceiver({ data: (chunk) => this.received.push(...chunk), closed: () => {} });
  }

  static async open(path: string, baudRate = 9600): Promise<RawRtu> {
    const link = new SerialLink({ path, baudRate });
    await link.open();
    return new RawRtu(link);
  }

  /**
   * Sends `frame` (CRC appended unless `raw`) and resolves with the reply once complete, or with what
   * arrived (possibly nothing) after `boundMs`: a slave that must stay silent is given that long.
   */
  async transact(frame: Uint8Array, options: { raw?: boolean; boundMs?: number } = {}): Promise<Uint8Array> {
    this.received = [];
    await this.link.write(options.raw ? frame : withCrc(frame));
    const started = Date.now();
    const bound = options.boundMs ?? 5_000;
    for (;;) {
      const bytes = Uint8Array.from(this.received);
      const length = replyLength(bytes);
      if (length !== undefined && bytes.length >= length) return bytes;
      if (Date.now() - started > bound) return bytes;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): Promise<void> {
    return this.link.close();
  }
}
