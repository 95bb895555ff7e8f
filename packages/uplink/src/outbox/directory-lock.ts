import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ioError, uplinkError } from '../errors.js';

const heldInThisProcess = new Set<string>();

/**
 * One process per outbox directory: a `LOCK` file with the owner's pid and the boot it ran in. A lock
 * left by a dead process (kill -9) or by an earlier boot (power loss: after the reboot its pid may
 * belong to any other process) is taken over; a live owner makes open fail with OUTBOX_LOCKED.
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
      writeSync(fd, `${process.pid} ${currentBootId()}\n`);
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
      const { pid: owner, bootId } = readOwner(path);
      const sameBoot = bootId === undefined || bootId === currentBootId();
      if (owner !== undefined && owner !== process.pid && sameBoot && isAlive(owner)) {
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

/** The lock's owner: `<pid> <boot id>` (older locks: `<pid>` only, boot unknown). */
function readOwner(path: string): { pid: number | undefined; bootId: string | undefined } {
  try {
    const [pidText, bootId] = readFileSync(path, 'utf8').trim().split(/\s+/);
    const pid = Number.parseInt(pidText ?? '', 10);
    return {
      pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined,
      bootId: bootId === undefined || bootId === '' || bootId === '-' ? undefined : bootId,
    };
  } catch {
    return { pid: undefined, bootId: undefined };
  }
}

let bootId: string | undefined;
/** Linux's id of this boot; `-` where the system does not tell (then only the pid is checked). */
export function currentBootId(): string {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || '-';
    } catch {
      bootId = '-';
    }
  }
  return bootId;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
