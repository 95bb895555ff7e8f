import { isFirecodeError } from '@firecode/schema';
import type { IClientPublishOptions } from 'mqtt';
import { type UplinkError, uplinkError } from '../errors.js';
import type { MessageClass } from '../message-class.js';
import type { Outbox, OutboxMessage } from '../outbox/outbox.js';
import type { ClassHold } from './class-hold.js';
import { safeUrl } from './connect-errors.js';
import type { ConnectionAttempt } from './connection-attempt.js';
import { topicFor, type UplinkTopics } from './topics.js';
import type { DeliveredMessage } from './uplink-types.js';

/** Alarms may use this many slots beyond the in-flight window, so one never waits behind backlog. */
const ALARM_EXTRA_IN_FLIGHT = 4;

/** Where the pump publishes: the connection, as it is now. */
export interface PumpLink {
  /** The attempt to publish on; only while the connection is online. */
  readonly publishing: ConnectionAttempt | undefined;
  readonly protocolVersion: 4 | 5;
  readonly topics: UplinkTopics;
  readonly url: string;
}

/** What the pump tells the uplink. */
export interface PumpHooks {
  delivered(message: DeliveredMessage): void;
  fail(error: UplinkError): void;
}

/**
 * Publishes from the outbox while the connection is online and the in-flight window has room (alarms
 * first; one pump loop at a time), deletes each message from the outbox on its PUBACK, and holds back
 * a class whose publish the broker refused. What a lost link had in flight stays in the outbox and is
 * published again on the next connection.
 */
export class PublishPump {
  private readonly inFlight = new Map<bigint, MessageClass>();
  private pumping = false;
  private pumpAgain = false;
  private idleWaiters: (() => void)[] = [];
  /** Counters for the stats: messages published, acknowledged, and refused by the broker. */
  readonly counts = { published: 0, delivered: 0, refused: 0 };

  constructor(
    private readonly outbox: Outbox,
    private readonly hold: ClassHold,
    private readonly inFlightLimit: number,
    private readonly link: PumpLink,
    private readonly hooks: PumpHooks,
  ) {}

  /** Messages published and not yet acknowledged. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** The outbox is empty and nothing is in flight. */
  get isIdle(): boolean {
    return this.inFlight.size === 0 && this.outbox.size === 0;
  }

