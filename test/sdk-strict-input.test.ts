/**
 * The "wrong input that passes" of issue 17, through the SDK's public API against the real broker:
 * each is rejected with a code and a message that names the fix, and nothing of it reaches the wire.
 */
import { decodeMessage, MemoryCatalogStore } from '@firecode/codec';
import type { Point } from '@firecode/schema';
import { createFirecodeClient, isFirecodeError } from '@firecode/sdk';
import { pressureHubParts } from '@firecode/sdk/testing';
import { describe, expect, it } from 'vitest';
import { MessageCollector } from '../packages/uplink/src/testing/message-collector.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (isFirecodeError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('accepted, expected a FirecodeError');
}

const fireContact: Point = {
  id: 'fire-input',
  name: 'Fire contact of the sprinkler flow switch',
  kind: 'state',
  unit: '',
  component: 'hub-v',
  states: [
    { value: 0, name: 'normal' },
    { value: 1, name: 'fire' },
  ],
};

describe('the SDK refuses implausible input', () => {
  it('rejects seconds, 2100, undeclared states and 1e308 MPa, and sends what is right', async () => {
    const topicPrefix = uniqueTopicPrefix('sdk-strict');
    const collector = await MessageCollector.start(mqttUrl(), `${topicPrefix}/+/data`);
    const parts = pressureHubParts('hub-v');
    const client = await createFirecodeClient({
      url: mqttUrl(),
      gatewayId: 'hub-v',
      topicPrefix,
      components: parts.components,
      points: [...parts.points, fireContact],
      batch: { maxAgeMs: 60_000, maxReadings: 500 },
    });
    try {
      await client.whenConnected();
      const now = Date.now();
      const seconds = failure(() =>
        client.reading('riser-1-pressure', 412, { time: Math.floor(now / 1000) }),
      );
      expect(seconds.code).toBe('SCHEMA_TIME_IMPLAUSIBLE');
      expect(seconds.message).toMatch(/looks like seconds, not milliseconds: multiply by 1000/);
      const future = failure(() => client.reading('riser-1-pressure', 412, { time: Date.UTC(2100, 0, 1) }));
      expect(future.code).toBe('SCHEMA_TIME_IMPLAUSIBLE');
      expect(future.message).toMatch(/2100-01-01.*maxFutureSkewMs/);
      const eventInSeconds = failure(() => {
        void client.event({ kind: 'fire', component: 'hub-v', time: Math.floor(now / 1000) });
      });
      expect(eventInSeconds.code).toBe('SCHEMA_TIME_IMPLAUSIBLE');
      for (const value of [2, 0.5]) {
        const state = failure(() => client.reading('fire-input', value));
        expect(state.code).toBe('SCHEMA_STATE_INVALID');
        expect(state.message).toMatch(/not one of its states 0 \(normal\), 1 \(fire\)/);
      }
      const huge = failure(() => client.reading('riser-2-pressure', 1e308, { unit: 'MPa' }));
      expect(huge.code).toBe('SCHEMA_NOT_FINITE');
      expect(huge.message).toMatch(/1e\+308 MPa is Infinity kPa.*check the value and its unit/);

      client.reading('riser-1-pressure', 412, { time: now });
      client.reading('fire-input', 1, { time: now });
      await client.flush();
      await client.drained();
      await collector.until('a data batch', () => collector.messages.length >= 1);
      const catalogs = new MemoryCatalogStore();
      catalogs.add(client.catalog);
      const readings = collector.messages.flatMap((m) => {
        const decoded = decodeMessage(new Uint8Array(m.payload), { catalogs });
        return decoded.type === 'data' ? decoded.readings : [];
      });
      expect(readings).toEqual([
        { point: 'riser-1-pressure', time: now, value: 412, quality: { level: 'good' } },
        { point: 'fire-input', time: now, value: 1, quality: { level: 'good' } },
      ]);
    } finally {
      await client.close();
      await collector.stop();
    }
  });

  it('allows a larger clock skew when asked', async () => {
    const parts = pressureHubParts('hub-w');
    const now = Date.UTC(2026, 0, 1);
    const client = await createFirecodeClient({
      url: mqttUrl(),
      gatewayId: 'hub-w',
      topicPrefix: uniqueTopicPrefix('sdk-skew'),
      ...parts,
      now: () => now,
      maxFutureSkewMs: 3_600_000,
    });
    try {
      expect(client.reading('riser-1-pressure', 1, { time: now + 3_600_000 }).time).toBe(now + 3_600_000);
      expect(failure(() => client.reading('riser-1-pressure', 1, { time: now + 3_600_001 })).code).toBe(
        'SCHEMA_TIME_IMPLAUSIBLE',
      );
    } finally {
      await client.close();
    }
  });
});
