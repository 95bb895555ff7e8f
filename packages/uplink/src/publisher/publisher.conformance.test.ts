/**
 * The bare Publisher against the conformance suite its facades (the SDK's client, the gateway's publish
 * stage) also run: what they add must not change the wire.
 */
import { describePublisherConformance } from '../testing/describe-publisher.js';
import { Publisher } from './publisher.js';

describePublisherConformance('Publisher', async (fixture) => {
  const publisher = new Publisher({
    outbox: fixture.outbox,
    catalog: fixture.catalog,
    uplink: {
      url: fixture.url,
      clientId: `firecode-${fixture.gatewayId}`,
      topicPrefix: fixture.topicPrefix,
      connect: fixture.connect,
    },
    batch: fixture.batch,
  }).start();
  return {
    addReadings: (readings) => publisher.addReadings(readings),
    event: (event) => publisher.publishEvent(event),
    flush: () => publisher.flush(),
    close: async () => {
      await publisher.close();
    },
  };
});