  /** Resolves once {@link isIdle} (or {@link wakeIdleWaiters} is called, at close). */
  drained(): Promise<void> {
    if (this.isIdle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  wakeIdleWaiters(): void {
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** The link changed: nothing is in flight any more (the outbox still has it all). */
  forgetInFlight(): void {
    this.inFlight.clear();
  }

  /** Publishes what can be published now. A wake-up during a running loop makes it look again. */
  pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.pumpLoop()
      .catch((error) => this.hooks.fail(asUplinkError(error, this.link.url)))
      .finally(() => {
        this.pumping = false;
        // A wake-up that arrived after the loop's last check but before this callback must not be lost.
        if (this.pumpAgain) this.pump();
      });
  }

  private async pumpLoop(): Promise<void> {
    do {
      this.pumpAgain = false;
      while (this.link.publishing && this.inFlight.size < this.inFlightLimit + ALARM_EXTRA_IN_FLIGHT) {
        const skip = new Set(this.inFlight.keys());
        const message = await this.outbox.next(skip, this.classesToSkip());
        if (!message) break;
        // The extra slots are for alarms only, so one can overtake a full window of backlog.
        if (message.cls !== 'alarm' && this.inFlight.size >= this.inFlightLimit) break;
        const attempt = this.link.publishing;
        if (!attempt?.client) break;
        this.publish(attempt, attempt.client, message);
      }
    } while (this.pumpAgain);
    if (this.isIdle) this.wakeIdleWaiters();
  }

  /**
   * Classes that must not publish now: held after a refusal, or probing with their one message
   * already in flight (so a class the broker refused gets through in order, oldest first).
   */
  private classesToSkip(): Set<MessageClass> | undefined {
    const classes = this.hold.classes();
    if (classes.length === 0) return undefined;
    const inFlightClasses = new Set(this.inFlight.values());
    return new Set(
      classes.filter(
        (cls) => this.hold.isHeld(cls) || (this.hold.isProbing(cls) && inFlightClasses.has(cls)),
      ),
    );
  }

  private publish(
    attempt: ConnectionAttempt,
    client: NonNullable<ConnectionAttempt['client']>,
    message: OutboxMessage,
  ): void {
    const { sequence, cls, historical, payload } = message;
    this.inFlight.set(sequence, cls);
    this.counts.published++;
    const options: IClientPublishOptions = { qos: 1 };
    if (this.link.protocolVersion === 5) {
      options.properties = {
        userProperties: { seq: sequence.toString(), cls, historical: String(historical) },
      };
    }
    const topic = topicFor(this.link.topics, cls);
    const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.length);
    client.publish(topic, bytes, options, (error) => {
      if (attempt.isDisposed) return; // a retired connection: the outbox still has it
      this.inFlight.delete(sequence);
      if (error && this.link.publishing === attempt && attempt.linkUp) {
        this.onPublishRefused(sequence, cls, topic, error);
        return;
      }
      if (error) {
        // The connection is going away: the next connection publishes it again from the outbox.
        this.hooks.fail(
          uplinkError(
            'UPLINK_PUBLISH_FAILED',
            `publishing message #${sequence} to ${safeUrl(this.link.url)} failed: ${error.message}; it stays in the outbox`,
            { cause: error, details: { sequence } },
          ),
        );
        return;
      }
      this.acknowledged(sequence, cls, historical);
    });
  }

  private acknowledged(sequence: bigint, cls: MessageClass, historical: boolean): void {
    this.outbox
      .ack(sequence)
      .then((acked) => {
        this.counts.delivered++;
        this.hold.delivered(cls);
        if (acked) this.hooks.delivered({ sequence, cls, historical });
        this.pump();
      })
      .catch((ackError) => this.hooks.fail(asUplinkError(ackError, this.link.url)));
  }

  /**
   * The broker refused a publish on a live connection (e.g. PUBACK 0x87 not authorized under MQTT 5):
   * the message stays in the outbox, its class is held back and retried after a backoff, oldest first.
   */
  private onPublishRefused(sequence: bigint, cls: MessageClass, topic: string, error: Error): void {
    this.counts.refused++;
    const { attempt, retryInMs } = this.hold.refused(cls);
    const reasonCode = (error as { code?: unknown }).code;
    const reason =
      typeof reasonCode === 'number' ? ` (reason code 0x${reasonCode.toString(16).padStart(2, '0')})` : '';
    this.hooks.fail(
      uplinkError(
        'UPLINK_PUBLISH_REFUSED',
        `the broker at ${safeUrl(this.link.url)} refused message #${sequence} (${cls}) on ${topic}: ${error.message}${reason}; it stays in the outbox and ${cls} messages wait for retry ${attempt} in ${retryInMs} ms (check the broker's ACL and message size limit for this topic)`,
        {
          cause: error,
          details: {
            sequence,
            cls,
            topic,
            ...(typeof reasonCode === 'number' ? { reasonCode } : {}),
            attempt,
            retryInMs,
          },
        },
      ),
    );
  }
}

/** FirecodeErrors as they are; anything else as UPLINK_PUBLISH_FAILED naming the broker. */
function asUplinkError(error: unknown, url: string): UplinkError {
  if (isFirecodeError(error)) return error as UplinkError;
  return uplinkError(
    'UPLINK_PUBLISH_FAILED',
    `uplink to ${safeUrl(url)}: ${(error as Error)?.message ?? error}`,
    {
      cause: error,
    },
  );
}
