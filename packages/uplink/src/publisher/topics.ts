import type { MessageClass } from '../message-class.js';

/** The MQTT topics of one gateway. See docs/uplink.md, "Topics". */
export interface UplinkTopics {
  /** Retained birth/catalog message, published on every (re)connect. */
  readonly birth: string;
  /** Retained connection state: the last will when the gateway is offline. */
  readonly state: string;
  readonly alarm: string;
  readonly status: string;
  /** Live and historical data (the payload carries the historical flag). */
  readonly data: string;
}

const TOPIC_LEVEL = /^[^#+/\u0000]+$/;

/**
 * `<prefix>/<gatewayId>/{birth,state,alarm,status,data}`. The prefix may have several levels; the
 * gateway id must be one level without wildcards.
 */
export function uplinkTopics(prefix: string, gatewayId: string): UplinkTopics {
  if (
    typeof prefix !== 'string' ||
    prefix === '' ||
    prefix.split('/').some((level) => !TOPIC_LEVEL.test(level))
  ) {
    throw new TypeError(
      `uplink: topicPrefix ${JSON.stringify(prefix)} must be non-empty topic levels without '+', '#', empty levels or leading/trailing '/', e.g. "firecode/v1"`,
    );
  }
  if (typeof gatewayId !== 'string' || !TOPIC_LEVEL.test(gatewayId)) {
    throw new TypeError(
      `uplink: gatewayId ${JSON.stringify(gatewayId)} must be one topic level without '/', '+' or '#'`,
    );
  }
  const base = `${prefix}/${gatewayId}`;
  return {
    birth: `${base}/birth`,
    state: `${base}/state`,
    alarm: `${base}/alarm`,
    status: `${base}/status`,
    data: `${base}/data`,
  };
}

/** Where a message of `cls` is published: historical data goes to the data topic. */
export function topicFor(topics: UplinkTopics, cls: MessageClass): string {
  return cls === 'historical' ? topics.data : topics[cls];
}
