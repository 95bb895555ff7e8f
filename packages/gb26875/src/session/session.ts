import { EventEmitter } from 'node:events';
import type { MessageClass, Outbox } from '@firecode/uplink';
import {
  CHINA_UTC_OFFSET_MINUTES,
  type DeframerStats,
  type Gb26875Frame,
  type Gb26875Quirks,
  type Rejection,
  timeFromDate,
} from '../frame/index.js';
import { checkReconnect, type ReconnectOptions, reconnectDelay } from './backoff.js';
import { CentreLink } from './link.js';
import type { CentreResponder, ResponderContext } from './responder.js';
import { nextState, type SessionInput, type SessionState } from './states.js';
import type { ConnectCentre } from './transport.js';

/** Who answers the centre's check-in (查岗). */
export interface CheckInPolicy {
  /** `auto`: the gateway answers at once. `operator`: a person must, through {@link Gb26875Session.answerCheckIn}. */
  readonly answer: 'auto' | 'operator';
  /**
   * How long a person has to answer before the check-in counts as missed. Default 60 s; a shorter
   * answer time in the centre's check-in command (its timeout in minutes) wins.
   */
  readonly withinMs?: number;
}

/** Options of {@link Gb26875Session}. */
export interface Gb26875SessionOptions {
  /** Opens a connection to the centre (`tcpCentre(host, port)`; tests pass a double). */
  readonly connect: ConnectCentre;
  /** The durable queue the session reads (its own cursor: confirmed items are acked here). */
  readonly queue: Outbox;
  /** Fills the ADUs only the gateway's live state knows (replies, heartbeat, check-in answer). */
  readonly responder: CentreResponder;
  /** This device's 6-byte address (源地址). */
  readonly sourceAddress: number;
  /** The centre's address (目的地址). Default 0. */
  readonly destinationAddress?: number;
  /** Wait for a confirm before sending again. Default 10 000 ms (the standard recommends ≤ 10 s). */
  readonly timeoutMs?: number;
  /** Sends again after a timeout before the link is dropped and redialled. Default 3 (the standard's). */
  readonly retries?: number;
  /** Link check after this long without sending; 0 turns it off. Default 30 000 ms. */
  readonly heartbeatMs?: number;
  readonly reconnect?: ReconnectOptions;
  /** Vendor deviations, for frames both ways. Default none. */
  readonly quirks?: Gb26875Quirks;
  readonly checkIn?: CheckInPolicy;
  /** An item the centre denied waits this long before it is offered again. Default 60 000 ms. */
  readonly deniedRetryMs?: number;
  /** Local time zone of time labels, minutes east of UTC. Default 480 (China Standard Time). */
  readonly utcOffsetMinutes?: number;
  /** The protocol version's minor number (user-defined). Default 0. */
  readonly protocolMinor?: number;
  readonly now?: () => number;
  readonly random?: () => number;
}

/** Counters since the session was made. */
export interface Gb26875SessionStats {
  state: SessionState;
  connects: number;
  /** Frames of queued items sent for the first time. */
  sent: number;
  /** Queued items confirmed (and acked in the queue). */
  confirmed: number;
  /** Frames sent again after a timeout. */
  retransmits: number;
  /** Links dropped because no confirm came after every retry. */
  confirmTimeouts: number;
  /** Frames the centre denied (否认). */
  deniedByCentre: number;
  /** Frames we denied: unknown commands, unknown or unanswerable type flags. */
  deniedByUs: number;
  /** Frames with a command the standard does not define (7-255). */
  unknownCommands: number;
  /** Confirms or denies that matched nothing in flight. */
  unexpected: number;
  requestsAnswered: number;
  heartbeats: number;
  clockSyncs: number;
  /** Last clock offset the centre set: centre time minus host time, ms. */
  clockOffsetMs: number;
  checkIns: number;
  checkInsAnswered: number;
  checkInsMissed: number;
  /** The deframer's counters, summed over every connection. */
  rejectedFrames: number;
  garbageBytes: number;
}

