/**
 * The conformance suite every {@link Outbox} implementation must pass. Import it from a test file and
 * call it with a factory:
 *
 * ```ts
 * describeOutbox('MemoryOutbox', async (limits) => new MemoryOutbox(limits));
 * ```
 *
 * Pass `reopen` for durable implementations: it must close the outbox and open the same storage again.
 */
import { isFirecodeError } from '@firecode/schema';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE_CLASSES, type MessageClass } from '../message-class.js';
import type { Outbox } from '../outbox/outbox.js';
import { RECORD_HEADER_BYTES } from '../outbox/record-format.js';

/** Limits the suite asks the factory to apply. */
export interface OutboxTestLimits {
  readonly maxBytes: number;
  readonly alarmReserveBytes: number;
}

/** How the suite builds (and, for durable outboxes, reopens) the implementation under test. */
export interface OutboxSuiteOptions {
  /** Close `outbox` and open the same storage again. Omit for volatile implementations. */
  readonly reopen?: (outbox: Outbox) => Promise<Outbox>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A payload carrying its own sequence and class, so that tests can check what came back. */
export function tagPayload(tag: string, size = 0): Uint8Array {
  const text = encoder.encode(tag);
  const payload = new Uint8Array(Math.max(size, text.length));
  payload.set(text);
  return payload;
}

function tagOf(payload: Uint8Array): string {
  const end = payload.indexOf(0);
  return decoder.decode(end < 0 ? payload : payload.subarray(0, end));
}

const roomy: OutboxTestLimits = { maxBytes: 1 << 20, alarmReserveBytes: 1 << 16 };

export function describeOutbox(
  name: string,
  build: (limits: OutboxTestLimits) => Promise<Outbox>,
  options: OutboxSuiteOptions = {},
): void {
  describe(`Outbox conformance: ${name}`, () => {
    let open: Outbox[] = [];
    const make = async (limits: OutboxTestLimits = roomy) => {
      const outbox = await build(limits);
      open.push(outbox);
      return outbox;
    };
    afterEach(async () => {
      for (const outbox of open) await outbox.close();
      open = [];
    });

    const add = (outbox: Outbox, cls: MessageClass, size = 0, historical = false) =>
      outbox.append(cls, ({ sequence }) => tagPayload(`${cls}:${sequence}`, size), { historical });

    it('assigns increasing, gap-free sequence numbers and tells the builder', async () => {
      const outbox = await make();
      const seen: bigint[] = [];
      for (const cls of ['data', 'alarm', 'historical', 'status', 'data'] as const) {
        const result = await outbox.append(
          cls,
          (meta) => {
            expect(meta.cls).toBe(cls);
            expect(meta.historical).toBe(cls === 'historical');
            seen.push(meta.sequence);
            return tagPayload('x');
          },
          { historical: cls === 'historical' },
        );
        expect(result.sequence).toBe(seen.at(-1));
        expect(result.dropped).toEqual([]);
      }
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBe(seen[i - 1]! + 1n);
      expect(outbox.size).toBe(5);
      expect(outbox.stats().nextSequence).toBe(seen.at(-1)! + 1n);
    });

    it('hands out alarm > status > data > historical, oldest first within a class', async () => {
      const outbox = await make();
      const order: MessageClass[] = [
        'historical',
        'data',
        'status',
        'data',
        'alarm',
        'historical',
        'alarm',
        'status',
      ];
      for (const cls of order) await add(outbox, cls, 0, cls === 'historical');
      const got: string[] = [];
      for (let message = await outbox.next(); message; message = await outbox.next()) {
        got.push(tagOf(message.payload));
        expect(tagOf(message.payload)).toBe(`${message.cls}:${message.sequence}`);
        expect(await outbox.ack(message.sequence)).toBe(true);
      }
      expect(got.map((t) => t.split(':')[0])).toEqual([
        'alarm',
        'alarm',
        'status',
        'status',
        'data',
        'data',
        'historical',
        'historical',
      ]);
      const sequences = got.map((t) => BigInt(t.split(':')[1]!));
      for (let i = 1; i < sequences.length; i++) {
        if (got[i]!.split(':')[0] === got[i - 1]!.split(':')[0])
          expect(sequences[i]! > sequences[i - 1]!).toBe(true);
      }
      expect(outbox.size).toBe(0);
      expect(outbox.bytes).toBe(0);
    });

    it('skips in-flight sequences and acks out of order', async () => {
      const outbox = await make();
      const a = await add(outbox, 'data');
      const b = await add(outbox, 'data');
      const c = await add(outbox, 'data');
      expect((await outbox.next(new Set([a.sequence])))?.sequence).toBe(b.sequence);
      expect((await outbox.next(new Set([a.sequence, b.sequence])))?.sequence).toBe(c.sequence);
      expect(await outbox.next(new Set([a.sequence, b.sequence, c.sequence]))).toBeUndefined();
      expect(await outbox.ack(b.sequence)).toBe(true);
      expect(await outbox.ack(b.sequence)).toBe(false);
      expect(await outbox.ack(999_999n)).toBe(false);
      expect((await outbox.next())?.sequence).toBe(a.sequence);
      expect(await outbox.ack(a.sequence)).toBe(true);
      expect((await outbox.next())?.sequence).toBe(c.sequence);
      expect(outbox.stats().acked).toBe(2);
    });

    it('skips whole classes when asked, keeping the order of the others', async () => {
      const outbox = await make();
      const alarm = await add(outbox, 'alarm');
      const data = await add(outbox, 'data');
      const status = await add(outbox, 'status');
      expect((await outbox.next(undefined, new Set(['alarm'])))?.sequence).toBe(status.sequence);
      expect((await outbox.next(new Set([status.sequence]), new Set(['alarm'])))?.sequence).toBe(
        data.sequence,
      );
      expect(await outbox.next(undefined, new Set(['alarm', 'status', 'data']))).toBeUndefined();
      expect((await outbox.next(undefined, new Set()))?.sequence).toBe(alarm.sequence);
    });

    it('keeps the payload bytes and flags exactly, even if the caller reuses its buffer', async () => {
      const outbox = await make();
      const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
      const scratch = bytes.slice();
      await outbox.append('status', () => scratch, { historical: true });
      scratch.fill(0);
      const message = await outbox.next();
      expect(message?.historical).toBe(true);
      expect(message?.cls).toBe('status');
      expect(Buffer.from(message!.payload).equals(Buffer.from(bytes))).toBe(true);
      expect(outbox.bytes).toBe(RECORD_HEADER_BYTES + 300);
      const empty = await outbox.append('data', () => new Uint8Array(0));
      expect(outbox.bytes).toBe(2 * RECORD_HEADER_BYTES + 300);
      await outbox.ack((await outbox.next())!.sequence);
      expect((await outbox.next())?.sequence).toBe(empty.sequence);
      expect((await outbox.next())?.payload.length).toBe(0);
    });

    it('when full, drops the oldest data first, counts it, and still accepts alarms', async () => {
      const record = RECORD_HEADER_BYTES + 80;
      const outbox = await make({ maxBytes: record * 10, alarmReserveBytes: record * 2 });
      const first: bigint[] = [];
      for (let i = 0; i < 6; i++) first.push((await add(outbox, 'historical', 80, true)).sequence);
      for (let i = 0; i < 4; i++) first.push((await add(outbox, 'data', 80)).sequence);
      expect(outbox.bytes).toBe(record * 10);
      const more = await add(outbox, 'data', 80);
      expect(more.dropped).toEqual([
        { sequence: first[0], cls: 'historical', bytes: record, reason: 'overflow' },
      ]);
      // Ten alarms: each evicts the oldest remaining data message; none is refused.
      for (let i = 0; i < 10; i++) {
        const alarm = await add(outbox, 'alarm', 80);
        expect(alarm.dropped).toHaveLength(1);
      }
      const stats = outbox.stats();
      expect(stats.dropped).toBe(11);
      expect(stats.byClass.historical.dropped).toBe(6);
      expect(stats.byClass.data.dropped).toBe(5);
      expect(stats.byClass.alarm.messages).toBe(10);
      expect(stats.droppedBytes).toBe(11 * record);
      // Full of alarms: alarms use the reserve, then are refused loudly; data is refused loudly.
      await expect(add(outbox, 'data', 80)).rejects.toSatisfy((e) => isFirecodeError(e, 'OUTBOX_FULL'));
      await add(outbox, 'alarm', 80);
      await add(outbox, 'alarm', 80);
      await expect(add(outbox, 'alarm', 80)).rejects.toSatisfy((e) => isFirecodeError(e, 'OUTBOX_FULL'));
      expect(outbox.stats().byClass.alarm.messages).toBe(12);
      expect(outbox.stats().byClass.alarm.dropped).toBe(0);
      // Delivering frees room again.
      await outbox.ack((await outbox.next())!.sequence);
      await outbox.ack((await outbox.next())!.sequence);
      await outbox.ack((await outbox.next())!.sequence);
      await add(outbox, 'data', 80);
    });

    it('lets status evict data but not data evict status', async () => {
      const record = RECORD_HEADER_BYTES + 40;
      const outbox = await make({ maxBytes: record * 3, alarmReserveBytes: 0 });
      await add(outbox, 'data', 40);
      await add(outbox, 'status', 40);
      await add(outbox, 'status', 40);
      const status = await add(outbox, 'status', 40);
      expect(status.dropped.map((d) => d.cls)).toEqual(['data']);
      const statusAgain = await add(outbox, 'status', 40);
      expect(statusAgain.dropped.map((d) => d.cls)).toEqual(['status']);
      await expect(add(outbox, 'data', 40)).rejects.toSatisfy((e) => isFirecodeError(e, 'OUTBOX_FULL'));
    });

    it('refuses a failing builder without using up a sequence number', async () => {
      const outbox = await make();
      const before = outbox.stats().nextSequence;
      await expect(
        outbox.append('data', () => {
          throw new Error('encoder broke');
        }),
      ).rejects.toSatisfy((e) => isFirecodeError(e, 'OUTBOX_BUILD_FAILED'));
      await expect(outbox.append('data', () => 'text' as unknown as Uint8Array)).rejects.toSatisfy((e) =>
        isFirecodeError(e, 'OUTBOX_BUILD_FAILED'),
      );
      expect(outbox.stats().nextSequence).toBe(before);
      expect((await add(outbox, 'data')).sequence).toBe(before);
    });

    it('rejects unknown classes with a TypeError and refuses use after close', async () => {
      const outbox = await make();
      await expect(outbox.append('urgent' as MessageClass, () => new Uint8Array(1))).rejects.toThrow(
        /unknown message class "urgent"; use one of alarm, status, data, historical/,
      );
      await outbox.close();
      await outbox.close();
      await expect(add(outbox, 'data')).rejects.toSatisfy((e) => isFirecodeError(e, 'OUTBOX_CLOSED'));
      await expect(outbox.next()).rejects.toSatisfy((e) => isFirecodeError(e, 'OUTBOX_CLOSED'));
    });

    it('behaves like a simple model under random appends, acks and evictions', async () => {
      const record = RECORD_HEADER_BYTES + 16;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              fc.record({ op: fc.constant('append' as const), cls: fc.constantFrom(...MESSAGE_CLASSES) }),
              fc.record({ op: fc.constant('deliver' as const), skip: fc.nat(3) }),
            ),
            { maxLength: 60 },
          ),
          async (ops) => {
            const outbox = await build({ maxBytes: record * 8, alarmReserveBytes: record * 2 });
            try {
              const model: { sequence: bigint; cls: MessageClass }[] = [];
              const rank = (cls: MessageClass) => MESSAGE_CLASSES.indexOf(cls);
              for (const op of ops) {
                if (op.op === 'append') {
                  try {
                    const result = await add(outbox, op.cls, 16);
                    for (const d of result.dropped) {
                      expect(d.cls).not.toBe('alarm');
                      model.splice(
                        model.findIndex((m) => m.sequence === d.sequence),
                        1,
                      );
                    }
                    model.push({ sequence: result.sequence, cls: op.cls });
                  } catch (error) {
                    expect(isFirecodeError(error, 'OUTBOX_FULL')).toBe(true);
                  }
                } else {
                  const ordered = [...model].sort((a, b) => rank(a.cls) - rank(b.cls));
                  const skip = new Set(ordered.slice(0, op.skip).map((m) => m.sequence));
                  const expected = ordered[op.skip];
                  const message = await outbox.next(skip);
                  expect(message?.sequence).toBe(expected?.sequence);
                  if (message) {
                    await outbox.ack(message.sequence);
                    model.splice(model.indexOf(expected!), 1);
                  }
                }
                expect(outbox.size).toBe(model.length);
                expect(outbox.bytes).toBe(model.length * record);
                expect(outbox.bytes).toBeLessThanOrEqual(record * 10);
              }
            } finally {
              await outbox.close();
            }
          },
        ),
        { numRuns: 25 },
      );
    });

    if (options.reopen) {
      const reopen = options.reopen;
      it('after reopening: keeps what was not acked, forgets what was, and never reuses a sequence', async () => {
        let outbox = await make();
        const kept: bigint[] = [];
        for (let i = 0; i < 5; i++) {
          const cls = MESSAGE_CLASSES[i % 4]!;
          const { sequence } = await add(outbox, cls, 10, cls === 'historical');
          if (i % 2 === 0) kept.push(sequence);
          else await outbox.ack(sequence);
        }
        outbox = await reopen(outbox);
        open.push(outbox);
        expect(outbox.size).toBe(kept.length);
        const back: bigint[] = [];
        for (let message = await outbox.next(); message; message = await outbox.next()) {
          expect(tagOf(message.payload)).toBe(`${message.cls}:${message.sequence}`);
          expect(message.historical).toBe(message.cls === 'historical');
          back.push(message.sequence);
          await outbox.ack(message.sequence);
        }
        expect(back.sort()).toEqual(kept.sort());
        // Everything acked: the counter must still continue after another reopen.
        outbox = await reopen(outbox);
        open.push(outbox);
        expect(outbox.size).toBe(0);
        expect((await add(outbox, 'data')).sequence).toBe(6n);
      });
    }
  });
}
