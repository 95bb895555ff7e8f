/**
 * One set of defaults: a vendor's device on the SDK and an integrator's gateway, both configured with
 * nothing but a broker and an id, publish under the same topics with the same client id scheme, keep
 * alive, batching and limits — the values of PUBLISHER_DEFAULTS / PUBLISHER_LIMITS in @firecode/uplink
 * (docs/uplink.md, "Defaults"). Compared through what each side actually hands its uplink, and the
 * topics of a real running SDK client and gateway.
 */
import { createLogger, parseConfig, startGateway } from '@firecode/gateway';
import { createFirecodeClient } from '@firecode/sdk';
import { pressureHubParts } from '@firecode/sdk/testing';
import {
  defaultClientId,
  MemoryOutbox,
  PUBLISHER_DEFAULTS,
  PUBLISHER_LIMITS,
  resolveBatchOptions,
} from '@firecode/uplink';
import { describe, expect, it } from 'vitest';
import { uplinkOptionsFrom } from '../packages/gateway/src/runtime/stages/publish/uplink-options.js';
import { uplinkSettings } from '../packages/sdk/src/options.js';
import { mqttUrl } from './support/mqtt.js';

const ID = 'defaults-probe';

function gatewayConfig(extra = '') {
  return parseConfig(
    `building: { id: b-1, name: B }
gateway: { id: ${ID} }
buses: []
panels: [{ id: fap, protocol: ld128e, path: /dev/null, enabled: false }]
uplink: { url: '${mqttUrl()}', outbox: { path: ':memory:' } }
metrics: { enabled: false }
${extra}`,
    'gateway.yaml',
  );
}

describe('SDK and gateway defaults', () => {
  it('are the same: topic prefix, client id, keep alive, batch age and size', () => {
    const config = gatewayConfig();
    const gateway = uplinkOptionsFrom(config);
    const sdk = uplinkSettings({ url: mqttUrl(), gatewayId: ID });
    const pick = (o: typeof sdk) => ({
      clientId: o.clientId,
      topicPrefix: o.topicPrefix,
      keepaliveSeconds: o.keepaliveSeconds,
    });
    expect(pick(sdk)).toEqual(pick(gateway));
    expect(pick(sdk)).toEqual({
      clientId: defaultClientId(ID),
      topicPrefix: PUBLISHER_DEFAULTS.topicPrefix,
      keepaliveSeconds: PUBLISHER_DEFAULTS.keepaliveSeconds,
    });
    expect(resolveBatchOptions()).toEqual(config.batch);
    expect(config.batch).toEqual(PUBLISHER_DEFAULTS.batch);
  });

  it('have the same limits: what one accepts the other accepts', () => {
    const { batchMaxReadings, batchMaxAgeMs } = PUBLISHER_LIMITS;
    for (const maxReadings of [batchMaxReadings.max, batchMaxReadings.max + 1]) {
      for (const maxAgeMs of [batchMaxAgeMs.min - 1, batchMaxAgeMs.min]) {
        const batch = { maxReadings, maxAgeMs };
        const sdkAccepts = (() => {
          try {
            resolveBatchOptions(batch);
            return true;
          } catch {
            return false;
          }
        })();
        const gatewayAccepts = (() => {
          try {
            gatewayConfig(`batch: { maxReadings: ${maxReadings}, maxAgeMs: ${maxAgeMs} }`);
            return true;
          } catch {
            return false;
          }
        })();
        expect({ batch, sdkAccepts }).toEqual({ batch, sdkAccepts: gatewayAccepts });
      }
    }
  });

  it('put a running SDK client and a running gateway under the same default topics', async () => {
    const client = await createFirecodeClient({
      url: mqttUrl(),
      gatewayId: ID,
      ...pressureHubParts(ID),
      closeTimeoutMs: 0,
    });
    const gateway = await startGateway(gatewayConfig(), {
      logger: createLogger({ level: 'silent' }),
      outbox: new MemoryOutbox(),
    });
    try {
      expect(client.topics).toEqual(gateway.uplink.topics);
      expect(client.topics.data).toBe(`${PUBLISHER_DEFAULTS.topicPrefix}/${ID}/data`);
    } finally {
      await gateway.stop();
      await client.close();
    }
  });
});
