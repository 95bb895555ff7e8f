import { type UplinkError, uplinkError } from '../errors.js';
import { publishBirth, sayOffline } from './announcements.js';
import { clientOptions } from './client-options.js';
import { describeConnectError, safeUrl } from './connect-errors.js';
import { type AttemptEnd, type AttemptHandlers, ConnectionAttempt, endClient } from './connection-attempt.js';
import { type ConnectionEvent, type ConnectionState, nextState } from './connection-states.js';
import { mqttConnect, type UplinkConnack, type UplinkMqttClient } from './mqtt-client.js';
import { buildPayload } from './payload-source.js';
import { ReconnectSchedule } from './reconnect-schedule.js';
import { type UplinkTopics, uplinkTopics } from './topics.js';
import type { ConnectInfo, OfflineInfo, UplinkOptions } from './uplink-types.js';

/** What the connection tells the rest of the uplink. */
export interface ConnectionHooks {
  /** A link came up, went down or was retired: what was in flight is void (the outbox has it). */
  linkReset(): void;
  /** Birth and online state are out on a new connection: messages may flow. */
  online(info: ConnectInfo): void;
  offline(info: OfflineInfo): void;
  fail(error: UplinkError): void;
  /** A reconfiguration or close: the old broker's verdicts (its ACL, its quotas) no longer apply. */
  clearHolds(): void;
  /** An alarm waits in the outbox (the back-off is capped meanwhile). */
  alarmWaiting(): boolean;
  /** Publish what can be published (after a birth republished on a live connection). */
  wake(): void;
}

/**
 * The uplink's connection, moving only along CONNECTION_TRANSITIONS (connection-states.ts): opens one
 * {@link ConnectionAttempt} after another with back-off, announces each new link (birth, online
 * state), swaps settings on a reconfiguration and says offline on close.
 */
export class ConnectionMachine {
  private current: ConnectionState = 'idle';
  private attempt: ConnectionAttempt | undefined;
  /** The attempt whose live link says offline during close(): still counts as connected. */
  private farewell: ConnectionAttempt | undefined;
  private opts: UplinkOptions;
  private currentTopics: UplinkTopics;
  private version: 4 | 5 = 5;
  /** `protocolVersion: 'auto'` and no connect yet: a refusal of MQTT 5 falls back to 3.1.1. */
  private negotiating = false;
  /** `start()` was called: connect (again) after a reconfiguration. */
  private started = false;
  private reconfigurations: Promise<void> = Promise.resolve();
  private readonly schedule: ReconnectSchedule;
  private readonly handlers: AttemptHandlers = {
    connack: (attempt, connack) => this.onConnack(attempt, connack),
    error: (error) => this.hooks.fail(error),
    closed: (_attempt, end) => this.onClosed(end),
  };
  private connectCount = 0;

  constructor(
    options: UplinkOptions,
    private readonly hooks: ConnectionHooks,
  ) {
    this.opts = options;
    this.currentTopics = this.adopt(options);
    this.schedule = new ReconnectSchedule(options.reconnect, options.random);
  }

  /** Connects that succeeded. */
  get connects(): number {
    return this.connectCount;
  }

  get state(): ConnectionState {
    return this.current;
  }

  get options(): UplinkOptions {
    return this.opts;
  }

  get url(): string {
    return this.opts.url;
  }

  get topics(): UplinkTopics {
    return this.currentTopics;
  }

  get protocolVersion(): 4 | 5 {
    return this.version;
  }

  /** close() was called. */
  get isClosing(): boolean {
    return this.current === 'closing' || this.current === 'closed';
  }

  get isConnected(): boolean {
    return this.current === 'announcing' || this.current === 'online' || this.farewell !== undefined;
  }

  /** The attempt messages are published on: only while online. */
  get publishing(): ConnectionAttempt | undefined {
    return this.current === 'online' ? this.attempt : undefined;
  }

  /** The client of the attempt under way, if it has one (for the stats' protocol version). */
  get client(): UplinkMqttClient | undefined {
    return this.attempt?.client;
  }

  start(): void {
    if (this.isClosing) return;
    this.started = true;
    // Only an idle connection opens one: otherwise one is under way, waited for or being swapped.
    if (this.current !== 'idle') return;
    this.move('start');
    this.connect();
  }

  /** Switches to `options` (already checked) after the reconfigurations before it. */
  reconfigure(options: UplinkOptions): Promise<void> {
    const switched = this.reconfigurations.then(() => this.switchTo(options));
    this.reconfigurations = switched.catch(() => undefined);
    return switched;
  }

  /** An alarm was submitted while not connected: a wait for the next attempt is cut short. */
  alarmSubmitted(): void {
    if (this.current !== 'waiting') return;
    this.move('alarmSubmitted');
    this.schedule.hurry(() => this.retry());
  }

  /** Publishes the birth (and online state) again on a live connection (not on one being retired). */
  republishBirth(): void {
    const attempt = this.attempt;
    const live = this.current === 'announcing' || this.current === 'online';
    if (live && attempt?.client) this.announce(attempt, () => this.hooks.wake());
  }

  /**
   * Says offline on a live link and disconnects cleanly (an MQTT DISCONNECT, so the broker discards
   * the will). A reconfiguration under way ends its own connection first and then, seeing the state
   * `closing`, opens none.
   */
  async close(): Promise<void> {
    const retiring = this.current === 'retiring';
    this.move('close');
    this.schedule.cancel();
    const attempt = retiring ? undefined : this.attempt;
    if (!retiring) this.attempt = undefined;
    const client = attempt?.dispose();
    if (client && attempt?.linkUp) this.farewell = attempt;
    await this.reconfigurations;
    this.hooks.clearHolds();
    if (client && this.farewell) await this.sayOffline(client, attempt!.will);
    this.farewell = undefined;
    this.hooks.linkReset();
    if (client) await endClient(client);
    this.move('closed');
  }

