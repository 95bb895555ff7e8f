/**
 * The spec cannot drift: the batch status table of docs/wire-format.md must list exactly the codec's
 * BATCH_STATUS_FIELDS (name, type, presence), and every data batch a real gateway and a real SDK
 * client publish through the broker must carry exactly those fields, with those types.
 */
import { readFileSync } from 'node:fs';
import { BATCH_STATUS_FIELDS, decodeMessage, MemoryCatalogStore } from '@firecode/codec';
import { createLogger, parseConfig, startGateway } from '@firecode/gateway';
import { createFirecodeClient } from '@firecode/sdk';
import { pressureHubParts } from '@firecode/sdk/testing';
import { MemoryOutbox } from '@firecode/uplink';
import { describe, expect, it } from 'vitest';
import { createMemoryPanelPorts } from '../packages/gateway/src/runtime/stages/panels/panel-port.js';
import { MessageCollector, type ReceivedMessage } from '../packages/uplink/src/testing/message-collector.js';
import { mqttUrl, uniqueTopicPrefix } from './support/mqtt.js';

/** The rows of the "Batch status" table: field, type, presence. */
function documentedFields(): { name: string; type: string; presence: string }[] {
  const doc = readFileSync(new URL('../docs/wire-format.md', import.meta.url), 'utf8');
  const start = doc.indexOf('### Batch status');
  expect(start, 'docs/wire-format.md has a "### Batch status" section').toBeGreaterThan(0);
  // The section's first table: from its header to the first line that is not a table row.
  const lines = doc.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, i) => i > first && !line.startsWith('|'));
  const rows = lines.slice(first, end).filter((line) => /^\| `[^`]+` \|/.test(line));
  return rows.map((row) => {
    const [name = '', type = '', presence = ''] = row
      .split('|')
      .slice(1)
      .map((cell) => cell.trim());
    return { name: name.replaceAll('`', ''), type, presence };
  });
}

/** Checks one decoded status against the field list; returns the names it carried. */
function checkStatus(status: Readonly<Record<string, unknown>> | undefined, from: string): string[] {
  expect(status, `${from}: a data batch carries a status`).toBeDefined();
  const names = Object.keys(status ?? {});
  const known = new Map(BATCH_STATUS_FIELDS.map((f) => [f.name as string, f]));
  for (const name of names) {
    expect(known.has(name), `${from}: status field "${name}" is in the spec`).toBe(true);
    const value = status?.[name];
    expect(Number.isSafeInteger(value) && (value as number) >= 0, `${from}: ${name} is a uint`).toBe(true);
  }
  for (const field of BATCH_STATUS_FIELDS.filter((f) => f.presence === 'always')) {
    expect(names, `${from}: carries ${field.name} always`).toContain(field.name);
  }
  return names;
}

function dataBatches(messages: readonly ReceivedMessage[]) {
  const catalogs = new MemoryCatalogStore();
  for (const m of messages.filter((m) => m.topic.endsWith('/birth'))) {
    const birth = decodeMessage(new Uint8Array(m.payload));
    if (birth.type === 'birth') catalogs.add(birth.catalog);
  }
  return messages
    .filter((m) => m.topic.endsWith('/data'))
    .map((m) => decodeMessage(new Uint8Array(m.payload), { catalogs }))
    .flatMap((d) => (d.type === 'data' ? [d] : []));
}

describe('the batch status spec', () => {
  it('docs/wire-format.md lists exactly the codec fields', () => {
    expect(documentedFields()).toEqual(
      BATCH_STATUS_FIELDS.map((f) => ({ name: f.name, type: f.type, presence: f.presence })),
    );
  });

  it('matches what a real SDK client publishes', async () => {
    const topicPrefix = uniqueTopicPrefix('status-spec-sdk');
    const collector = await MessageCollector.start(mqttUrl(), `${topicPrefix}/#`);
    const client = await createFirecodeClient({
      url: mqttUrl(),
      gatewayId: 'hub-spec',
      topicPrefix,
      ...pressureHubParts('hub-spec'),
    });
    try {
      await client.whenConnected();
      client.reading('riser-1-pressure', 410);
      await client.flush();
      await client.drained();
      await collector.until('a data batch', () => dataBatches(collector.messages).length >= 1);
      for (const batch of dataBatches(collector.messages)) checkStatus(batch.status, 'SDK');
    } finally {
      await client.close();
      await collector.stop();
    }
  });

  it('matches what a real gateway publishes', async () => {
    const topicPrefix = uniqueTopicPrefix('status-spec-gw');
    const collector = await MessageCollector.start(mqttUrl(), `${topicPrefix}/#`);
    // A panel whose port is gone: the gateway reports it offline with a status-only batch.
    const ports = createMemoryPanelPorts();
    ports.vanish();
    const config = parseConfig(
      `building: { id: b-1, name: B }
gateway: { id: gw-spec }
buses: []
panels: [{ id: fap, protocol: ld128e, path: /dev/ttyFAKE }]
uplink: { url: '${mqttUrl()}', topicPrefix: ${topicPrefix}, outbox: { path: ':memory:' } }
metrics: { enabled: false }
`,
      'gateway.yaml',
    );
    const gateway = await startGateway(config, {
      logger: createLogger({ level: 'silent' }),
      outbox: new MemoryOutbox(),
      openPanelPort: ports.open,
    });
    try {
      await collector.until('a data batch', () => dataBatches(collector.messages).length >= 1);
      for (const batch of dataBatches(collector.messages)) checkStatus(batch.status, 'gateway');
    } finally {
      await gateway.stop();
      await collector.stop();
    }
  });
});
