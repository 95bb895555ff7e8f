/**
 * examples/johnny-five-rig without a board: mock-firmata (the Firmata mock johnny-five's own tests use)
 * stands in for the Arduino; the rig's input adapter, its logic and the real SDK client publish to the
 * broker, and the reference ingest reads back the pressure readings and the call point's fire alarm.
 */
import { type IngestBatch, startIngest } from '@firecode/ingest';
import { createFirecodeClient } from '@firecode/sdk';
import { describe, expect, it } from 'vitest';
import { firmataInputs } from '../examples/johnny-five-rig/src/firmata-inputs.js';
import { RIG_IDS, rigCatalogParts, startPressureRig } from '../examples/johnny-five-rig/src/pressure-rig.js';
import { mockBoard } from '../examples/johnny-five-rig/src/testing/mock-board.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

describe('examples/johnny-five-rig on mock-firmata', () => {
  it('publishes the potentiometer as kPa readings and the button as a latched fire alarm', async () => {
    const topicPrefix = uniqueTopicPrefix('rig');
    const ingest = await startIngest({ url: mqttUrl(), topicPrefix });
    await ingest.connected();
    const batches: IngestBatch[] = [];
    ingest.on('batch', (batch) => batches.push(batch));

    const { io, analog, digital } = mockBoard();
    io.emit('ready');
    const client = await createFirecodeClient({
      url: mqttUrl(),
      gatewayId: 'rig-test',
      topicPrefix,
      ...rigCatalogParts(),
      thresholdEvents: false,
    });
    const rig = startPressureRig({ inputs: await firmataInputs(io), publisher: client });
    try {
      await client.whenConnected();
      for (const raw of [256, 512, 767]) analog.get(0)?.(raw);
      for (const level of [1, 0, 1]) digital.get(2)?.(level); // press and release
      await client.flush();
      await client.drained();
      for (let i = 0; i < 200 && batches.length < 2; i++) await new Promise((r) => setTimeout(r, 25));

      const readings = batches.flatMap((b) => b.readings);
      expect(readings.map((r) => [r.point, r.value, r.quality.level])).toEqual([
        [RIG_IDS.pressure, 400.4, 'good'],
        [RIG_IDS.pressure, 800.8, 'good'],
        [RIG_IDS.pressure, 1199.6, 'good'],
      ]);
      const fire = batches.find((b) => b.type === 'alarm');
      expect(fire?.events).toMatchObject([
        { kind: 'fire', active: true, component: RIG_IDS.callPoint, systemType: 1, componentType: 23 },
      ]);
    } finally {
      await rig.stop();
      await client.close();
      await ingest.close();
    }
  });
});
