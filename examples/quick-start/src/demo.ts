import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type RunningGateway, startGateway } from '@firecode/gateway';
import { formatEvent, formatReading, type IngestClient, startIngest } from '@firecode/ingest';
import { type EmbeddedBroker, startEmbeddedBroker } from '@firecode/simulator';
import { demoConfig } from './demo-config.js';
import { startDemoPlatform } from './demo-platform.js';
import { type SimulatedBuilding, startSimulatedBuilding } from './simulated-building.js';

/** How long the gateway waits for the platform's ingest to subscribe before starting anyway. */
const SUBSCRIBE_BOUND_MS = 8000;

export interface DemoOptions {
  /** A broker to use instead of the embedded one (e.g. the Mosquitto at mqtt://127.0.0.1:1883). */
  brokerUrl?: string;
  /** Each line the consumer prints. */
  print: (line: string) => void;
  /** Gateway log level (its JSON logs go to stderr). Default `error`: the demo prints its own lines. */
  logLevel?: 'info' | 'warn' | 'error' | 'silent';
  fireAtSeconds?: number;
  topicPrefix?: string;
  /** Where the status page listens (default 127.0.0.1:8080; a free port when that one is taken). */
  httpHost?: string;
  httpPort?: number;
}

export interface RunningDemo {
  brokerUrl: string;
  /** The status page's URL, once the database and the page are up (a few seconds after start). */
  statusUrl: Promise<string>;
  /** Raises the demo's fire now, whatever the scenario's time for it. */
  raiseFire(): void;
  stop(): Promise<void>;
}

/**
 * The demo building end to end: simulated devices → gateway → MQTT broker → a consumer that decodes the
 * CBOR batches and prints readable lines. Every stage is the real one.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    let broker: EmbeddedBroker | undefined;
    if (!options.brokerUrl) {
      broker = await startEmbeddedBroker();
      cleanups.push(() => broker!.close());
    }
    const brokerUrl = options.brokerUrl ?? broker!.url;
    const topicPrefix = options.topicPrefix ?? 'firecode-demo';

    const building: SimulatedBuilding = await startSimulatedBuilding({
      fireAtSeconds: options.fireAtSeconds ?? 5,
      startKpa: 420,
      sagKpaPerSecond: 0.8,
      onScenarioStep: (what) => options.print(`${clock()} [simulator] ${what}`),
    });
    cleanups.push(() => building.close());

    const ingest: IngestClient = await startIngest({ url: brokerUrl, topicPrefix });
    cleanups.push(() => ingest.close());
    ingest.on('batch', (batch) => {
      for (const event of batch.events) options.print(formatEvent(event, batch.catalog));
      for (const reading of batch.readings) options.print(formatReading(reading, batch.catalog));
    });
    ingest.on('offline', (url, error, retryInMs) =>
      options.print(
        `${clock()} [consumer] cannot reach the broker at ${url} (${error?.message ?? 'connection closed'}); retrying in ${retryInMs / 1000} s`,
      ),
    );
    ingest.on('rejected', (topic, error) =>
      options.print(`${clock()} [consumer] rejected ${topic}: ${error.message}`),
    );

    // The platform side: batches stored in PGlite, the building's status colour on a web page.
    const platform = startDemoPlatform({
      brokerUrl,
      embeddedBroker: broker !== undefined,
      topicPrefix,
      httpHost: options.httpHost ?? '127.0.0.1',
      httpPort: options.httpPort ?? 8080,
      print: (line) => options.print(line.replace(/^/gm, `${clock()} `)),
    });
    // Stopping the platform thread starts first and runs beside the rest (see below).
    let platformClosing: Promise<void> | undefined;
    cleanups.push(() => platformClosing ?? platform.close());
    let stopping = false;
    platform.ready.catch((error: unknown) => {
      if (!stopping) options.print(`${clock()} [ingest] the status page did not start: ${String(error)}`);
    });
    await Promise.race([
      platform.subscribed,
      new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_BOUND_MS)),
    ]);

    const outboxDir = await mkdtemp(join(tmpdir(), 'firecode-demo-outbox-'));
    cleanups.push(() => rm(outboxDir, { recursive: true, force: true }));
    const config = demoConfig({
      brokerUrl,
      topicPrefix,
      simulatorHost: building.host,
      simulatorPort: building.port,
      outboxDir,
    });
    const logger = createLogger({ level: options.logLevel ?? 'error', destination: process.stderr });
    const gateway: RunningGateway = await startGateway(config, { logger });
    cleanups.push(() => gateway.stop());
    cleanups.push(async () => {
      stopping = true;
      platformClosing = platform.close();
    });
    gateway.uplink.on('offline', (info) =>
      options.print(
        `${clock()} [gateway] ${info.error?.message ?? `lost the connection to ${info.url}`} — data waits in the outbox; next try in ${(info.retryInMs / 1000).toFixed(1)} s`,
      ),
    );

    options.print(
      [
        `Firecode demo building ${config.building.id} — every stage real:`,
        `  simulator  Modbus TCP on ${building.host}:${building.port} (unit 1 MPD-380 pressure transmitter, unit 2 GST panel)`,
        `  gateway    ${config.gateway.id}: polls both, normalizes, batches, sends alarms at once`,
        `  broker     ${brokerUrl}${broker ? ' (embedded aedes)' : ''}, topics ${topicPrefix}/${config.gateway.id}/…`,
        `  consumer   decodes the CBOR batches and prints them below`,
        `  ingest     stores every batch in PGlite and serves the building status page (its URL follows)`,
        `The pipe pressure sags slowly; a fire alarm comes at about ${options.fireAtSeconds ?? 5} s. Ctrl-C stops.`,
      ].join('\n'),
    );
    return { brokerUrl, statusUrl: platform.ready, raiseFire: () => building.raiseFire(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}