/** Events of {@link Gb26875Session}. */
export interface Gb26875SessionEvents {
  state: [from: SessionState, to: SessionState];
  /** The link is down; the next dial is in `retryInMs`. */
  offline: [info: { error?: Error; retryInMs: number }];
  /** A queued item was confirmed by the centre and acked. */
  confirmed: [
    info: { sequence: bigint; cls: MessageClass; serial: number; attempts: number; sentAt: number },
  ];
  /** The centre denied a queued item; it waits `retryInMs` and is offered again (never dropped). */
  denied: [info: { sequence: bigint; serial: number; retryInMs: number }];
  /** The centre set the clock: the offset now applied to every time label. */
  clockSync: [info: { offsetMs: number; centreTime: string }];
  /** A check-in arrived; with `answer: 'operator'` it waits for {@link Gb26875Session.answerCheckIn}. */
  checkIn: [info: { serial: number; deadline: number; answer: 'auto' | 'operator' }];
  checkInAnswered: [info: { serial: number; afterMs: number }];
  checkInMissed: [info: { serial: number }];
  /** The centre asked the device to initialise (89); confirmed, nothing on the gateway is erased. */
  initialise: [];
  /** Every decoded frame, both ways (for logs and the simulator's print). */
  frame: [direction: 'in' | 'out', frame: Gb26875Frame];
  /** A candidate frame the deframer dropped. */
  rejected: [rejection: Rejection];
  /** Something to log that did not stop the session. */
  warning: [message: string, details?: Record<string, unknown>];
}

/** The plain counters of {@link Gb26875SessionStats}. */
export type SessionCounter = Exclude<
  keyof Gb26875SessionStats,
  'state' | 'clockOffsetMs' | 'rejectedFrames' | 'garbageBytes'
>;

interface PendingCheckIn {
  readonly serial: number;
  readonly receivedAt: number;
  readonly deadline: number;
  readonly timer: NodeJS.Timeout;
}

const DEFAULTS = {
  timeoutMs: 10_000,
  retries: 3,
  heartbeatMs: 30_000,
  deniedRetryMs: 60_000,
  checkInWithinMs: 60_000,
};

/**
 * A GB/T 26875.3 session towards one monitoring centre, as the user-information transmission device.
 *
 * It dials, sends the queue's items one at a time as send-data frames (alarms first: the queue's
 * priority order) and acks each only when the centre confirms it; without a confirm in `timeoutMs`
 * it sends the same frame again, `retries` times, then drops the link and redials, the item still
 * queued. It confirms the centre's control frames, applies clock syncs as an offset to its own time
 * labels (never to the host clock), answers check-ins and read requests, and denies what it does
 * not understand. See docs/gb26875.md, "Session".
 */
