import { readdirSync, readFileSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ioError } from '../errors.js';
import type { MessageClass } from '../message-class.js';
import type { IndexEntry } from './priority-index.js';
import {
  ACK_ENTRY_BYTES,
  decodeAck,
  decodeRecord,
  RECORD_HEADER_BYTES,
  RECORD_MAGIC,
  type RecordProblem,
} from './record-format.js';
import { ackFileName, parseSegmentFileName, Segment } from './segment.js';

/** A cut made by the recovery scan: everything from `offset` on in `file` was unreadable and removed. */
export interface TruncatedTail {
  readonly file: string;
  readonly offset: number;
  readonly droppedBytes: number;
  /** Why the record at `offset` could not be read. */
  readonly problem: RecordProblem | 'torn-ack';
}

/**
 * A damaged span in the middle of a segment that recovery stepped over: valid records were found after
 * it and kept, the bytes from `offset` to `resumedAt` could not be read and their records are lost.
 */
export interface SkippedSpan {
  readonly file: string;
  /** Where the unreadable bytes start (the record that failed). */
  readonly offset: number;
  readonly skippedBytes: number;
  /** Where the next valid record starts: `offset + skippedBytes`. */
  readonly resumedAt: number;
  /** Why the record at `offset` could not be read. */
  readonly problem: RecordProblem;
  /** Sequence of the last record kept before the span, when there is one. */
  readonly sequenceBefore: bigint | undefined;
  /**
   * Sequence of the record the scan resumed at. Numbers between `sequenceBefore` and this one that
   * belonged to this segment's class were in the span and are lost (other classes share the counter).
   */
  readonly sequenceAfter: bigint;
}

/** What {@link DiskOutbox.open} found on disk. */
export interface RecoveryReport {
  /** Segment files read. */
  readonly segments: number;
  /** Messages still waiting for delivery. */
  readonly messages: number;
  /** Their bytes (record headers included). */
  readonly bytes: number;
  /** Records found already acknowledged or evicted (their marks were on disk). */
  readonly acknowledged: number;
  /** Torn or corrupt tails cut off; empty after a clean shutdown. */
  readonly truncated: readonly TruncatedTail[];
  /**
   * Damaged spans in the middle of segments, stepped over with the valid records after them kept.
   * Empty after a clean shutdown. The span stays in its file (segments are append-only) until the
   * segment is deleted, so every open before then reports it again.
   */
  readonly skipped: readonly SkippedSpan[];
  /** Leftover files removed (orphan ack sidecars, temp files). */
  readonly removedFiles: readonly string[];
  /**
   * The highest sequence number that may have been handed out: the highest found (records or the
   * sequence file) plus {@link RecoveryReport.sequenceSkipped}.
   */
  readonly lastSequence: bigint;
  /**
   * Numbers skipped because cut records may have carried them: one per 20 bytes cut (the smallest
   * record), so a number that may have been published is never issued again. The receiver sees a gap
   * where records were cut, which is the truth: they may be lost.
   */
  readonly sequenceSkipped: bigint;
}

/** A recovered message: where its payload is. */
export interface DiskEntry extends IndexEntry {
  readonly segment: Segment;
  /** Offset of the payload in the segment file. */
  readonly offset: number;
  readonly length: number;
}

export interface RecoveredState {
  readonly segments: Segment[];
  /** Live entries per class, oldest first. */
  readonly entries: DiskEntry[];
  readonly report: RecoveryReport;
}

/**
 * Reads every segment of `dir`, skipping records whose ack mark exists. At a record that is torn or
 * fails its CRC, scans forward for the next valid record ({@link findNextRecord}): when there is one
 * the damaged span is stepped over and reported in `skipped`; otherwise the file is cut there (a torn
 * or corrupt tail) and the cut is reported in `truncated`.
 */
