import { closeSync, fdatasyncSync, ftruncateSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ioError } from '../errors.js';
import type { MessageClass } from '../message-class.js';
import { encodeAck } from './record-format.js';

const SEGMENT_NAME = /^(alarm|status|data|historical)-(\d{20})\.seg$/;

/** `<class>-<first sequence, 20 digits>.seg`: sorts by sequence and says what is inside. */
export function segmentFileName(cls: MessageClass, firstSequence: bigint): string {
  return `${cls}-${firstSequence.toString().padStart(20, '0')}.seg`;
}

/** Parses a segment file name; undefined for other files. */
export function parseSegmentFileName(name: string): { cls: MessageClass; firstSequence: bigint } | undefined {
  const match = SEGMENT_NAME.exec(name);
  if (!match) return undefined;
  return { cls: match[1] as MessageClass, firstSequence: BigInt(match[2]!) };
}

/** The ack sidecar of a segment: deletion marks for its records, removed together with it. */
export function ackFileName(segmentName: string): string {
  return `${segmentName.slice(0, -'.seg'.length)}.ack`;
}

/**
 * One append-only segment file of one class, plus its ack sidecar. Records are appended with one
 * write(2) each, so a kill -9 leaves either the whole record or a torn tail the recovery scan cuts.
 */
export class Segment {
  readonly path: string;
  readonly ackPath: string;
  /** Records in this file not yet acked or evicted; at 0 (and not active) the files are deleted. */
  live = 0;
  /** The segment still takes appends. */
  active: boolean;
  private fd: number;
  private ackFd: number | undefined;
  private dirty = false;

  constructor(
    readonly dir: string,
    readonly name: string,
    readonly cls: MessageClass,
    /** Bytes in the file (the next record's offset). */
    public size: number,
    active: boolean,
  ) {
    this.path = join(dir, name);
    this.ackPath = join(dir, ackFileName(name));
    this.active = active;
    try {
      this.fd = openSync(this.path, active ? 'a+' : 'r');
    } catch (cause) {
      throw ioError('opening a segment', this.path, cause);
    }
  }

  /** Appends one encoded record; returns its offset. On failure the file is cut back to its old size. */
  append(record: Buffer): number {
    const offset = this.size;
    try {
      let written = 0;
      while (written < record.length) written += writeSync(this.fd, record, written, record.length - written);
    } catch (cause) {
      try {
        ftruncateSync(this.fd, offset);
      } catch {
        // The recovery scan will cut a partial record anyway.
      }
      throw ioError('appending a record', this.path, cause);
    }
    this.size += record.length;
    this.live++;
    this.dirty = true;
    return offset;
  }

  /** Marks a record deleted (acked or evicted). Not fsynced: a lost mark only means a re-send. */
  markDeleted(sequence: bigint): void {
    try {
      this.ackFd ??= openSync(this.ackPath, 'a');
      writeSync(this.ackFd, encodeAck(sequence));
    } catch (cause) {
      throw ioError('writing an ack mark', this.ackPath, cause);
    }
    this.live--;
  }

  read(offset: number, length: number): Uint8Array {
    const payload = Buffer.allocUnsafe(length);
    try {
      let done = 0;
      while (done < length) {
        const n = readSync(this.fd, payload, done, length - done, offset + done);
        if (n === 0) throw new Error(`unexpected end of file at ${offset + done}`);
        done += n;
      }
    } catch (cause) {
      throw ioError('reading a record', this.path, cause);
    }
    return payload;
  }

  /** fdatasync if anything was written since the last sync. */
  sync(): void {
    if (!this.dirty) return;
    this.dirty = false;
    try {
      fdatasyncSync(this.fd);
    } catch (cause) {
      throw ioError('fsync', this.path, cause);
    }
  }

  close(): void {
    closeSync(this.fd);
    if (this.ackFd !== undefined) closeSync(this.ackFd);
    this.ackFd = undefined;
  }

  /** Deletes the segment, then its sidecar (a sidecar without a segment is cleaned up on open). */
  delete(): void {
    this.close();
    try {
      unlinkSync(this.path);
      unlinkSync(this.ackPath);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT')
        throw ioError('deleting a segment', this.path, cause);
    }
  }
}
