/**
 * The walking skeleton end to end against the real broker: simulated building → gateway → MQTT →
 * consumer, and the published bytes read by an independent CBOR decoder (cborg) agree with ours.
 */
import { type DecodedAlarm, type DecodedData, decodeMessage, MemoryCatalogStore } from '@firecode/codec';
import { decode as cborgDecode } from 'cborg';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../examples/quick-start/src/demo.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';
import { waitFor } from './support/wait.js';

interface Received {
  topic: string;
  payload: Uint8Array;
}

describe('walking skeleton: simulator → gateway → broker → consumer', () => {
  const prefix = uniqueTopicPrefix('skeleton');
  const received: Received[] = [];
  const lines: string[] = [];
  let demo: RunningDemo;
  let subscriber: mqtt.MqttClient;
  const catalogs = new MemoryCatalogStore();

  beforeAll(async () => {
    subscriber = await mqtt.connectAsync(mqttUrl());
    subscriber.on('message', (topic, payload) => received.push({ topic, payload: new Uint8Array(payload) }));
    await subscriber.subscribeAsync(`${prefix}/+/+`, { qos: 1 });
    demo = await startDemo({
      brokerUrl: mqttUrl(),
      topicPrefix: prefix,
      fireAtSeconds: 1.5,
      logLevel: 'silent',
      print: (line) => lines.push(line),
    });
  });

  afterAll(async () => {
    await demo?.stop();
    await subscriber?.endAsync();
  });

  const decoded = () =>
    received
      .filter((m) => m.payload.length > 0)
      .map((m) => {
        const message = decodeMessage(m.payload, { catalogs });
        if (message.type === 'birth') catalogs.add(message.catalog);
        return { ...m, message };
      });

  it('delivers the fire alarm with loop, address and GB/T 26875.3 codes', async () => {
    const alarm = await waitFor(
      () =>
        decoded().find(
          (m) => m.message.type === 'alarm' && m.message.events.some((e) => e.kind === 'fire' && e.active),
        ),
      'the fire alarm',
    );
    expect(alarm.topic).toBe(`${prefix}/demo-gw/alarm`);
    const fire = (alarm.message as DecodedAlarm).events.find((e) => e.kind === 'fire')!;
    expect(fire).toMatchObject({ loop: 1, address: 23, systemType: 1, active: true, component: 'panel' });

    // The same bytes through an independent decoder: envelope and event fields agree.
    const raw = cborgDecode(alarm.payload, { useMaps: true }) as Map<number, unknown>;
    expect(raw.get(1)).toBe(2); // message type: alarm
    expect(raw.get(2)).toBe('demo-gw');
    expect(BigInt(raw.get(3) as number | bigint)).toBe((alarm.message as DecodedAlarm).sequence);
    const body = raw.get(7) as Map<number, unknown>;
    const rawEvents = body.get(2) as Map<number, unknown>[];
    const rawFire = rawEvents.find((e) => e.get(6) === 1 && e.get(7) === 23);
    expect(rawFire?.get(2)).toBe(true); // active
    expect(rawFire?.get(4)).toBe(1); // system type: fire alarm system

    await waitFor(() => lines.find((l) => /FIRE loop 1 addr 23/.test(l)), 'the consumer to print the alarm');
  });

  it('delivers pressure readings in kPa with good quality, every poll', async () => {
    const data = await waitFor(() => {
      const batches = decoded().filter(
        (m) =>
          m.message.type === 'data' &&
          (m.message as DecodedData).readings.some((r) => r.point === 'riser-2f.pressure'),
      );
      return batches.length >= 2 ? batches : undefined;
    }, 'two data batches with pressure readings');
    const birth = decoded().find((m) => m.message.type === 'birth');
    expect(birth).toBeDefined();
    const catalog = birth!.message.type === 'birth' ? birth!.message.catalog : undefined;
    const point = catalog?.points.find((p) => p.id === 'riser-2f.pressure');
    expect(point).toMatchObject({ kind: 'pressure', unit: 'kPa' });

    const readings = data
      .flatMap((m) => (m.message as DecodedData).readings)
      .filter((r) => r.point === point!.id);
    for (const reading of readings) {
      expect(reading.quality.level).toBe('good');
      expect(reading.value).toBeGreaterThan(400);
      expect(reading.value).toBeLessThanOrEqual(420);
    }

    // Independent decoder: the series values, scaled by their decimals, are the readings we decoded.
    const first = data[0]!;
    const raw = cborgDecode(first.payload, { useMaps: true }) as Map<number, unknown>;
    expect(raw.get(1)).toBe(1); // message type: data
    const series = (raw.get(7) as Map<number, unknown>).get(1) as unknown[][];
    const ours = (first.message as DecodedData).readings;
    const rawValues = series.flatMap((s) => (s[3] as number[]).map((v) => v / 10 ** (s[2] as number)));
    expect(rawValues.sort((a, b) => a - b)).toEqual(ours.map((r) => r.value as number).sort((a, b) => a - b));
  });
});