export function recoverDirectory(dir: string, lastSequenceOnFile: bigint): RecoveredState {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (cause) {
    throw ioError('listing the outbox directory', dir, cause);
  }
  const segmentNames = new Set<string>();
  const found: { name: string; cls: MessageClass; firstSequence: bigint }[] = [];
  for (const name of names) {
    const parsed = parseSegmentFileName(name);
    if (parsed) {
      found.push({ name, ...parsed });
      segmentNames.add(name);
    }
  }
  found.sort((a, b) => (a.firstSequence < b.firstSequence ? -1 : a.firstSequence > b.firstSequence ? 1 : 0));

  const removedFiles: string[] = [];
  for (const name of names) {
    const orphanAck = name.endsWith('.ack') && !segmentNames.has(`${name.slice(0, -4)}.seg`);
    if (orphanAck || name.endsWith('.tmp')) {
      unlinkSync(join(dir, name));
      removedFiles.push(name);
    }
  }

  const truncated: TruncatedTail[] = [];
  const skipped: SkippedSpan[] = [];
  const segments: Segment[] = [];
  const entries: DiskEntry[] = [];
  let acknowledged = 0;
  let bytes = 0;
  let lastSequence = lastSequenceOnFile;
  for (const { name, cls, firstSequence } of found) {
    const path = join(dir, name);
    const acked = readAckMarks(join(dir, ackFileName(name)), truncated);
    const buffer = readFileSync(path);
    let offset = 0;
    const pending: Omit<DiskEntry, 'segment'>[] = [];
    let lastKept: bigint | undefined;
    while (offset < buffer.length) {
      const record = decodeRecord(buffer, offset);
      if (typeof record === 'string' || record.cls !== cls) {
        const problem = typeof record === 'string' ? record : 'bad-class';
        const resume = findNextRecord(buffer, offset + 1, cls, lastKept ?? firstSequence - 1n);
        if (resume) {
          skipped.push({
            file: name,
            offset,
            skippedBytes: resume.offset - offset,
            resumedAt: resume.offset,
            problem,
            sequenceBefore: lastKept,
            sequenceAfter: resume.sequence,
          });
          offset = resume.offset;
          continue;
        }
        truncated.push({ file: name, offset, droppedBytes: buffer.length - offset, problem });
        try {
          truncateSync(path, offset);
        } catch (cause) {
          throw ioError('cutting a torn tail', path, cause);
        }
        break;
      }
      lastKept = record.sequence;
      if (record.sequence > lastSequence) lastSequence = record.sequence;
      if (acked.has(record.sequence)) {
        acknowledged++;
      } else {
        pending.push({
          sequence: record.sequence,
          cls,
          historical: record.historical,
          bytes: record.recordBytes,
          removed: false,
          offset: record.payloadOffset,
          length: record.payloadLength,
        });
        bytes += record.recordBytes;
      }
      offset += record.recordBytes;
    }
    const segment = new Segment(dir, name, cls, offset, false);
    segment.live = pending.length;
    segments.push(segment);
    for (const entry of pending) entries.push({ ...entry, segment });
  }
  const cutBytes = truncated
    .filter((t) => t.problem !== 'torn-ack')
    .reduce((sum, t) => sum + t.droppedBytes, 0);
  const sequenceSkipped = BigInt(Math.ceil(cutBytes / RECORD_HEADER_BYTES));
  lastSequence += sequenceSkipped;
  return {
    segments,
    entries,
    report: {
      segments: found.length,
      messages: entries.length,
      bytes,
      acknowledged,
      truncated,
      skipped,
      removedFiles,
      lastSequence,
      sequenceSkipped,
    },
  };
}

/**
 * The first offset from `from` on where a whole record of class `cls` validates (magic, class, length
 * within the file, CRC-32 over header and payload) and whose sequence is plausible: above `after` (the
 * last record kept in this segment, or just below the segment's first sequence) since a segment's
 * records are appended in sequence order. A false match inside garbage would need all of these by
 * chance at once; a record embedded in another record's payload would still need a sequence that fits.
 */
function findNextRecord(
  buffer: Buffer,
  from: number,
  cls: MessageClass,
  after: bigint,
): { offset: number; sequence: bigint } | undefined {
  const magicLow = RECORD_MAGIC & 0xff;
  for (
    let offset = buffer.indexOf(magicLow, from);
    offset !== -1;
    offset = buffer.indexOf(magicLow, offset + 1)
  ) {
    if (buffer.length - offset < RECORD_HEADER_BYTES) return undefined;
    const record = decodeRecord(buffer, offset);
    if (typeof record !== 'string' && record.cls === cls && record.sequence > after) {
      return { offset, sequence: record.sequence };
    }
  }
  return undefined;
}

function readAckMarks(path: string, truncated: TruncatedTail[]): Set<bigint> {
  const marks = new Set<bigint>();
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return marks;
    throw ioError('reading ack marks', path, cause);
  }
  const whole = buffer.length - (buffer.length % ACK_ENTRY_BYTES);
  for (let offset = 0; offset < whole; offset += ACK_ENTRY_BYTES) {
    // A mark with a bad CRC counts as absent: the record is sent again (a duplicate, never a loss).
    const sequence = decodeAck(buffer, offset);
    if (sequence !== undefined) marks.add(sequence);
  }
  if (whole < buffer.length) {
    // Later marks are appended: a torn one would misalign them all.
    truncateSync(path, whole);
    truncated.push({
      file: path.slice(path.lastIndexOf('/') + 1),
      offset: whole,
      droppedBytes: buffer.length - whole,
      problem: 'torn-ack',
    });
  }
  return marks;
}
