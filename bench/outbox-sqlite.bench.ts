/**
 * `pnpm bench outbox-sqlite` — our DiskOutbox (append-only segment files) against a minimal SQLite
 * outbox (better-sqlite3), measured in the same run, interleaved, on the same disk, to make the choice
 * in docs/uplink.md ("Why append-only segment files and not SQLite") a measured one.
 *
 * better-sqlite3 is deliberately NOT a dependency of this repo (it compiles against Node's headers or
 * downloads a prebuilt binary, which the README's fresh-machine promise excludes). Install it outside:
 *   mkdir -p /tmp/sqlite-probe && cd /tmp/sqlite-probe && npm init -y && npm i better-sqlite3@12
 *   BETTER_SQLITE3_DIR=/tmp/sqlite-probe pnpm bench outbox-sqlite
 *
 * The SQLite outbox is what a competent engineer would write: WAL journal, one table
 * (seq INTEGER PRIMARY KEY, cls, payload BLOB), prepared statements, append = INSERT, ack = DELETE.
 * fsync policies map as: `always` one at a time = one autocommit INSERT per record with
 * synchronous=FULL; `always` with 64 concurrent appends (our group commit) = one transaction of 64
 * INSERTs with synchronous=FULL; `off` = autocommit INSERTs with synchronous=OFF. Acks are not fsynced
 * by us, so the SQLite drain deletes under synchronous=NORMAL (WAL: no fsync per commit).
 *
 * Figures (medians over interleaved rounds; ratio = ours / sqlite; rates: higher is better, bytes and
 * milliseconds: lower is better):
 * - append*PerSec: 512-byte messages per second, per policy (the payload of bench/outbox.bench.ts).
 * - drainPerSec: read oldest + delete after ack, a backlog of 2,000 messages of 6,500 bytes (the
 *   1,000,000-reading backlog of bench/outbox.bench.ts, without the network), and of 100,000 messages
 *   of 512 bytes right after the reopen below.
 * - diskBytes: all files in the outbox directory, with the 100,000-message backlog, and after it drained.
 * - recoveryMs: reopen with 100,000 queued messages (clean close before) until the first message is
 *   ready to send, including what each needs to enforce its byte bound (our full scan and index; SQLite's
 *   per-class count/bytes/max(seq) query). Warm page cache for both.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DiskOutbox, type FsyncPolicy } from '@firecode/uplink';
import { printResult, printTable } from './support.js';

/** The little of better-sqlite3 this benchmark uses; typecheck must not need the module. */
interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Database {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  prepare(sql: string): Statement;
  transaction<F extends (...args: never[]) => void>(fn: F): F;
  close(): void;
}
type DatabaseConstructor = new (filename: string) => Database;

function loadBetterSqlite3(): DatabaseConstructor {
  const dir = process.env.BETTER_SQLITE3_DIR;
  const require = createRequire(dir ? join(dir, 'package.json') : import.meta.url);
  try {
    return require('better-sqlite3') as DatabaseConstructor;
  } catch (cause) {
    console.error(
      `outbox-sqlite: cannot load better-sqlite3 (${dir ? `from BETTER_SQLITE3_DIR=${dir}` : 'by plain resolution'}): ` +
        `${(cause as Error).message.split('\n')[0]}\n` +
        'It is not a dependency of this repo on purpose. Install it outside the repo and point the benchmark at it:\n' +
        '  mkdir -p /tmp/sqlite-probe && cd /tmp/sqlite-probe && npm init -y && npm i better-sqlite3@12\n' +
        '  BETTER_SQLITE3_DIR=/tmp/sqlite-probe pnpm bench outbox-sqlite',
    );
    process.exit(2);
  }
}

const Sqlite = loadBetterSqlite3();
const CLASS_CODES = { alarm: 0, status: 1, data: 2, historical: 3 } as const;
type Synchronous = 'FULL' | 'NORMAL' | 'OFF';

/** A minimal SQLite outbox: the table, the prepared statements, and what open needs to know. */
class SqliteOutbox {
  private readonly db: Database;
  private readonly insert: Statement;
  private readonly oldest: Statement;
  private readonly remove: Statement;
  /** Appends in one transaction: one commit (one WAL fsync under FULL) for the group. */
  readonly appendGroup: (cls: number, payloads: readonly Uint8Array[]) => void;
  private nextSequence = 1;
  /** Per-class queued messages and bytes, as the byte bound needs them (computed on open). */
  readonly queued = new Map<number, { messages: number; bytes: number }>();

