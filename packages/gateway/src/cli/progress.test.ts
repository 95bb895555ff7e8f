import { describe, expect, it } from 'vitest';
import { memoryIo } from './io.js';
import { createProgress } from './progress.js';

describe('createProgress', () => {
  it('redraws one bar in place on a terminal', () => {
    const io = memoryIo();
    io.stderr.isTTY = true;
    const progress = createProgress(io, 'scan', 4);
    progress.update(1, 'found 0');
    progress.update(4, 'found 1');
    progress.finish('1 of 4');
    expect(io.err()).toBe(
      `\rscan [${'#'.repeat(8)}${'.'.repeat(22)}] 1/4 found 0\u001b[K` +
        `\rscan [${'#'.repeat(30)}] 4/4 found 1\u001b[K` +
        '\rscan: done 1 of 4\u001b[K\n',
    );
    expect(io.out()).toBe('');
  });

  it('writes a line per 10 % elsewhere, so logs stay short', () => {
    const io = memoryIo();
    const progress = createProgress(io, 'scan', 247);
    for (let i = 1; i <= 247; i++) progress.update(i);
    progress.finish();
    const lines = io.err().trim().split('\n');
    // The first unit, one per 10 % up to 100 %, and "done".
    expect(lines).toHaveLength(12);
    expect(lines.at(-1)).toBe('scan: done');
  });
});
