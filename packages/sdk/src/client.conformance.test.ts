/**
 * The SDK's client puts the same wire on the broker as every other sending side (the gateway's
 * publish stage runs the same suite): see describePublisherConformance in @firecode/uplink/testing.
 */
import { describePublisherConformance } from '@firecode/uplink/testing';
import { createFirecodeClient } from './client.js';

describePublisherConformance('SDK FirecodeClient', async (fixture) => {
  const client = await createFirecodeClient({
    url: fixture.url,
    connect: fixture.connect,
    gatewayId: fixture.gatewayId,
    topicPrefix: fixture.topicPrefix,
    catalog: fixture.catalog,
    outbox: fixture.outbox,
    batch: fixture.batch,
    // The suite's events are the only ones: no threshold crossings of the client's own.
    thresholdEvents: false,
  });
  return {
    addReadings(readings) {
      for (const { point, value, time, quality } of readings) client.reading(point, value, { time, quality });
    },
    event: (event) => client.event(event),
    flush: () => client.flush(),
    close: async () => {
      await client.close();
    },
  };
});