  constructor(
    readonly dir: string,
    synchronous: Synchronous,
  ) {
    mkdirSync(dir, { recursive: true });
    this.db = new Sqlite(join(dir, 'outbox.db'));
    this.db.pragma('journal_mode = WAL');
    this.setSynchronous(synchronous);
    this.db
      .prepare(
        'CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, cls INTEGER NOT NULL, payload BLOB NOT NULL)',
      )
      .run();
    this.insert = this.db.prepare('INSERT INTO outbox (seq, cls, payload) VALUES (?, ?, ?)');
    this.oldest = this.db.prepare('SELECT seq, cls, payload FROM outbox ORDER BY seq LIMIT 1');
    this.remove = this.db.prepare('DELETE FROM outbox WHERE seq = ?');
    const totals = this.db.prepare(
      'SELECT cls, count(*) AS messages, sum(length(payload)) AS bytes, max(seq) AS last FROM outbox GROUP BY cls',
    );
    this.appendGroup = this.db.transaction((cls: number, payloads: readonly Uint8Array[]) => {
      for (const payload of payloads) this.append(cls, payload);
    });
    for (const row of totals.all() as {
      cls: number;
      messages: number;
      bytes: number;
      last: number;
    }[]) {
      this.queued.set(row.cls, { messages: row.messages, bytes: row.bytes });
      this.nextSequence = Math.max(this.nextSequence, row.last + 1);
    }
  }

  setSynchronous(mode: Synchronous): void {
    this.db.pragma(`synchronous = ${mode}`);
  }

  append(cls: number, payload: Uint8Array): number {
    const seq = this.nextSequence++;
    this.insert.run(seq, cls, payload);
    return seq;
  }

  next(): { seq: number; cls: number; payload: Uint8Array } | undefined {
    return this.oldest.get() as { seq: number; cls: number; payload: Uint8Array } | undefined;
  }

  ack(seq: number): boolean {
    return this.remove.run(seq).changes === 1;
  }

  close(): void {
    this.db.close();
  }
}

const root = mkdtempSync(join(tmpdir(), 'firecode-bench-outbox-sqlite-'));
let boxes = 0;
const freshDir = (label: string) => join(root, `${label}-${boxes++}`);
const SMALL = new Uint8Array(512).fill(7);
const LARGE = new Uint8Array(6_500).map((_, i) => (i * 31) & 0xff);
const APPEND_MS = 1000;
const APPEND_ROUNDS = 3;
const BACKLOG_ROUNDS = 2;
const RECOVERY_MESSAGES = 100_000;
const LARGE_MESSAGES = 2_000;

function dirBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) total += statSync(join(dir, name)).size;
  return total;
}

type AppendPolicy = 'always' | 'alwaysGroup64' | 'off';
const fsyncOf: Record<AppendPolicy, FsyncPolicy> = { always: 'always', alwaysGroup64: 'always', off: 'off' };
const concurrencyOf: Record<AppendPolicy, number> = { always: 1, alwaysGroup64: 64, off: 1 };
const synchronousOf: Record<AppendPolicy, Synchronous> = {
  always: 'FULL',
  alwaysGroup64: 'FULL',
  off: 'OFF',
};

async function oursAppendRate(policy: AppendPolicy): Promise<number> {
  const outbox = await DiskOutbox.open({
    dir: freshDir('ours-append'),
    fsync: fsyncOf[policy],
    maxBytes: 1 << 30,
  });
  const concurrency = concurrencyOf[policy];
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < APPEND_MS) {
    const batch: Promise<unknown>[] = [];
    for (let i = 0; i < concurrency; i++) batch.push(outbox.append('data', () => SMALL));
    await Promise.all(batch);
    count += concurrency;
  }
  const seconds = (performance.now() - start) / 1000;
  await outbox.close();
  return count / seconds;
}

