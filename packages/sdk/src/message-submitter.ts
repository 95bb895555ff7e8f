import { type Ed25519KeyPair, signMessage } from '@firecode/codec';
import type {
  AppendResult,
  EncodeMessage,
  MessageSubmitter,
  Outbox,
  SubmitClass,
  Uplink,
} from '@firecode/uplink';
import { sdkError } from './errors.js';

// The interface and the unsigned submitter belong to the Publisher in @firecode/uplink.
export {
  type EncodeMessage,
  type MessageSubmitter,
  PlainSubmitter,
  type SubmitClass,
} from '@firecode/uplink';

/**
 * Signed messages (COSE_Sign1, Ed25519). The sequence number is inside the signed bytes, so it must be
 * known before signing: messages are taken one at a time, the number is read from the outbox (which
 * only this client appends to), and both variants (live and historical) are signed, because whether the
 * message counts as historical is decided when the outbox takes it. The outbox's numbering is checked in
 * the builder, so a mismatch can never publish a wrongly numbered message.
 */
export class SigningSubmitter implements MessageSubmitter {
  #tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly uplink: Pick<Uplink, 'submit'>,
    private readonly outbox: Pick<Outbox, 'stats'>,
    private readonly keyPair: Ed25519KeyPair,
  ) {}

  submit(cls: SubmitClass, encode: EncodeMessage): Promise<AppendResult> {
    const started = this.#tail.then(async () => {
      const sequence = this.outbox.stats().nextSequence;
      // Only data can be historical (the uplink never flags alarms or status): one signature for those.
      const [live, historical] = await Promise.all([
        signMessage(encode(sequence, false), this.keyPair),
        cls === 'data' ? signMessage(encode(sequence, true), this.keyPair) : undefined,
      ]);
      // The append takes its number synchronously inside submit(), so the next message may be signed
      // as soon as this call returns; the caller waits for the stored result.
      const stored = this.uplink.submit(cls, (meta) => {
        if (meta.sequence !== sequence) {
          throw sdkError(
            'SDK_SIGNING_SEQUENCE',
            `signed message #${sequence} was numbered #${meta.sequence} by the outbox: something else appends to the client's outbox; give the client an outbox of its own`,
            { signed: sequence, assigned: meta.sequence },
          );
        }
        return meta.historical && historical ? historical : live;
      });
      return { stored };
    });
    this.#tail = started.catch(() => undefined);
    return started.then(({ stored }) => stored);
  }
}
