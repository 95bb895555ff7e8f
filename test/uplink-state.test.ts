/**
 * The state topic on real Mosquitto: one offline state per close (published by the client, followed
 * by a clean DISCONNECT, so the broker does not publish the last will as well), stamped with the time
 * it was sent; births and online states stamped per connect, so after an outage they carry the
 * reconnect time. Through the SDK, whose uplink the gateway shares.
 */
import { decodeMessage } from '@firecode/codec';
import { createFirecodeClient } from '@firecode/sdk';
import { pressureHubParts } from '@firecode/sdk/testing';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { MessageCollector, type ReceivedMessage } from '../packages/uplink/src/testing/message-collector.js';
import { MOSQUITTO_MISSING, PrivateMosquitto } from '../packages/uplink/src/testing/private-mosquitto.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

/** A clock the test moves, so each state's time says which moment it was built at. */
function testClock(start: number) {
  let time = start;
  return { now: () => time, set: (next: number) => (time = next) };
}

/** The states published while the subscriber listened (not retained copies sent on a resubscribe). */
function decodedStates(messages: readonly ReceivedMessage[]) {
  return messages
    .filter(
      (m) => m.topic.endsWith('/state') && !m.topic.includes('/marker/') && m.payload.length > 0 && !m.retain,
    )
    .map((m) => decodeMessage(new Uint8Array(m.payload)))
    .map((d) => (d.type === 'state' ? { online: d.online, time: d.time } : { type: d.type }));
}

/**
 * Publishes a marker twice through another client and waits for both: a will the broker published on
 * the closed connection's account would have arrived before them.
 */
async function settle(url: string, prefix: string, collector: MessageCollector): Promise<void> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4 });
  try {
    for (const round of ['1', '2']) {
      await client.publishAsync(`${prefix}/marker/state`, round, { qos: 1 });
      await collector.until(`marker ${round}`, () =>
        collector.messages.some((m) => m.topic.endsWith('/marker/state') && m.payload.toString() === round),
      );
    }
  } finally {
    await client.endAsync();
  }
}

describe('the state topic', () => {
  it('gets one offline state per close, stamped when it was sent, and no last will', async () => {
    const topicPrefix = uniqueTopicPrefix('state-close');
    const collector = await MessageCollector.start(mqttUrl(), `${topicPrefix}/+/state`);
    const clock = testClock(1_780_000_000_000);
    const client = await createFirecodeClient({
      url: mqttUrl(),
      gatewayId: 'hub-close',
      topicPrefix,
      ...pressureHubParts('hub-close'),
      now: clock.now,
    });
    try {
      await client.whenConnected();
      await collector.until('online', () => decodedStates(collector.messages).length >= 1);
      clock.set(1_780_000_060_000);
      await client.close();
      await settle(mqttUrl(), topicPrefix, collector);
      expect(decodedStates(collector.messages)).toEqual([
        { online: true, time: 1_780_000_000_000 },
        // Only the client's own offline state, with the time of the close: the broker's will (with the
        // connect time) never came, because the client said DISCONNECT.
        { online: false, time: 1_780_000_060_000 },
      ]);
    } finally {
      await client.close();
      await collector.stop();
    }
  });

  it.skipIf(MOSQUITTO_MISSING)(
    'stamps the birth and the online state per connect: after an outage they carry the reconnect time',
    async () => {
      const broker = await PrivateMosquitto.start({ persistence: true });
      const collector = await MessageCollector.start(broker.url, 'state-outage/#', {
        clientId: 'state-outage-ingest',
        clean: false,
        protocolVersion: 4,
      });
      const clock = testClock(1_780_000_000_000);
      const client = await createFirecodeClient({
        url: broker.url,
        gatewayId: 'hub-outage',
        topicPrefix: 'state-outage',
        ...pressureHubParts('hub-outage'),
        now: clock.now,
        reconnect: { minMs: 100, maxMs: 200 },
      });
      client.on('error', () => {});
      try {
        await client.whenConnected();
        // Received (and acknowledged) before the outage, so the broker has nothing to send again.
        await collector.until('the first online state', () => decodedStates(collector.messages).length >= 1);
        await broker.pause();
        clock.set(1_780_000_600_000);
        await broker.resume();
        await client.whenConnected();
        const births = () => collector.on('birth').filter((m) => !m.retain);
        await collector.until('two births', () => births().length >= 2);
        await collector.until(
          'two online states',
          () => decodedStates(collector.messages).filter((s) => 'online' in s && s.online).length >= 2,
        );
        // Distinct times: under load the broker may send a message again whose PUBACK it had not
        // stored before it stopped (QoS 1, at least once) — a duplicate, not a restamp.
        const distinct = (times: unknown[]) => [...new Set(times)];
        const decoded = births().map((m) => decodeMessage(new Uint8Array(m.payload)));
        expect(distinct(decoded.map((b) => b.type === 'birth' && b.time))).toEqual([
          1_780_000_000_000, 1_780_000_600_000,
        ]);
        const online = decodedStates(collector.messages).filter((s) => 'online' in s && s.online);
        expect(distinct(online.map((s) => 'time' in s && s.time))).toEqual([
          1_780_000_000_000, 1_780_000_600_000,
        ]);
      } finally {
        await client.close();
        await collector.stop();
        await broker.stop();
      }
    },
  );
});
