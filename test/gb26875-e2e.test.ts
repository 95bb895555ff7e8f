/**
 * Done when (issue 13): a gateway configured with both uplinks, pointed at the simulated centre and the
 * machine's MQTT broker, delivers a simulated fire alarm to both. A simulated fire panel (a GST panel's
 * Modbus interface) raises a fire at loop 1 address 23 → the real gateway runtime polls it → the
 * simulated GB/T 26875.3 centre gets a confirmed component-status unit with the fire bit, AND the
 * broker (own topic prefix) gets the CBOR alarm.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DecodedAlarm, decodeMessage, MemoryCatalogStore } from '@firecode/codec';
import { createLogger, parseConfig, type RunningGateway, startGateway } from '@firecode/gateway';
import { CentreSimulator, TypeFlag } from '@firecode/gb26875';
import { type BuildingSimulator, buildingSimulator } from '@firecode/simulator';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';
import { waitFor } from './support/wait.js';

const FIRE = { loop: 1, address: 23 } as const;

describe('fire panel → gateway → GB/T 26875.3 centre and MQTT', () => {
  const prefix = uniqueTopicPrefix('gb26875-e2e');
  const dir = mkdtempSync(join(tmpdir(), 'firecode-gb26875-e2e-'));
  const received: { topic: string; payload: Uint8Array }[] = [];
  let building: BuildingSimulator;
  let centre: CentreSimulator;
  let gateway: RunningGateway;
  let subscriber: mqtt.MqttClient;

  beforeAll(async () => {
    building = await buildingSimulator({
      name: 'e2e tower',
      lines: [
        {
          name: 'line',
          tcp: '127.0.0.1:0',
          devices: [{ name: 'panel', unit: 2, profile: 'gst-modbus-panel' }],
        },
      ],
    });
    const [host, port] = building.endpoints[0]!.address.split(':');
    centre = await CentreSimulator.start();
    subscriber = await mqtt.connectAsync(mqttUrl());
    subscriber.on('message', (topic, payload) => received.push({ topic, payload: new Uint8Array(payload) }));
    await subscriber.subscribeAsync(`${prefix}/#`, { qos: 1 });
    const config = parseConfig(
      `building: { id: B-E2E, name: E2E Tower }
gateway: { id: e2e-gw }
buses: [{ id: line, kind: tcp, host: ${host}, port: ${port}, timeoutMs: 500 }]
devices:
  - id: panel
    bus: line
    unit: 2
    profile: gst-modbus-panel
    pollIntervalMs: 200
    loops: [${FIRE.loop}]
    panelPoints:
      - { loop: ${FIRE.loop}, address: ${FIRE.address}, type: smoke-detector, location: 2F corridor }
uplink:
  url: ${mqttUrl()}
  topicPrefix: ${prefix}
  outbox: { path: ${JSON.stringify(join(dir, 'outbox'))}, fsync: false }
uplinks:
  gb26875:
    host: 127.0.0.1
    port: ${centre.port}
    sourceAddress: 110105000001
    timeoutMs: 2000
metrics: { enabled: false }
`,
      join(dir, 'gw.yaml'),
    );
    gateway = await startGateway(config, { logger: createLogger({ level: 'silent' }) });
  });

  afterAll(async () => {
    await gateway?.stop();
    await subscriber?.endAsync();
    await centre?.close();
    await building?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers the fire alarm to both the centre (confirmed) and the broker', async () => {
    await waitFor(() => (centre.connections === 1 ? true : undefined), 'the gateway to dial the centre');
    building.devices.get('panel')!.setPanelPoint(FIRE.loop, FIRE.address, 'fire');

    const unit = await waitFor(
      () =>
        centre.uploads().find((r) => {
          if (r.answer !== 'confirm' || r.adu?.type !== TypeFlag.componentStatus) return false;
          return r.adu.objects.some(
            (o) => o.componentAddress === FIRE.loop * 65536 + FIRE.address && (o.status & 0b10) !== 0,
          );
        }),
      'the confirmed fire unit at the centre',
    );
    const object = (unit.adu as unknown as { objects: Record<string, unknown>[] }).objects.find(
      (o) => o['componentAddress'] === FIRE.loop * 65536 + FIRE.address,
    )!;
    expect(object).toMatchObject({ systemType: 1, componentType: 40, description: '2F corridor' });
    expect(unit.frame.source).toBe(110105000001);

    const catalogs = new MemoryCatalogStore();
    const alarm = await waitFor(() => {
      for (const m of received) {
        if (m.payload.length === 0) continue;
        const message = decodeMessage(m.payload, { catalogs });
        if (message.type === 'birth') catalogs.add(message.catalog);
        if (message.type === 'alarm' && message.events.some((e) => e.kind === 'fire' && e.active))
          return { topic: m.topic, message: message as DecodedAlarm };
      }
      return undefined;
    }, 'the CBOR fire alarm on the broker');
    expect(alarm.topic).toBe(`${prefix}/e2e-gw/alarm`);
    expect(alarm.message.events.find((e) => e.kind === 'fire')).toMatchObject({
      loop: FIRE.loop,
      address: FIRE.address,
      systemType: 1,
    });
    expect(gateway.status().health.checks['gb26875']).toMatchObject({ ok: true });
  });
});
