import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ioError, uplinkError } from '../errors.js';

const heldInThisProcess = new Set<string>();

/**
 * One process per outbox directory: a `LOCK` file with the owner's pid. A lock left by a dead process
 * (kill -9, power loss) is taken over; a live owner makes open fail with OUTBOX_LOCKED.
 */
export function lockDirectory(dir: string): () => void {
  const path = join(dir, 'LOCK');
  if (heldInThisProcess.has(path)) {
    throw uplinkError('OUTBOX_LOCKED', `outbox ${dir} is already open in this process; close it first`, {
      details: { dir },
    });
  }
  // Exclusive create, so that two processes opening at once cannot both win; a stale lock is removed
  // and the create retried once.
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw ioError('creating the lock file', path, error);
      if (attempt > 0) {
        throw uplinkError('OUTBOX_LOCKED', `outbox ${dir} was locked by another process while opening it`, {
          cause: error,
          details: { dir },
        });
      }
      const owner = readOwner(path);
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
        throw uplinkError(
          'OUTBOX_LOCKED',
          `outbox ${dir} is in use by process ${owner}; stop it or use another directory`,
          { details: { dir, pid: owner } },
        );
      }
      unlinkSync(path);
    }
  }
  heldInThisProcess.add(path);
  return () => {
    heldInThisProcess.delete(path);
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

function readOwner(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
