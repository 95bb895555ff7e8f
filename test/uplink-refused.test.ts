/**
 * A broker that refuses publishes (MQTT 5 PUBACK 0x87 "not authorized" from a Mosquitto ACL) while the
 * connection stays up: the uplink retries the refused class by itself, with backoff, reports each
 * refusal as an error event, lets other classes through meanwhile, and once the ACL allows the topic
 * again delivers every message of the class in order.
 */
import { createUplink, MemoryOutbox, type UplinkError } from '@firecode/uplink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MessageCollector,
  parseTestPayload,
  testPayload,
} from '../packages/uplink/src/testing/message-collector.js';
import { MOSQUITTO_MISSING, PrivateMosquitto } from '../packages/uplink/src/testing/private-mosquitto.js';

const prefix = 'firecode-test/refused';
const base = `${prefix}/gw1`;
/** Everything but the data topic may be written; the collector may read everything. */
const denyData = [
  `topic read ${prefix}/#`,
  ...['birth', 'state', 'alarm', 'status'].map((t) => `topic write ${base}/${t}`),
].join('\n');
const allowAll = `topic readwrite ${prefix}/#`;

let broker: PrivateMosquitto;
beforeAll(async () => {
  if (MOSQUITTO_MISSING) return;
  broker = await PrivateMosquitto.start({ acl: denyData });
});
afterAll(async () => {
  await broker?.stop();
});

describe.skipIf(MOSQUITTO_MISSING)(
  'uplink when the broker refuses a publish (private Mosquitto with an ACL)',
  () => {
    it('retries the refused class with backoff, reports each refusal, and delivers it in order once allowed', async () => {
      const received = await MessageCollector.start(broker.url, `${prefix}/#`);
      const encoder = new TextEncoder();
      const uplink = createUplink({
        url: broker.url,
        clientId: 'refused-gw',
        gatewayId: 'gw1',
        topicPrefix: prefix,
        outbox: new MemoryOutbox(),
        birth: () => encoder.encode('birth'),
        will: encoder.encode('offline'),
        protocolVersion: 5,
        publishRetry: { minMs: 50, maxMs: 200 },
      });
      const refusals: UplinkError[] = [];
      let secondAttempt: () => void = () => {};
      const retriedByItself = new Promise<void>((resolve) => (secondAttempt = resolve));
      uplink.on('error', (error) => {
        refusals.push(error);
        if (error.details?.['attempt'] === 2) secondAttempt();
      });
      try {
        await new Promise((resolve) => uplink.once('connect', resolve));
        for (let i = 0; i < 5; i++) await uplink.submit('data', (meta) => testPayload(meta, `d${i}`));
        await uplink.submit('status', (meta) => testPayload(meta, 's0'));

        // Status is allowed and is not held up by the refused data class.
        await received.until('the status message', () => received.on('status').length === 1);
        // Nothing else is submitted: only the uplink's own retry timer can bring a second refusal.
        await retriedByItself;
        const first = refusals[0]!;
        expect(first.code).toBe('UPLINK_PUBLISH_REFUSED');
        expect(first.details).toMatchObject({ cls: 'data', topic: `${base}/data`, reasonCode: 0x87 });
        expect(first.message).toContain('reason code 0x87');
        expect(first.message).toContain('stays in the outbox');
        expect(refusals.every((e) => e.code === 'UPLINK_PUBLISH_REFUSED')).toBe(true);
        expect(uplink.stats().heldClasses).toEqual(['data']);
        expect(received.on('data')).toHaveLength(0);

        for (let i = 5; i < 10; i++) await uplink.submit('data', (meta) => testPayload(meta, `d${i}`));
        await broker.setAcl(allowAll);

        await received.until('all ten data messages', () => received.on('data').length >= 10);
        await uplink.drained();
        const data = received.on('data').map((m) => parseTestPayload(m.payload));
        expect(data.map((d) => d.label)).toEqual(Array.from({ length: 10 }, (_, i) => `d${i}`));
        for (let i = 1; i < data.length; i++)
          expect(data[i]!.sequence).toBeGreaterThan(data[i - 1]!.sequence);
        const stats = uplink.stats();
        expect(stats.publishRefused).toBeGreaterThanOrEqual(2);
        expect(stats.publishRefused).toBe(refusals.length);
        expect(stats.heldClasses).toEqual([]);
        expect(stats.outbox.messages).toBe(0);
        expect(stats.connects).toBe(1); // a refusal is not a disconnect
      } finally {
        await uplink.close();
        await received.stop();
      }
    });
  },
);
