/**
 * A vendor's program: publishes the pressure hub's readings and its sensor-fault events through
 * @firecode/sdk. Settings from the environment:
 *   FIRECODE_URL      broker (default mqtt://127.0.0.1:1883)
 *   FIRECODE_PREFIX   topic prefix (default firecode/v1)
 *   HUB_ID            gateway id (default ph-0042)
 *   HUB_OUTBOX        directory of the disk outbox (default ./hub-outbox): what the broker has not
 *                     acknowledged survives a restart or a power cut and is sent then
 *   HUB_INTERVAL_MS   sampling period (default 1000)
 *   HUB_SAMPLES       stop after this many samples (default: run until Ctrl-C)
 */
import { createFirecodeClient, isFirecodeError } from '@firecode/sdk';
import { HUB_COMPONENTS, HUB_POINTS, readSensor } from './pressure-hub.js';

const env = process.env;
const intervalMs = Number(env.HUB_INTERVAL_MS ?? 1000);
const samples = env.HUB_SAMPLES === undefined ? Number.POSITIVE_INFINITY : Number(env.HUB_SAMPLES);
const hubId = env.HUB_ID ?? 'ph-0042';

const client = await createFirecodeClient({
  url: env.FIRECODE_URL ?? 'mqtt://127.0.0.1:1883',
  gatewayId: hubId,
  topicPrefix: env.FIRECODE_PREFIX ?? 'firecode/v1',
  components: HUB_COMPONENTS.map((c) => ({ ...c, id: hubId })),
  points: HUB_POINTS.map((p) => ({ ...p, component: hubId })),
  // On disk, so that a fire alarm raised while the broker is away survives the program's restart.
  outbox: { dir: env.HUB_OUTBOX ?? './hub-outbox' },
  batch: { maxAgeMs: Math.max(intervalMs * 5, 200), maxReadings: 300 },
});
client.on('connect', (info) =>
  console.log(`connected to ${info.url} (MQTT ${info.protocolVersion === 5 ? '5' : '3.1.1'})`),
);
client.on('offline', (info) =>
  console.log(
    `offline: ${info.error?.message ?? 'connection lost'}; retrying in ${info.retryInMs} ms (readings are kept)`,
  ),
);
client.on('drop', (report) =>
  console.log(`outbox ${report.reason}: ${report.messages} ${report.cls} message(s)`),
);
client.on('error', (error) => console.log(`error: ${error.message}`));

const faulty = new Set<number>();
let tick = 0;
const sample = (): void => {
  for (const riser of [1, 2, 3]) {
    const point = `riser-${riser}-pressure`;
    const mpa = readSensor(riser, tick);
    if (mpa === undefined) {
      client.reading(point, null, { quality: { level: 'bad', reason: 'sensor-fault' } });
      if (!faulty.has(riser)) {
        faulty.add(riser);
        console.log(`${point}: sensor fault`);
        void client.event({
          kind: 'fault',
          component: hubId,
          point,
          description: `riser ${riser} sensor not answering`,
        });
      }
      continue;
    }
    // The transmitters report MPa; the SDK converts to the point's kPa.
    const reading = client.reading(point, mpa, { unit: 'MPa' });
    console.log(`${point} ${reading.value} kPa ${reading.quality.level}`);
    if (faulty.delete(riser)) {
      console.log(`${point}: sensor back`);
      void client.event({ kind: 'fault', active: false, component: hubId, point });
    }
  }
  tick++;
};

let stopping = false;
const stop = async (signal: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  // Sends what is pending, waits briefly for the broker, publishes "offline"; says what did not go.
  const closed = await client.close();
  const stats = client.stats();
  console.log(
    `stopped (${signal}): ${stats.readings} readings in ${stats.batches} batches, ${stats.events} events, ${stats.uplink.delivered} messages delivered`,
  );
  if (!closed.delivered) {
    console.log(`${closed.kept} message(s) kept in the outbox for the next start, ${closed.lost} lost`);
  }
  process.exit(0);
};

const timer = setInterval(() => {
  try {
    sample();
  } catch (error) {
    // A reading the SDK refuses is a bug in this program: say which and keep sampling.
    console.log(isFirecodeError(error) ? `${error.code}: ${error.message}` : String(error));
  }
  if (tick >= samples) void stop('done');
}, intervalMs);
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
console.log(`pressure hub ${hubId}: 3 risers every ${intervalMs} ms`);
