import type { AppendResult } from '../outbox/outbox.js';
import type { Uplink } from './uplink.js';

/** Encodes one message once its sequence number and historical flag are known. */
export type EncodeMessage = (sequence: bigint, historical: boolean) => Uint8Array;

/** The classes a {@link Publisher} submits in (`historical` is the uplink's own choice for data). */
export type SubmitClass = 'alarm' | 'status' | 'data';

/**
 * Hands encoded messages to the uplink. The seam exists because signing is asynchronous (WebCrypto)
 * while the outbox numbers and stores a message synchronously: the SDK plugs its signing submitter in
 * here, everything else uses {@link PlainSubmitter}.
 */
export interface MessageSubmitter {
  /** Resolves when the outbox holds the message. */
  submit(cls: SubmitClass, encode: EncodeMessage): Promise<AppendResult>;
}

/** Unsigned messages: encoded inside the outbox's append, with the number it assigns. */
export class PlainSubmitter implements MessageSubmitter {
  constructor(private readonly uplink: Pick<Uplink, 'submit'>) {}

  submit(cls: SubmitClass, encode: EncodeMessage): Promise<AppendResult> {
    return this.uplink.submit(cls, (meta) => encode(meta.sequence, meta.historical));
  }
}
