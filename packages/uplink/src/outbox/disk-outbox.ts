import { mkdirSync } from 'node:fs';
import { ioError } from '../errors.js';
import type { MessageClass } from '../message-class.js';
import { lockDirectory } from './directory-lock.js';
import { IndexedOutbox, resolveLimits } from './indexed-outbox.js';
import type { MessageMeta } from './outbox.js';
import { encodeRecord, RECORD_HEADER_BYTES, recordBytes } from './record-format.js';
import { type DiskEntry, type RecoveryReport, recoverDirectory } from './recovery.js';
import { Segment, segmentFileName } from './segment.js';
import { readLastSequence, syncDirectory, writeLastSequence } from './sequence-file.js';

/**
 * When appended records are forced to stable storage:
 * - `'always'`: before `append` resolves (appends waiting together share one fdatasync);
 * - `{ everyMs }`: by a timer; a power loss may lose the last `everyMs` of appends;
 * - `'off'`: when the OS decides.
 * Every record is handed to the OS with one write(2) before `append` resolves, so a crash of the
 * process alone (kill -9) never loses an accepted message under any policy; the policy only matters
 * for a crash of the machine.
 */
export type FsyncPolicy = 'always' | 'off' | { readonly everyMs: number };

/** Options of {@link DiskOutbox.open}. */
export interface DiskOutboxOptions {
  /** Directory of the segment files; created when missing. One process per directory. */
  readonly dir: string;
  /** Bound on queued bytes (20-byte record header + payload each). Default 64 MiB. */
  readonly maxBytes?: number;
  /** Extra bytes only alarms may use once the bound is reached. Default maxBytes / 10. */
  readonly alarmReserveBytes?: number;
  /** Default `'always'`. */
  readonly fsync?: FsyncPolicy;
  /** A segment file is closed for appends once it reaches this size. Default 4 MiB. */
  readonly segmentBytes?: number;
}

/**
 * A crash-safe {@link Outbox} on append-only segment files: one stream of segments per message class,
 * each record with its length and CRC-32, deletions written as marks to a sidecar file, and a segment
 * file deleted as soon as all its records are acknowledged or evicted. {@link DiskOutbox.open} runs the
 * recovery scan, which cuts torn or corrupt tails and reports them in {@link DiskOutbox.recovery}.
 */
export class DiskOutbox extends IndexedOutbox<DiskEntry> {
  /** What it holds survives crashes and restarts (as the fsync policy says). */
  readonly durable = true;
  /** What the recovery scan found when this outbox was opened. */
  readonly recovery: RecoveryReport;
  readonly dir: string;
  private readonly fsync: FsyncPolicy;
  private readonly segmentBytes: number;
  private readonly segments = new Set<Segment>();
  private readonly active = new Map<MessageClass, Segment>();
  /** Segments written since their last fsync, including ones rotated out since then. */
  private readonly unsynced = new Set<Segment>();
  private readonly releaseLock: () => void;
  private persistedLastSequence: bigint;
  private groupSync: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerError: Error | undefined;

  /** Opens (creating if needed) and recovers the outbox in `options.dir`. */
  static async open(options: DiskOutboxOptions): Promise<DiskOutbox> {
    return new DiskOutbox(options);
  }

