import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeOutbox } from '../testing/describe-outbox.js';
import { DiskOutbox, type FsyncPolicy } from './disk-outbox.js';

const root = mkdtempSync(join(tmpdir(), 'firecode-outbox-conformance-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

for (const fsync of ['always', { everyMs: 50 }, 'off'] as FsyncPolicy[]) {
  describeOutbox(
    `DiskOutbox fsync=${JSON.stringify(fsync)}`,
    // Small segments so that rotation and reclaiming happen inside the suite.
    async (limits) =>
      DiskOutbox.open({ dir: join(root, `box-${counter++}`), segmentBytes: 256, fsync, ...limits }),
    {
      reopen: async (outbox) => {
        const disk = outbox as DiskOutbox;
        await disk.close();
        return DiskOutbox.open({ dir: disk.dir, segmentBytes: 256, fsync });
      },
    },
  );
}
