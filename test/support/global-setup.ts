import { createServer, type Server } from 'node:net';
import type { TestProject } from 'vitest/node';
import { DEFAULT_MQTT_URL, isReachable } from './broker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mqttUrl: string;
    brokerKind: 'external' | 'embedded-aedes';
  }
}

let server: Server | undefined;
let closeBroker: (() => Promise<void>) | undefined;

/**
 * Tests that need a broker use MQTT_URL (default: the Mosquitto on 127.0.0.1:1883). When nothing answers
 * there, start the embedded aedes broker on a free loopback port so the suite runs anywhere.
 */
export async function setup(project: TestProject): Promise<void> {
  const wanted = process.env.MQTT_URL ?? DEFAULT_MQTT_URL;
  if (await isReachable(wanted)) {
    console.log(`[firecode tests] MQTT broker: ${wanted} (external, e.g. Mosquitto)`);
    project.provide('mqttUrl', wanted);
    project.provide('brokerKind', 'external');
    return;
  }
  const { Aedes } = await import('aedes');
  const broker = await Aedes.createBroker();
  server = createServer(broker.handle);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `mqtt://127.0.0.1:${port}`;
  console.log(`[firecode tests] nothing answered at ${wanted}; MQTT broker: embedded aedes at ${url}`);
  project.provide('mqttUrl', url);
  project.provide('brokerKind', 'embedded-aedes');
  closeBroker = () =>
    new Promise<void>((resolve) => {
      broker.close(() => server!.close(() => resolve()));
    });
}

export async function teardown(): Promise<void> {
  await closeBroker?.();
}