  private constructor(options: DiskOutboxOptions) {
    if (!options || typeof options.dir !== 'string' || options.dir === '') {
      throw new TypeError('DiskOutbox.open: dir must name the directory that holds the outbox');
    }
    const limits = resolveLimits('DiskOutbox.open', options.maxBytes, options.alarmReserveBytes);
    const fsync = options.fsync ?? 'always';
    if (
      fsync !== 'always' &&
      fsync !== 'off' &&
      !(typeof fsync === 'object' && Number.isFinite(fsync.everyMs) && fsync.everyMs > 0)
    ) {
      throw new TypeError(
        `DiskOutbox.open: fsync must be 'always', 'off' or { everyMs: <positive number> }, got ${JSON.stringify(fsync)}`,
      );
    }
    const segmentBytes = options.segmentBytes ?? 4 * 1024 * 1024;
    if (!Number.isSafeInteger(segmentBytes) || segmentBytes < RECORD_HEADER_BYTES) {
      throw new TypeError(`DiskOutbox.open: segmentBytes must be an integer >= ${RECORD_HEADER_BYTES}`);
    }
    try {
      mkdirSync(options.dir, { recursive: true });
    } catch (cause) {
      throw ioError('creating the outbox directory', options.dir, cause);
    }
    const releaseLock = lockDirectory(options.dir);
    let recovered: ReturnType<typeof recoverDirectory>;
    let lastOnFile: bigint;
    try {
      lastOnFile = readLastSequence(options.dir);
      recovered = recoverDirectory(options.dir, lastOnFile);
    } catch (error) {
      releaseLock();
      throw error;
    }
    super(limits, recovered.report.lastSequence + 1n, `DiskOutbox(${options.dir})`);
    this.dir = options.dir;
    this.fsync = fsync;
    this.segmentBytes = segmentBytes;
    this.releaseLock = releaseLock;
    this.recovery = recovered.report;
    this.persistedLastSequence = lastOnFile;
    if (recovered.report.sequenceSkipped > 0n) {
      // The cut bytes are gone now: only the file remembers the skip across the next restart.
      writeLastSequence(this.dir, recovered.report.lastSequence);
      this.persistedLastSequence = recovered.report.lastSequence;
    }
    for (const segment of recovered.segments) this.segments.add(segment);
    for (const entry of recovered.entries) this.index.add(entry);
    for (const segment of recovered.segments) if (segment.live === 0) this.reclaim(segment);
    if (typeof fsync === 'object') {
      this.timer = setInterval(() => {
        try {
          this.syncAll();
        } catch (error) {
          this.timerError = error as Error;
        }
      }, fsync.everyMs);
      this.timer.unref();
    }
  }

  /** @hidden */
  protected store(meta: MessageMeta, payload: Uint8Array): DiskEntry {
    if (this.timerError) {
      const error = this.timerError;
      this.timerError = undefined;
      throw error;
    }
    const segment = this.segmentFor(meta.cls, meta.sequence);
    const offset = segment.append(encodeRecord(meta.sequence, meta.cls, meta.historical, payload));
    this.unsynced.add(segment);
    return {
      ...meta,
      bytes: recordBytes(payload.length),
      removed: false,
      segment,
      offset: offset + RECORD_HEADER_BYTES,
      length: payload.length,
    };
  }

  /** @hidden */
  protected settle(): Promise<void> {
    if (this.fsync !== 'always') return Promise.resolve();
    // Group commit: every append issued before the callback runs shares one fdatasync per segment.
    this.groupSync ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.groupSync = undefined;
        try {
          this.syncAll();
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    return this.groupSync;
  }

  /** @hidden */
  protected forget(entries: readonly DiskEntry[]): void {
    for (const entry of entries) {
      entry.segment.markDeleted(entry.sequence);
      if (entry.segment.live === 0 && !entry.segment.active) this.reclaim(entry.segment);
    }
  }

  /** @hidden */
  protected load(entry: DiskEntry): Uint8Array {
    return entry.segment.read(entry.offset, entry.length);
  }

  /** Bytes of segment files on disk now (including acknowledged records not yet reclaimed). */
  diskBytes(): number {
    let total = 0;
    for (const segment of this.segments) total += segment.size;
    return total;
  }

  /** Segment files on disk now. */
  segmentCount(): number {
    return this.segments.size;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.groupSync?.catch(() => undefined);
    try {
      this.syncAll();
      for (const segment of this.active.values()) segment.active = false;
      for (const segment of [...this.segments]) {
        if (segment.live === 0) this.reclaim(segment);
        else segment.close();
      }
    } finally {
      this.segments.clear();
      this.active.clear();
      this.releaseLock();
    }
  }

  private segmentFor(cls: MessageClass, sequence: bigint): Segment {
    const current = this.active.get(cls);
    if (current && current.size < this.segmentBytes) return current;
    if (current) {
      current.active = false;
      if (current.live === 0) this.reclaim(current);
    }
    const segment = new Segment(this.dir, segmentFileName(cls, sequence), cls, 0, true);
    if (this.fsync !== 'off') syncDirectory(this.dir);
    this.segments.add(segment);
    this.active.set(cls, segment);
    return segment;
  }

  private syncAll(): void {
    for (const segment of this.unsynced) {
      segment.sync();
      this.unsynced.delete(segment);
    }
  }

  /** Deletes a fully acknowledged segment, after recording the sequence counter it may have held. */
  private reclaim(segment: Segment): void {
    const last = this.nextSequence - 1n;
    if (last > this.persistedLastSequence) {
      writeLastSequence(this.dir, last);
      this.persistedLastSequence = last;
    }
    this.segments.delete(segment);
    this.unsynced.delete(segment);
    segment.delete();
  }
}