  private move(event: ConnectionEvent): void {
    this.current = nextState(this.current, event);
  }

  /** Takes over the settings of `options`; returns its topics. */
  private adopt(options: UplinkOptions): UplinkTopics {
    this.opts = options;
    const version = options.protocolVersion ?? 'auto';
    this.version = version === 4 ? 4 : 5;
    this.negotiating = version === 'auto';
    this.currentTopics = uplinkTopics(options.topicPrefix, options.gatewayId ?? options.clientId);
    return this.currentTopics;
  }

  private async switchTo(options: UplinkOptions): Promise<void> {
    if (this.isClosing) return;
    this.move('reconfigure');
    await this.retire();
    this.adopt(options);
    this.schedule.reset();
    if (this.current !== 'retiring') return; // closed meanwhile
    if (!this.started) {
      this.move('retiredUnstarted');
      return;
    }
    this.move('retired');
    this.connect();
  }

  /**
   * Ends the current connection (or the wait for the next attempt) for a reconfiguration. A live one
   * publishes nothing new, then says offline: the broker acknowledges in order, so the messages it had
   * in flight are acknowledged (and deleted from the outbox) before that, instead of being sent again.
   */
  private async retire(): Promise<void> {
    this.schedule.cancel();
    this.hooks.clearHolds();
    const attempt = this.attempt;
    const live = attempt?.client;
    if (live && attempt.linkUp) await this.sayOffline(live, attempt.will);
    const client = attempt?.dispose();
    if (this.attempt === attempt) this.attempt = undefined;
    this.hooks.linkReset();
    if (client) await endClient(client);
  }

  private connect(): void {
    this.attempt?.dispose();
    const attempt = new ConnectionAttempt(this.handlers, this.negotiating && this.version === 5);
    this.attempt = attempt;
    this.schedule.attemptStarted();
    const will = this.opts.will;
    if (will instanceof Uint8Array) {
      this.open(attempt, will);
      return;
    }
    // Built before every attempt, so the will carries the time of its connect.
    buildPayload(
      will,
      (bytes) => {
        if (!attempt.isDisposed && this.current === 'connecting') this.open(attempt, bytes);
      },
      (cause) => {
        if (attempt.isDisposed || this.current !== 'connecting') return;
        const error = uplinkError(
          'UPLINK_CONNECT_FAILED',
          `building the last will for ${safeUrl(this.url)} failed: ${(cause as Error)?.message ?? cause}`,
          { cause },
        );
        this.hooks.fail(error);
        this.move('attemptFailed');
        this.backOff(error, false);
      },
    );
  }

  private open(attempt: ConnectionAttempt, will: Uint8Array): void {
    attempt.will = will;
    const options = clientOptions(this.opts, this.version, this.topics.state, will);
    try {
      attempt.open(this.opts.connect ?? mqttConnect, this.url, options);
    } catch (error) {
      this.hooks.fail(describeConnectError(this.url, error));
      this.move('attemptFailed');
      this.backOff(undefined, true);
    }
  }

  private onConnack(attempt: ConnectionAttempt, connack: UplinkConnack): void {
    this.move('connack');
    this.negotiating = false;
    this.schedule.reset();
    this.connectCount++;
    this.hooks.linkReset();
    // Messages wait for the birth, so a receiver has the catalog before the data that needs it.
    this.announce(attempt, () => {
      if (attempt !== this.attempt || !attempt.linkUp || this.current !== 'announcing') return;
      this.move('announced');
      this.hooks.online({
        url: safeUrl(this.url),
        protocolVersion: this.version,
        sessionPresent: connack.sessionPresent === true,
      });
    });
  }

  private onClosed(end: AttemptEnd): void {
    this.hooks.linkReset();
    if (this.current === 'retiring' || this.current === 'closing') {
      this.move('linkClosed');
      return;
    }
    if (end.fallBack) {
      this.move('protocolFallback');
      this.version = 4;
      this.negotiating = false;
      this.connect();
      return;
    }
    this.move('linkClosed');
    this.backOff(end.failure, end.wasConnected);
  }

  /** Waits before the next attempt; a lost link or a failure is reported as `offline`. */
  private backOff(error: UplinkError | undefined, wasConnected: boolean): void {
    const retryInMs = this.schedule.wait(this.hooks.alarmWaiting(), () => this.retry());
    if (wasConnected || error) {
      this.hooks.offline({ url: safeUrl(this.url), ...(error ? { error } : {}), retryInMs });
    }
  }

  private retry(): void {
    if (this.current !== 'waiting') return;
    this.move('retryDue');
    this.connect();
  }

  /** Publishes birth and online state on `attempt`'s link, then `done` (also when building failed). */
  private announce(attempt: ConnectionAttempt, done: () => void): void {
    const client = attempt.client;
    if (!client) return;
    publishBirth(client, this.topics, this.opts, {
      stillWanted: () => !attempt.isDisposed && attempt.client === client,
      done,
      failed: (cause) => {
        if (attempt.isDisposed) return;
        this.hooks.fail(
          uplinkError(
            'UPLINK_PUBLISH_FAILED',
            `building the birth/online message for ${safeUrl(this.url)} failed`,
            {
              cause,
            },
          ),
        );
      },
    });
  }

  private sayOffline(client: UplinkMqttClient, will: Uint8Array): Promise<void> {
    return sayOffline(client, this.topics.state, this.opts.offline ?? (() => will), (cause) =>
      this.hooks.fail(
        uplinkError('UPLINK_PUBLISH_FAILED', `building the offline state for ${safeUrl(this.url)} failed`, {
          cause,
        }),
      ),
    );
  }
}
