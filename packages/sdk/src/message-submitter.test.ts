import { decodeMessage, encodeAlarm, generateEd25519KeyPair, verifyMessage } from '@firecode/codec';
import { isFirecodeError } from '@firecode/schema';
import { MemoryOutbox } from '@firecode/uplink';
import { describe, expect, it } from 'vitest';
import { type MessageSubmitter, PlainSubmitter, SigningSubmitter } from './message-submitter.js';

/** A real (empty) alarm message carrying the sequence and flag it was built with. */
function encode(sequence: bigint, historical: boolean): Uint8Array {
  return encodeAlarm({ gatewayId: 'hub-t', sequence, historical, events: [], time: 1 });
}

/** The uplink's submit, minus the network: straight into a real outbox. */
function outboxUplink(outbox: MemoryOutbox, historical: () => boolean) {
  return {
    submit: (cls: 'alarm' | 'status' | 'data', build: Parameters<MemoryOutbox['append']>[1]) =>
      outbox.append(cls, build, { historical: historical() }),
  };
}

async function drain(outbox: MemoryOutbox): Promise<Uint8Array[]> {
  const payloads: Uint8Array[] = [];
  for (let message = await outbox.next(); message; message = await outbox.next()) {
    payloads.push(message.payload);
    await outbox.ack(message.sequence);
  }
  return payloads;
}

describe.each([
  [
    'PlainSubmitter',
    (outbox: MemoryOutbox, historical: () => boolean) => new PlainSubmitter(outboxUplink(outbox, historical)),
  ],
  [
    'SigningSubmitter',
    async (outbox: MemoryOutbox, historical: () => boolean) =>
      new SigningSubmitter(outboxUplink(outbox, historical), outbox, await generateEd25519KeyPair()),
  ],
] as const)('%s', (_name, build) => {
  it('encodes each message with the sequence and historical flag the outbox assigns', async () => {
    const outbox = new MemoryOutbox();
    let offline = false;
    const submitter: MessageSubmitter = await build(outbox, () => offline);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) => {
        offline = n >= 10;
        return submitter.submit('data', encode);
      }),
    );
    expect(results.map((r) => r.sequence)).toEqual(Array.from({ length: 20 }, (_, n) => BigInt(n + 1)));
    expect(outbox.size).toBe(20);
  });
});

describe('SigningSubmitter', () => {
  it('signs the live and historical variant and stores the one the outbox asks for', async () => {
    const outbox = new MemoryOutbox();
    const keyPair = await generateEd25519KeyPair();
    let historical = false;
    const submitter = new SigningSubmitter(
      outboxUplink(outbox, () => historical),
      outbox,
      keyPair,
    );
    await submitter.submit('data', encode);
    historical = true;
    // Only data has a historical variant (the uplink never flags alarms and status).
    await submitter.submit('data', encode);
    const seen: string[] = [];
    for (const payload of await drain(outbox)) {
      const verified = await verifyMessage(payload, { publicKeys: () => keyPair.publicKey });
      expect(verified.signed).toBe(true);
      const message = decodeMessage(verified.message);
      if (message.type === 'alarm') seen.push(`${message.sequence}/${message.historical}`);
    }
    expect(seen.sort()).toEqual(['1/false', '2/true']);
  });

  it('refuses to store a signed message the outbox numbers differently (another appender)', async () => {
    const outbox = new MemoryOutbox();
    let intrude = true;
    // Something else appends right after the submitter read the next number, while it signs.
    const intruding = {
      stats: () => {
        const stats = outbox.stats();
        if (intrude) void outbox.append('data', () => encode(1n, false));
        intrude = false;
        return stats;
      },
    };
    const submitter = new SigningSubmitter(
      outboxUplink(outbox, () => false),
      intruding,
      await generateEd25519KeyPair(),
    );
    const signed = submitter.submit('data', encode);
    const error = await signed.catch((e: unknown) => e);
    expect(isFirecodeError(error, 'OUTBOX_BUILD_FAILED')).toBe(true);
    expect(isFirecodeError((error as Error).cause, 'SDK_SIGNING_SEQUENCE')).toBe(true);
    expect(outbox.size).toBe(1);
    // The next one is numbered right again.
    expect((await submitter.submit('data', encode)).sequence).toBe(2n);
  });
});