function sqliteAppendRate(policy: AppendPolicy): number {
  const outbox = new SqliteOutbox(freshDir('sqlite-append'), synchronousOf[policy]);
  const group = new Array<Uint8Array>(64).fill(SMALL);
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < APPEND_MS) {
    if (policy === 'alwaysGroup64') {
      outbox.appendGroup(CLASS_CODES.data, group);
      count += group.length;
    } else {
      outbox.append(CLASS_CODES.data, SMALL);
      count++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  outbox.close();
  return count / seconds;
}

/** Fills without fsync (filling is not what is measured), in batches like a backlog builds up. */
async function oursBacklog(dir: string, messages: number, payload: Uint8Array): Promise<DiskOutbox> {
  const outbox = await DiskOutbox.open({ dir, fsync: 'off', maxBytes: 1 << 30 });
  for (let i = 0; i < messages; i += 100) {
    const batch: Promise<unknown>[] = [];
    for (let j = 0; j < 100 && i + j < messages; j++)
      batch.push(outbox.append('historical', () => payload, { historical: true }));
    await Promise.all(batch);
  }
  return outbox;
}

function sqliteBacklog(dir: string, messages: number, payload: Uint8Array): SqliteOutbox {
  const outbox = new SqliteOutbox(dir, 'OFF');
  const batch = new Array<Uint8Array>(100).fill(payload);
  for (let i = 0; i < messages; i += 100)
    outbox.appendGroup(CLASS_CODES.historical, batch.slice(0, messages - i));
  return outbox;
}

/** Messages per second: next (read the oldest) then ack (delete) until empty. */
async function oursDrain(outbox: DiskOutbox, expected: number): Promise<number> {
  const start = performance.now();
  let count = 0;
  for (let message = await outbox.next(); message; message = await outbox.next()) {
    await outbox.ack(message.sequence);
    count++;
  }
  const seconds = (performance.now() - start) / 1000;
  if (count !== expected) throw new Error(`ours drained ${count} of ${expected}`);
  return count / seconds;
}

function sqliteDrain(outbox: SqliteOutbox, expected: number): number {
  outbox.setSynchronous('NORMAL');
  const start = performance.now();
  let count = 0;
  for (let message = outbox.next(); message; message = outbox.next()) {
    outbox.ack(message.seq);
    count++;
  }
  const seconds = (performance.now() - start) / 1000;
  if (count !== expected) throw new Error(`sqlite drained ${count} of ${expected}`);
  return count / seconds;
}

interface BacklogFigures {
  drainLargePerSec: number;
  drainSmallPerSec: number;
  diskBytesBacklog: number;
  diskBytesAfterDrain: number;
  recoveryMs: number;
}

async function oursBacklogRound(): Promise<BacklogFigures> {
  const large = await oursBacklog(freshDir('ours-large'), LARGE_MESSAGES, LARGE);
  const drainLargePerSec = await oursDrain(large, LARGE_MESSAGES);
  await large.close();
  const dir = freshDir('ours-recovery');
  const filled = await oursBacklog(dir, RECOVERY_MESSAGES, SMALL);
  const diskBytesBacklog = dirBytes(dir);
  await filled.close();
  const start = performance.now();
  const reopened = await DiskOutbox.open({ dir, fsync: 'always', maxBytes: 1 << 30 });
  if (!(await reopened.next())) throw new Error('ours: nothing recovered');
  const recoveryMs = performance.now() - start;
  if (reopened.size !== RECOVERY_MESSAGES) throw new Error(`ours recovered ${reopened.size}`);
  const drainSmallPerSec = await oursDrain(reopened, RECOVERY_MESSAGES);
  const diskBytesAfterDrain = dirBytes(dir);
  await reopened.close();
  return { drainLargePerSec, drainSmallPerSec, diskBytesBacklog, diskBytesAfterDrain, recoveryMs };
}

function sqliteBacklogRound(): BacklogFigures {
  const large = sqliteBacklog(freshDir('sqlite-large'), LARGE_MESSAGES, LARGE);
  const drainLargePerSec = sqliteDrain(large, LARGE_MESSAGES);
  large.close();
  const dir = freshDir('sqlite-recovery');
  const filled = sqliteBacklog(dir, RECOVERY_MESSAGES, SMALL);
  const diskBytesBacklog = dirBytes(dir);
  filled.close();
  const start = performance.now();
  const reopened = new SqliteOutbox(dir, 'FULL');
  if (!reopened.next()) throw new Error('sqlite: nothing recovered');
  const recoveryMs = performance.now() - start;
  const recovered = reopened.queued.get(CLASS_CODES.historical)?.messages;
  if (recovered !== RECOVERY_MESSAGES) throw new Error(`sqlite recovered ${recovered}`);
  const drainSmallPerSec = sqliteDrain(reopened, RECOVERY_MESSAGES);
  const diskBytesAfterDrain = dirBytes(dir);
  reopened.close();
  return { drainLargePerSec, drainSmallPerSec, diskBytesBacklog, diskBytesAfterDrain, recoveryMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
}

interface Figure {
  ours: number;
  sqlite: number;
  ratio: number;
}
const figure = (ours: number[], sqlite: number[], digits = 0): Figure => {
  const o = median(ours);
  const s = median(sqlite);
  return {
    ours: Number(o.toFixed(digits)),
    sqlite: Number(s.toFixed(digits)),
    ratio: Number((o / s).toPrecision(3)),
  };
};

try {
  const policies: AppendPolicy[] = ['always', 'alwaysGroup64', 'off'];
  const appendRuns = new Map(policies.map((p) => [p, { ours: [] as number[], sqlite: [] as number[] }]));
  for (let round = 0; round < APPEND_ROUNDS; round++) {
    for (const policy of policies) {
      const runs = appendRuns.get(policy)!;
      // Alternate who goes first so drift on the shared machine does not favour one side.
      if (round % 2 === 0) {
        runs.ours.push(await oursAppendRate(policy));
        runs.sqlite.push(sqliteAppendRate(policy));
      } else {
        runs.sqlite.push(sqliteAppendRate(policy));
        runs.ours.push(await oursAppendRate(policy));
      }
    }
  }
  const backlogRuns: { ours: BacklogFigures[]; sqlite: BacklogFigures[] } = { ours: [], sqlite: [] };
  for (let round = 0; round < BACKLOG_ROUNDS; round++) {
    if (round % 2 === 0) {
      backlogRuns.ours.push(await oursBacklogRound());
      backlogRuns.sqlite.push(sqliteBacklogRound());
    } else {
      backlogRuns.sqlite.push(sqliteBacklogRound());
      backlogRuns.ours.push(await oursBacklogRound());
    }
  }
  const backlog = (key: keyof BacklogFigures, digits = 0) =>
    figure(
      backlogRuns.ours.map((r) => r[key]),
      backlogRuns.sqlite.map((r) => r[key]),
      digits,
    );
  const figures = {
    appendAlwaysPerSec: figure(appendRuns.get('always')!.ours, appendRuns.get('always')!.sqlite),
    appendAlwaysGroup64PerSec: figure(
      appendRuns.get('alwaysGroup64')!.ours,
      appendRuns.get('alwaysGroup64')!.sqlite,
    ),
    appendOffPerSec: figure(appendRuns.get('off')!.ours, appendRuns.get('off')!.sqlite),
    drainLargePerSec: backlog('drainLargePerSec'),
    drainSmallPerSec: backlog('drainSmallPerSec'),
    diskBytesBacklog: backlog('diskBytesBacklog'),
    diskBytesAfterDrain: backlog('diskBytesAfterDrain'),
    recoveryMs: backlog('recoveryMs', 1),
  };
  const labels: Record<keyof typeof figures, string> = {
    appendAlwaysPerSec: 'append/s 512 B, always vs FULL, one at a time',
    appendAlwaysGroup64PerSec: 'append/s 512 B, always x64 concurrent vs FULL tx of 64',
    appendOffPerSec: 'append/s 512 B, off vs OFF',
    drainLargePerSec: `drain/s ${LARGE_MESSAGES} x ${LARGE.length} B (next + ack)`,
    drainSmallPerSec: `drain/s ${RECOVERY_MESSAGES} x ${SMALL.length} B after reopen`,
    diskBytesBacklog: `disk bytes, ${RECOVERY_MESSAGES} x ${SMALL.length} B queued`,
    diskBytesAfterDrain: 'disk bytes after that backlog drained',
    recoveryMs: `reopen with ${RECOVERY_MESSAGES} queued to first message (ms)`,
  };
  const sqliteVersion = (
    new Sqlite(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }
  ).v;
  printTable(
    `DiskOutbox (ours) vs SQLite ${sqliteVersion} via better-sqlite3 (WAL), medians of ${APPEND_ROUNDS} append / ${BACKLOG_ROUNDS} backlog rounds, interleaved`,
    Object.entries(figures).map(([key, f]) => ({
      figure: labels[key as keyof typeof figures],
      ours: f.ours,
      sqlite: f.sqlite,
      'ours/sqlite': f.ratio,
      better: key.endsWith('PerSec') ? 'higher' : 'lower',
    })),
  );
  console.log(
    '\ncrash safety: ours = one write(2) per record, CRC-32 per record; on open a torn/corrupt tail is cut and ' +
      'reported, damage in the middle is stepped over keeping later records; acks are unsynced marks (a lost ' +
      'mark = a duplicate). SQLite WAL = checksummed frames; on open frames after the last valid commit are ' +
      'ignored (a torn transaction vanishes whole); no per-record salvage if the database file itself is ' +
      'damaged; synchronous=OFF can corrupt the database on power loss, not only lose a tail.',
  );
  printResult('outbox-sqlite', { sqliteVersion, ...figures });
} finally {
  rmSync(root, { recursive: true, force: true });
}
