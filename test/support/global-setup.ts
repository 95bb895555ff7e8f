import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { DEFAULT_MQTT_URL, isReachable } from './broker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mqttUrl: string;
    brokerKind: 'external' | 'embedded-aedes';
  }
}

let closeBroker: (() => Promise<void>) | undefined;

/**
 * Tests that need a broker use MQTT_URL (default: the Mosquitto on 127.0.0.1:1883). When nothing answers
 * there, start the embedded aedes broker on a free loopback port so the suite runs anywhere.
 */
export async function setup(project: TestProject): Promise<void> {
  reportMissingTools();
  const wanted = process.env.MQTT_URL ?? DEFAULT_MQTT_URL;
  if (await isReachable(wanted)) {
    console.log(`[firecode tests] MQTT broker: ${wanted} (external, e.g. Mosquitto)`);
    project.provide('mqttUrl', wanted);
    project.provide('brokerKind', 'external');
    return;
  }
  const { startEmbeddedBroker } = await import('@firecode/simulator');
  const broker = await startEmbeddedBroker();
  console.log(`[firecode tests] nothing answered at ${wanted}; MQTT broker: embedded aedes at ${broker.url}`);
  project.provide('mqttUrl', broker.url);
  project.provide('brokerKind', 'embedded-aedes');
  closeBroker = broker.close;
}

export async function teardown(): Promise<void> {
  await closeBroker?.();
}

/** Tools some tests need; where one is missing those tests skip, and this says so once, up front. */
const OPTIONAL_TOOLS = [
  { command: 'mosquitto', args: ['-h'], needed: 'tests that run a private broker (outage, TLS, login, ACL)' },
  { command: 'socat', args: ['-V'], needed: 'tests on virtual serial lines (pty pairs)' },
  { command: 'mbpoll', args: ['-V'], needed: 'interop tests with a third-party Modbus master' },
] as const;

function reportMissingTools(): void {
  for (const tool of OPTIONAL_TOOLS) {
    if (spawnSync(tool.command, tool.args).error === undefined) continue;
    console.log(
      `[firecode tests] ${tool.command} is not installed: skipping ${tool.needed} (apt-get install ${tool.command})`,
    );
  }
}