export class Gb26875Session extends EventEmitter<Gb26875SessionEvents> {
  readonly options: Required<
    Pick<
      Gb26875SessionOptions,
      'timeoutMs' | 'retries' | 'heartbeatMs' | 'deniedRetryMs' | 'utcOffsetMinutes' | 'protocolMinor'
    >
  > &
    Gb26875SessionOptions;
  #state: SessionState = 'idle';
  #link: CentreLink | undefined;
  #attempt = 0;
  #backoffTimer: NodeJS.Timeout | undefined;
  #serial = 0;
  #clockOffsetMs = 0;
  #checkIn: PendingCheckIn | undefined;
  /** Check-in answers waiting for a link; sent before any queued item. */
  readonly #ownFrames: { adu: Uint8Array; what: 'check-in' }[] = [];
  /** Items the centre denied, by sequence, with the time they may be offered again. */
  readonly #parked = new Map<bigint, number>();
  #parkTimer: NodeJS.Timeout | undefined;
  readonly #stats: Record<SessionCounter, number> = {
    connects: 0,
    sent: 0,
    confirmed: 0,
    retransmits: 0,
    confirmTimeouts: 0,
    deniedByCentre: 0,
    deniedByUs: 0,
    unknownCommands: 0,
    unexpected: 0,
    requestsAnswered: 0,
    heartbeats: 0,
    clockSyncs: 0,
    checkIns: 0,
    checkInsAnswered: 0,
    checkInsMissed: 0,
  };
  /** Deframer counters of links that are gone. */
  #pastDeframing = { rejected: 0, garbage: 0 };

  constructor(options: Gb26875SessionOptions) {
    super();
    if (!options || typeof options.connect !== 'function')
      throw new TypeError('Gb26875Session: connect must be a function that opens the centre connection');
    if (!options.queue) throw new TypeError('Gb26875Session: queue (an Outbox) is required');
    if (!options.responder) throw new TypeError('Gb26875Session: responder is required');
    const positive = (name: string, value: number | undefined, min: number) => {
      if (value !== undefined && !(Number.isInteger(value) && value >= min))
        throw new TypeError(`Gb26875Session: ${name} must be an integer >= ${min}, got ${value}`);
    };
    positive('timeoutMs', options.timeoutMs, 1);
    positive('retries', options.retries, 0);
    positive('heartbeatMs', options.heartbeatMs, 0);
    positive('deniedRetryMs', options.deniedRetryMs, 0);
    checkReconnect(options.reconnect);
    this.options = {
      ...options,
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      retries: options.retries ?? DEFAULTS.retries,
      heartbeatMs: options.heartbeatMs ?? DEFAULTS.heartbeatMs,
      deniedRetryMs: options.deniedRetryMs ?? DEFAULTS.deniedRetryMs,
      utcOffsetMinutes: options.utcOffsetMinutes ?? CHINA_UTC_OFFSET_MINUTES,
      protocolMinor: options.protocolMinor ?? 0,
    };
  }

  get state(): SessionState {
    return this.#state;
  }

  get isOnline(): boolean {
    return this.#state === 'online';
  }

  /** Centre time minus host time, from the last clock sync (0 before any). */
  get clockOffsetMs(): number {
    return this.#clockOffsetMs;
  }

  /** Starts dialling. */
  start(): void {
    this.#move('start');
    this.#dial();
  }

  /** Tells the session the queue has something new (sent at once when the link is free). */
  wake(): void {
    this.#link?.pump();
  }

  /** Closes the link and stops redialling. Queued items stay queued. Idempotent. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#move('close');
    clearTimeout(this.#backoffTimer);
    clearTimeout(this.#parkTimer);
    if (this.#checkIn) clearTimeout(this.#checkIn.timer);
    const link = this.#link;
    this.#link = undefined;
    await link?.close();
  }

  /**
   * A person answers the pending check-in (查岗). Resolves true when one was pending and the answer
   * is on its way (sent now, or as soon as the link is back), false when none was pending.
   */
  answerCheckIn(): boolean {
    const pending = this.#checkIn;
    if (!pending) return false;
    clearTimeout(pending.timer);
    this.#checkIn = undefined;
    this.#stats.checkInsAnswered += 1;
    this.#ownFrames.push({ adu: this.options.responder.checkInAnswer(this.context()), what: 'check-in' });
    this.emit('checkInAnswered', { serial: pending.serial, afterMs: this.hostNow() - pending.receivedAt });
    this.#link?.pump();
    return true;
  }

  /** Whether a check-in waits for a person, and until when. */
  get pendingCheckIn(): { serial: number; deadline: number } | undefined {
    return this.#checkIn && { serial: this.#checkIn.serial, deadline: this.#checkIn.deadline };
  }

  stats(): Gb26875SessionStats {
    const live = this.#link?.deframerStats();
    return {
      ...this.#stats,
      state: this.#state,
      clockOffsetMs: this.#clockOffsetMs,
      rejectedFrames: this.#pastDeframing.rejected + (live?.rejectedTotal ?? 0),
      garbageBytes: this.#pastDeframing.garbage + (live?.garbageBytes ?? 0),
    };
  }

  // ---- what the link asks of the session -------------------------------------------------------

  /** @internal The host clock (uncorrected: for timers and latencies). */
  hostNow(): number {
    return (this.options.now ?? Date.now)();
  }

  /** @internal The corrected time for time labels and ADUs. */
  context(): ResponderContext {
    const hostMs = this.hostNow();
    const nowMs = hostMs + this.#clockOffsetMs;
    return {
      nowMs,
      hostMs,
      time: timeFromDate(nowMs, this.options.utcOffsetMinutes),
      linkUp: this.#state === 'online',
    };
  }

  /** @internal The next business serial number (16 bits, wraps). */
  nextSerial(): number {
    const serial = this.#serial;
    this.#serial = (this.#serial + 1) & 0xffff;
    return serial;
  }

  /** @internal */
  count(counter: SessionCounter): void {
    this.#stats[counter] += 1;
  }

  /** @internal The queue's items the centre denied and that still wait. */
  parkedNow(): Set<bigint> {
    const now = this.hostNow();
    const skip = new Set<bigint>();
    for (const [sequence, until] of this.#parked) {
      if (until > now) skip.add(sequence);
      else this.#parked.delete(sequence);
    }
    return skip;
  }

  /** @internal */
  park(sequence: bigint, serial: number): void {
    const retryInMs = this.options.deniedRetryMs;
    this.#parked.set(sequence, this.hostNow() + retryInMs);
    this.#stats.deniedByCentre += 1;
    this.emit('denied', { sequence, serial, retryInMs });
    clearTimeout(this.#parkTimer);
    this.#parkTimer = setTimeout(() => this.#link?.pump(), retryInMs + 1);
    this.#parkTimer.unref?.();
  }

  /** @internal Own frames (check-in answers) to send before queued items. */
  takeOwnFrame(): { adu: Uint8Array; what: 'check-in' } | undefined {
    return this.#ownFrames.shift();
  }

  /** @internal An own frame went unconfirmed on a link that died: it goes first on the next. */
  returnOwnFrame(frame: { adu: Uint8Array; what: 'check-in' }): void {
    this.#ownFrames.unshift(frame);
  }

  /** @internal */
  setClock(centreMs: number, centreTime: string): void {
    this.#clockOffsetMs = centreMs - this.hostNow();
    this.#stats.clockSyncs += 1;
    this.emit('clockSync', { offsetMs: this.#clockOffsetMs, centreTime });
  }

  /**
   * @internal A check-in command arrived; `centreTimeoutMs` is the answer time the centre gave (0:
   * none). A person gets the shorter of that and the configured `withinMs`.
   */
  checkInReceived(serial: number, centreTimeoutMs = 0): void {
    this.#stats.checkIns += 1;
    const policy = this.options.checkIn ?? { answer: 'auto' };
    const receivedAt = this.hostNow();
    const configured = policy.withinMs ?? DEFAULTS.checkInWithinMs;
    const withinMs = centreTimeoutMs > 0 ? Math.min(configured, centreTimeoutMs) : configured;
    if (this.#checkIn) clearTimeout(this.#checkIn.timer);
    const timer = setTimeout(() => {
      if (this.#checkIn?.serial !== serial) return;
      this.#checkIn = undefined;
      this.#stats.checkInsMissed += 1;
      this.emit('checkInMissed', { serial });
    }, withinMs);
    timer.unref?.();
    this.#checkIn = { serial, receivedAt, deadline: receivedAt + withinMs, timer };
    this.emit('checkIn', { serial, deadline: receivedAt + withinMs, answer: policy.answer });
    if (policy.answer === 'auto') this.answerCheckIn();
  }

  // ---- the state machine ----------------------------------------------------------------------

  #move(input: SessionInput): void {
    const from = this.#state;
    const to = nextState(from, input);
    this.#state = to;
    if (from !== to) this.emit('state', from, to);
  }

  #dial(): void {
    this.options.connect().then(
      (socket) => {
        if (this.#state !== 'connecting') {
          socket.destroy();
          return;
        }
        this.#move('connected');
        this.#attempt = 0;
        this.#stats.connects += 1;
        const link = new CentreLink(this, socket, (error) => this.#lost(link, error));
        this.#link = link;
        link.pump();
      },
      (error: Error) => {
        if (this.#state !== 'connecting') return;
        this.#move('failed');
        this.#scheduleDial(error);
      },
    );
  }

  #lost(link: CentreLink, error: Error | undefined): void {
    const stats: DeframerStats = link.deframerStats();
    this.#pastDeframing.rejected += stats.rejectedTotal;
    this.#pastDeframing.garbage += stats.garbageBytes;
    if (this.#link !== link || this.#state !== 'online') return;
    this.#link = undefined;
    this.#move('lost');
    this.#scheduleDial(error);
  }

  #scheduleDial(error: Error | undefined): void {
    const retryInMs = reconnectDelay(this.#attempt, this.options.reconnect, this.options.random);
    this.#attempt += 1;
    this.emit('offline', { ...(error ? { error } : {}), retryInMs });
    this.#backoffTimer = setTimeout(() => {
      if (this.#state !== 'backoff') return;
      this.#move('elapsed');
      this.#dial();
    }, retryInMs);
  }

  /** @internal Frame header fields for a frame this device sends. */
  header(serial: number, command: number, adu: Uint8Array): Gb26875Frame {
    return {
      serial,
      version: { major: 1, minor: this.options.protocolMinor },
      time: this.context().time,
      source: this.options.sourceAddress,
      destination: this.options.destinationAddress ?? 0,
      command,
      adu,
    };
  }
}
