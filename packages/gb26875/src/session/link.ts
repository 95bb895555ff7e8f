import type { OutboxMessage } from '@firecode/uplink';
import {
  Command,
  type DeframerStats,
  encodeFrame,
  formatTime,
  Gb26875Deframer,
  type Gb26875Frame,
  isStandardCommand,
  readTime,
  TIME_BYTES,
  timeToEpochMs,
} from '../frame/index.js';
import type { Gb26875Session } from './session.js';
import type { CentreSocket } from './transport.js';

/** Type flags of the centre's commands (control frames), GB/T 26875.3 table 3. */
export const CONTROL_TYPES = { initialise: 89, clockSync: 90, checkIn: 91 } as const;

/** Read requests the centre may send (61-68 mirror 1-8; 81-88 mirror 21-28). */
export function isReadRequestType(type: number): boolean {
  return (type >= 61 && type <= 68) || (type >= 81 && type <= 88);
}

/** What is in flight: a queued item (acked on confirm) or a frame of the session's own. */
type InFlight =
  | { readonly kind: 'queued'; readonly message: OutboxMessage }
  | { readonly kind: 'heartbeat' }
  | { readonly kind: 'check-in'; readonly adu: Uint8Array };

interface Sending {
  readonly item: InFlight;
  readonly serial: number;
  readonly bytes: Uint8Array;
  readonly sentAt: number;
  /** Sends so far (1 = the first). */
  attempts: number;
  timer: NodeJS.Timeout;
}

/**
 * One connection to the centre: its deframer, the one frame in flight, the heartbeat timer. Made when
 * the dial succeeds, dropped when the socket closes; the session then redials with a new one. Stop
 * and wait (one unconfirmed send-data frame at a time) keeps "re-sends at most what was not
 * confirmed" to one frame, and an alarm waits behind at most one frame.
 */
