import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ioError } from '../errors.js';

const FILE = 'sequence.json';

/**
 * The highest sequence number ever handed out, written before a segment is deleted: once every segment
 * is reclaimed, this file is what keeps the counter from starting over. Written atomically (temp file,
 * fsync, rename, fsync of the directory).
 */
export function readLastSequence(dir: string): bigint {
  const path = join(dir, FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return 0n;
    throw ioError('reading the sequence file', path, cause);
  }
  try {
    const parsed = JSON.parse(text) as { lastSequence?: unknown };
    if (typeof parsed.lastSequence !== 'string' || !/^\d+$/.test(parsed.lastSequence))
      throw new Error('no lastSequence');
    return BigInt(parsed.lastSequence);
  } catch (cause) {
    // Never silently restart at 1: that would reuse sequence numbers the receiver has seen.
    throw ioError('parsing the sequence file (restore it or delete the whole outbox directory)', path, cause);
  }
}

export function writeLastSequence(dir: string, lastSequence: bigint): void {
  const path = join(dir, FILE);
  const temp = `${path}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify({ lastSequence: lastSequence.toString() })}\n`);
    const fd = openSync(temp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, path);
    syncDirectory(dir);
  } catch (cause) {
    throw ioError('writing the sequence file', path, cause);
  }
}

/** fsync a directory so that created, renamed or deleted entries survive a power loss. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
