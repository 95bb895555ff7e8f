/**
 * The gateway's publish stage puts the same wire on the broker as the SDK's client (which runs the same
 * suite): see describePublisherConformance in @firecode/uplink/testing.
 */
import { describePublisherConformance } from '@firecode/uplink/testing';
import { parseConfig } from '../../../config/parse.js';
import { createLogger } from '../../../observability/logger.js';
import { createPublishStage } from './publish-stage.js';

describePublisherConformance('gateway publish stage', async (fixture) => {
  const config = parseConfig(
    `building: { id: b-conformance, name: Conformance tower }
gateway: { id: ${fixture.gatewayId} }
buses: []
panels: [{ id: fap, protocol: ld128e, path: /dev/null, enabled: false }]
uplink: { url: '${fixture.url}', topicPrefix: '${fixture.topicPrefix}', outbox: { path: ':memory:' } }
batch: { maxReadings: ${fixture.batch.maxReadings}, maxAgeMs: ${fixture.batch.maxAgeMs} }
metrics: { enabled: false }
`,
    'conformance.yaml',
  );
  const stage = await createPublishStage({
    config,
    catalog: () => fixture.catalog,
    logger: createLogger({ level: 'silent' }),
    now: Date.now,
    outbox: fixture.outbox,
    connect: fixture.connect,
  });
  stage.start();
  return {
    addReadings: (readings) => stage.readings(readings),
    event: (event) => stage.events([event]),
    flush: () => stage.publisher.flush(),
    close: () => stage.stop(2000),
  };
});
