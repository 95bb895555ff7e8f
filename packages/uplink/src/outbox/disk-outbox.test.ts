import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isFirecodeError } from '@firecode/schema';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tagPayload } from '../testing/describe-outbox.js';
import { currentBootId } from './directory-lock.js';
import { DiskOutbox } from './disk-outbox.js';
import { RECORD_HEADER_BYTES } from './record-format.js';

const root = mkdtempSync(join(tmpdir(), 'firecode-disk-outbox-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = () => join(root, `box-${counter++}`);
const opened: DiskOutbox[] = [];
afterEach(async () => {
  for (const outbox of opened.splice(0)) await outbox.close();
});
async function open(dir: string, segmentBytes = 1 << 20) {
  const outbox = await DiskOutbox.open({ dir, segmentBytes, fsync: 'always' });
  opened.push(outbox);
  return outbox;
}
const segmentFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.seg'));

describe('DiskOutbox recovery', () => {
  it('cuts a torn tail, keeps every record before it and reports the cut', async () => {
    const dir = freshDir();
    const outbox = await open(dir);
    for (let i = 0; i < 10; i++)
      await outbox.append('data', ({ sequence }) => tagPayload(`data:${sequence}`, 50));
    await outbox.close();
    const [file] = segmentFiles(dir);
    // Half a record, as a kill -9 in the middle of write(2) on a slow disk could leave it.
    const half = Buffer.alloc(RECORD_HEADER_BYTES + 25, 0xab);
    half.writeUInt16LE(0xf1c5, 0);
    half.writeUInt8(2, 2);
    half.writeUInt32LE(50, 4);
    appendFileSync(join(dir, file!), half);

    const reopened = await open(dir);
    expect(reopened.recovery.messages).toBe(10);
    expect(reopened.recovery.truncated).toEqual([
      { file, offset: 10 * (RECORD_HEADER_BYTES + 50), droppedBytes: half.length, problem: 'torn-payload' },
    ]);
    expect(statSync(join(dir, file!)).size).toBe(10 * (RECORD_HEADER_BYTES + 50));
    // 45 bytes cut could have held up to 3 records: their numbers are never issued again.
    expect(reopened.recovery.sequenceSkipped).toBe(3n);
    expect((await reopened.append('data', () => tagPayload('next'))).sequence).toBe(14n);
    await reopened.close();
    const third = await open(dir);
    expect(third.recovery.truncated).toEqual([]);
    expect((await third.append('data', () => tagPayload('after'))).sequence).toBe(15n);
  });

  it('steps over a record corrupted in the middle (CRC): keeps the records before and after, reports the span', async () => {
    const dir = freshDir();
    const outbox = await open(dir);
    for (let i = 0; i < 6; i++)
      await outbox.append('alarm', ({ sequence }) => tagPayload(`alarm:${sequence}`, 30));
    await outbox.close();
    const [file] = segmentFiles(dir);
    const path = join(dir, file!);
    const bytes = readFileSync(path);
    const record = RECORD_HEADER_BYTES + 30;
    bytes[3 * record + RECORD_HEADER_BYTES + 2]! ^= 0xff; // flip a payload byte of the 4th record
    writeFileSync(path, bytes);

    const reopened = await open(dir);
    expect(reopened.recovery.messages).toBe(5);
    expect(reopened.recovery.truncated).toEqual([]);
    expect(reopened.recovery.skipped).toEqual([
      {
        file,
        offset: 3 * record,
        skippedBytes: record,
        resumedAt: 4 * record,
        problem: 'crc-mismatch',
        sequenceBefore: 3n,
        sequenceAfter: 5n,
      },
    ]);
    // The file is left as it is: the damaged span is stepped over, never cut.
    expect(statSync(path).size).toBe(6 * record);
    const delivered: string[] = [];
    for (let m = await reopened.next(); m; m = await reopened.next()) {
      delivered.push(Buffer.from(m.payload.subarray(0, m.payload.indexOf(0))).toString());
      await reopened.ack(m.sequence);
    }
    expect(delivered).toEqual(['alarm:1', 'alarm:2', 'alarm:3', 'alarm:5', 'alarm:6']);
    // Numbers of the lost record lie below ones already seen: nothing to skip, nothing reused.
    expect(reopened.recovery.sequenceSkipped).toBe(0n);
    expect(reopened.stats().nextSequence).toBe(7n);
  });

  it('resyncs after a corrupted length field and after garbage, and still cuts a corrupt last record', async () => {
    const dir = freshDir();
    const outbox = await open(dir);
    for (let i = 0; i < 8; i++)
      await outbox.append('data', ({ sequence }) => tagPayload(`data:${sequence}`, 40));
    await outbox.close();
    const [file] = segmentFiles(dir);
    const path = join(dir, file!);
    const bytes = readFileSync(path);
    const record = RECORD_HEADER_BYTES + 40;
    bytes.writeUInt32LE(0x7fff_ffff, 1 * record + 4); // the 2nd record claims a huge payload
    bytes.fill(0xc5, 4 * record, 5 * record); // the 5th record is overwritten with magic-like garbage
    bytes[7 * record + RECORD_HEADER_BYTES]! ^= 0x01; // the last record fails its CRC
    writeFileSync(path, bytes);

    const reopened = await open(dir);
    expect(
      reopened.recovery.skipped.map((s) => [
        s.offset,
        s.skippedBytes,
        s.problem,
        s.sequenceBefore,
        s.sequenceAfter,
      ]),
    ).toEqual([
      [1 * record, record, 'torn-payload', 1n, 3n],
      [4 * record, record, 'bad-magic', 4n, 6n],
    ]);
    expect(reopened.recovery.truncated).toEqual([
      { file, offset: 7 * record, droppedBytes: record, problem: 'crc-mismatch' },
    ]);
    const sequences: bigint[] = [];
    for (let m = await reopened.next(); m; m = await reopened.next()) {
      sequences.push(m.sequence);
      await reopened.ack(m.sequence);
    }
    expect(sequences).toEqual([1n, 3n, 4n, 6n, 7n]);
    // Only the cut tail may have carried numbers nobody saw: ceil(60 / 20) = 3 are skipped.
    expect(reopened.recovery.sequenceSkipped).toBe(3n);
    expect(reopened.stats().nextSequence).toBe(11n);
  });

  it('does not resync on a valid record whose sequence goes backwards (a record inside a payload)', async () => {
    const dir = freshDir();
    const outbox = await open(dir);
    const inner = await outbox.append('status', () => tagPayload('inner', 10));
    await outbox.ack(inner.sequence);
    // A later payload that happens to carry a copy of an earlier, valid record of the same class.
    const copy = readFileSync(join(dir, segmentFiles(dir)[0]!)).subarray(0, RECORD_HEADER_BYTES + 10);
    await outbox.append('status', () => new Uint8Array(Buffer.concat([Buffer.from('xx'), copy])));
    await outbox.close();
    const [file] = segmentFiles(dir);
    const path = join(dir, file!);
    const bytes = readFileSync(path);
    const second = RECORD_HEADER_BYTES + 10;
    bytes[second + 16]! ^= 0xff; // the 2nd record's CRC is damaged
    writeFileSync(path, bytes);
    const reopened = await open(dir);
    expect(reopened.recovery.skipped).toEqual([]);
    expect(reopened.recovery.truncated).toEqual([
      { file, offset: second, droppedBytes: bytes.length - second, problem: 'crc-mismatch' },
    ]);
  });

  it('treats garbage in place of a header as a torn tail', async () => {
    const dir = freshDir();
    const outbox = await open(dir);
    await outbox.append('status', () => tagPayload('one', 10));
    await outbox.close();
    const [file] = segmentFiles(dir);
    appendFileSync(join(dir, file!), Buffer.from('garbage that is not a record header'));
    const reopened = await open(dir);
    expect(reopened.recovery.messages).toBe(1);
    expect(reopened.recovery.truncated[0]?.problem).toBe('bad-magic');
  });

  it('cuts a torn ack mark and removes leftovers', async () => {
    const dir = freshDir();
    const outbox = await open(dir);
    const a = await outbox.append('data', () => tagPayload('a'));
    await outbox.append('data', () => tagPayload('b'));
    await outbox.ack(a.sequence);
    await outbox.close();
    const ackFile = readdirSync(dir).find((f) => f.endsWith('.ack'))!;
    appendFileSync(join(dir, ackFile), Buffer.from([1, 2, 3]));
    writeFileSync(join(dir, 'historical-00000000000000000099.ack'), Buffer.alloc(12));
    writeFileSync(join(dir, 'sequence.json.tmp'), 'half written');

    const reopened = await open(dir);
    expect(reopened.recovery.messages).toBe(1);
    expect(reopened.recovery.acknowledged).toBe(1);
    expect(reopened.recovery.truncated).toEqual([
      { file: ackFile, offset: 12, droppedBytes: 3, problem: 'torn-ack' },
    ]);
    expect([...reopened.recovery.removedFiles].sort()).toEqual([
      'historical-00000000000000000099.ack',
      'sequence.json.tmp',
    ]);
  });
});

describe('DiskOutbox disk use', () => {
  it('rotates segments and deletes them once every record is acknowledged', async () => {
    const dir = freshDir();
    const outbox = await open(dir, 1024);
    for (let i = 0; i < 40; i++) await outbox.append('data', () => tagPayload('x', 200));
    expect(outbox.segmentCount()).toBeGreaterThan(5);
    for (let m = await outbox.next(); m; m = await outbox.next()) await outbox.ack(m.sequence);
    // Only the active segment is left; it goes at close.
    expect(outbox.segmentCount()).toBe(1);
    await outbox.close();
    expect(segmentFiles(dir)).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.ack'))).toEqual([]);
    const again = await open(dir, 1024);
    expect((await again.append('data', () => tagPayload('y'))).sequence).toBe(41n);
  });

  it('evicts on disk too: dropped records do not come back after a restart', async () => {
    const dir = freshDir();
    const record = RECORD_HEADER_BYTES + 100;
    let outbox = await DiskOutbox.open({ dir, maxBytes: record * 5, segmentBytes: record * 2 });
    for (let i = 0; i < 12; i++) await outbox.append('data', () => tagPayload('d', 100));
    expect(outbox.stats().byClass.data.dropped).toBe(7);
    await outbox.close();
    outbox = await open(dir);
    expect(outbox.size).toBe(5);
    expect((await outbox.next())?.sequence).toBe(8n);
    expect(outbox.diskBytes()).toBeLessThanOrEqual(record * 6);
  });
});

describe('DiskOutbox options and locking', () => {
  it('refuses a second opener of the same directory', async () => {
    const dir = freshDir();
    await open(dir);
    await expect(DiskOutbox.open({ dir })).rejects.toSatisfy((e) => isFirecodeError(e, 'OUTBOX_LOCKED'));
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = freshDir();
    const outbox = await open(dir);
    await outbox.close();
    writeFileSync(join(dir, 'LOCK'), '999999999\n');
    await open(dir);
  });

  it('takes over a lock from an earlier boot even when its pid is alive now (power loss, reboot)', async () => {
    const dir = freshDir();
    const outbox = await open(dir);
    await outbox.close();
    // process.ppid is alive: after a reboot the old owner's pid may well be another live process.
    writeFileSync(join(dir, 'LOCK'), `${process.ppid} 00000000-0000-0000-0000-000000000000\n`);
    await open(dir);
  });

  it('refuses a lock whose live owner runs in this boot', async () => {
    const dir = freshDir();
    const outbox = await open(dir);
    await outbox.close();
    writeFileSync(join(dir, 'LOCK'), `${process.ppid} ${currentBootId()}\n`);
    await expect(DiskOutbox.open({ dir })).rejects.toSatisfy((e) => isFirecodeError(e, 'OUTBOX_LOCKED'));
  });

  it('explains bad options', async () => {
    await expect(DiskOutbox.open({ dir: '' })).rejects.toThrow(/dir must name the directory/);
    await expect(DiskOutbox.open({ dir: freshDir(), fsync: 'sometimes' as 'off' })).rejects.toThrow(
      /fsync must be 'always', 'off' or \{ everyMs/,
    );
    await expect(DiskOutbox.open({ dir: freshDir(), maxBytes: -1 })).rejects.toThrow(
      /maxBytes must be a positive/,
    );
  });

  it('names the path when the directory cannot be used', async () => {
    const file = join(root, 'not-a-dir');
    writeFileSync(file, 'x');
    await expect(DiskOutbox.open({ dir: join(file, 'sub') })).rejects.toSatisfy(
      (e) => isFirecodeError(e, 'OUTBOX_IO') && (e as Error).message.includes(join(file, 'sub')),
    );
  });
});