export class CentreLink {
  readonly #session: Gb26875Session;
  readonly #socket: CentreSocket;
  readonly #deframer: Gb26875Deframer;
  readonly #onLost: (error: Error | undefined) => void;
  #sending: Sending | undefined;
  #pumping = false;
  #closed = false;
  #heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(session: Gb26875Session, socket: CentreSocket, onLost: (error: Error | undefined) => void) {
    this.#session = session;
    this.#socket = socket;
    this.#onLost = onLost;
    this.#deframer = new Gb26875Deframer({
      ...(session.options.quirks ? { quirks: session.options.quirks } : {}),
      onReject: (rejection) => session.emit('rejected', rejection),
    });
    let lastError: Error | undefined;
    socket.on('data', (chunk) => {
      if (this.#closed) return;
      for (const frame of this.#deframer.push(chunk)) this.#receive(frame);
    });
    socket.on('error', (error) => {
      lastError = error;
    });
    socket.on('close', () => this.#end(lastError ?? new Error('the centre closed the connection')));
    this.#armHeartbeat();
  }

  deframerStats(): DeframerStats {
    return this.#deframer.stats();
  }

  /** Drops the connection; what was in flight stays queued. */
  async close(): Promise<void> {
    this.#end(undefined);
  }

  /** Sends the next frame when nothing is in flight: own frames first, then the queue's order. */
  pump(): void {
    if (this.#closed || this.#sending || this.#pumping) return;
    const own = this.#session.takeOwnFrame();
    if (own) {
      this.#send({ kind: 'check-in', adu: own.adu }, this.#session.nextSerial(), own.adu);
      return;
    }
    this.#pumping = true;
    const skip = this.#session.parkedNow();
    this.#session.options.queue.next(skip).then(
      (message) => {
        this.#pumping = false;
        if (this.#closed || this.#sending) return;
        if (message) {
          this.#session.count('sent');
          this.#send({ kind: 'queued', message }, this.#session.nextSerial(), message.payload);
        }
      },
      (error: Error) => {
        this.#pumping = false;
        this.#session.emit('warning', `reading the queue failed: ${error.message}`);
      },
    );
  }

  #send(item: InFlight, serial: number, adu: Uint8Array): void {
    const frame = this.#session.header(serial, Command.sendData, adu);
    const bytes = this.#encode(frame);
    if (!bytes) {
      // An item that cannot be framed would block the queue forever: it is kept, and skipped.
      if (item.kind === 'queued') this.#session.park(item.message.sequence, serial);
      queueMicrotask(() => this.pump());
      return;
    }
    const timer = this.#confirmTimer();
    this.#sending = { item, serial, bytes, sentAt: this.#session.hostNow(), attempts: 1, timer };
    this.#write(bytes, frame);
  }

  #confirmTimer(): NodeJS.Timeout {
    return setTimeout(() => this.#timedOut(), this.#session.options.timeoutMs);
  }

  #timedOut(): void {
    const sending = this.#sending;
    if (!sending || this.#closed) return;
    if (sending.attempts > this.#session.options.retries) {
      this.#session.count('confirmTimeouts');
      this.#fail(
        new Error(
          `no confirm for frame ${sending.serial} after ${sending.attempts} sends of ${this.#session.options.timeoutMs} ms each: dropping the link`,
        ),
      );
      return;
    }
    sending.attempts += 1;
    this.#session.count('retransmits');
    sending.timer = this.#confirmTimer();
    this.#socket.write(sending.bytes);
  }

  #receive(frame: Gb26875Frame): void {
    this.#session.emit('frame', 'in', frame);
    switch (frame.command) {
      case Command.confirm:
        this.#settle(frame.serial, 'confirm');
        return;
      case Command.deny:
        this.#settle(frame.serial, 'deny');
        return;
      case Command.control:
        this.#control(frame);
        return;
      case Command.request:
        this.#request(frame);
        return;
      case Command.sendData:
        // The centre has nothing to send us in the standard's flows; confirm so it does not retry.
        this.#answer(frame.serial, Command.confirm);
        return;
      default:
        if (!isStandardCommand(frame.command)) this.#session.count('unknownCommands');
        this.#deny(frame.serial, `command ${frame.command} is not one a device answers`);
    }
  }

  #settle(serial: number, how: 'confirm' | 'deny'): void {
    const sending = this.#sending;
    if (!sending || sending.serial !== serial) {
      this.#session.count('unexpected');
      return;
    }
    clearTimeout(sending.timer);
    this.#sending = undefined;
    const { item } = sending;
    if (item.kind === 'queued') {
      const { message } = item;
      if (how === 'confirm') {
        this.#session.options.queue.ack(message.sequence).then(
          () => {
            this.#session.count('confirmed');
            this.#session.emit('confirmed', {
              sequence: message.sequence,
              cls: message.cls,
              serial,
              attempts: sending.attempts,
              sentAt: sending.sentAt,
            });
            this.pump();
          },
          (error: Error) => {
            this.#session.emit('warning', `acking a confirmed item failed: ${error.message}`, {
              sequence: String(message.sequence),
            });
            this.pump();
          },
        );
        return;
      }
      this.#session.park(message.sequence, serial);
    } else if (how === 'deny') {
      this.#session.count('deniedByCentre');
      this.#session.emit('warning', `the centre denied our ${item.kind} frame ${serial}`);
    }
    this.pump();
  }

  #control(frame: Gb26875Frame): void {
    const type = frame.adu[0];
    if (type === CONTROL_TYPES.clockSync) {
      const quirks = this.#session.options.quirks;
      try {
        if (frame.adu.length < 2 + TIME_BYTES)
          throw new Error(`clock sync ADU has ${frame.adu.length} bytes`);
        const time = readTime(frame.adu, 2, quirks?.bcdTime === true);
        this.#session.setClock(timeToEpochMs(time, this.#session.options.utcOffsetMinutes), formatTime(time));
      } catch (error) {
        this.#deny(frame.serial, `clock sync unreadable: ${(error as Error).message}`);
        return;
      }
      this.#answer(frame.serial, Command.confirm);
      return;
    }
    if (type === CONTROL_TYPES.checkIn) {
      this.#answer(frame.serial, Command.confirm);
      // The command's one object is the answer timeout in minutes (应答超时时间); 0 or absent: none given.
      const minutes = frame.adu.length >= 3 && frame.adu[1]! >= 1 ? frame.adu[2]! : 0;
      this.#session.checkInReceived(frame.serial, minutes * 60_000);
      return;
    }
    if (type === CONTROL_TYPES.initialise) {
      this.#answer(frame.serial, Command.confirm);
      this.#session.emit('initialise');
      return;
    }
    this.#deny(frame.serial, `control type flag ${type ?? '(none)'} is not one the standard defines`);
  }

  #request(frame: Gb26875Frame): void {
    const type = frame.adu[0];
    if (type === undefined || !isReadRequestType(type)) {
      this.#deny(frame.serial, `request type flag ${type ?? '(none)'} is not a read request (61-68, 81-88)`);
      return;
    }
    let replies: Uint8Array[] | undefined;
    try {
      replies = this.#session.options.responder.reply(frame.adu, this.#session.context());
    } catch (error) {
      this.#deny(frame.serial, `answering request ${type} failed: ${(error as Error).message}`);
      return;
    }
    if (!replies || replies.length === 0) {
      this.#deny(frame.serial, `request ${type} cannot be answered from the gateway's state`);
      return;
    }
    this.#session.count('requestsAnswered');
    for (const reply of replies) this.#answer(frame.serial, Command.reply, reply);
  }

  #deny(serial: number, why: string): void {
    this.#session.count('deniedByUs');
    this.#session.emit('warning', `denied frame ${serial}: ${why}`);
    this.#answer(serial, Command.deny);
  }

  /** A confirm, reply or deny: same serial as the frame it answers, sent at once, never retried. */
  #answer(serial: number, command: number, adu: Uint8Array = new Uint8Array(0)): void {
    const frame = this.#session.header(serial, command, adu);
    const bytes = this.#encode(frame);
    if (bytes) this.#write(bytes, frame);
  }

  #encode(frame: Gb26875Frame): Uint8Array | undefined {
    try {
      const quirks = this.#session.options.quirks;
      return encodeFrame(frame, quirks ? { quirks } : {});
    } catch (error) {
      this.#session.emit('warning', `cannot encode frame ${frame.serial}: ${(error as Error).message}`);
      return undefined;
    }
  }

  #write(bytes: Uint8Array, frame: Gb26875Frame): void {
    if (this.#closed) return;
    this.#session.emit('frame', 'out', frame);
    this.#socket.write(bytes);
    this.#armHeartbeat();
  }

  /** A link check after `heartbeatMs` without anything sent. */
  #armHeartbeat(): void {
    clearTimeout(this.#heartbeatTimer);
    const every = this.#session.options.heartbeatMs;
    if (every === 0 || this.#closed) return;
    this.#heartbeatTimer = setTimeout(() => {
      if (this.#closed) return;
      if (this.#sending || this.#pumping) {
        this.#armHeartbeat();
        return;
      }
      this.#session.count('heartbeats');
      const quirks = this.#session.options.quirks;
      const adu = quirks?.emptyAduHeartbeat
        ? new Uint8Array(0)
        : this.#session.options.responder.heartbeat(this.#session.context());
      this.#send({ kind: 'heartbeat' }, this.#session.nextSerial(), adu);
    }, every);
    this.#heartbeatTimer.unref?.();
  }

  #fail(error: Error): void {
    this.#socket.destroy();
    this.#end(error);
  }

  #end(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#heartbeatTimer);
    const sending = this.#sending;
    this.#sending = undefined;
    if (sending) {
      clearTimeout(sending.timer);
      // A check-in answer is owed still: first on the next link. Queued items never left the queue.
      if (sending.item.kind === 'check-in')
        this.#session.returnOwnFrame({ adu: sending.item.adu, what: 'check-in' });
    }
    this.#socket.destroy();
    this.#onLost(error);
  }
}
