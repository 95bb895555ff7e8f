/**
 * The real serial path without hardware: a socat pty pair is the RS-485 cable; the simulator serves an
 * MPD-380 pressure transmitter as a Modbus RTU slave on one end (serialport 13), the gateway polls it
 * on the other end (serialport 13), and a consumer prints the decoded readings from the broker.
 *
 * Environment: MQTT_URL (default: an embedded broker), FIRECODE_PREFIX (default firecode-rtu-example).
 * Options: --duration <s> stops by itself. Ctrl-C stops. Needs socat (apt-get install socat).
 */
import { createLogger, startGateway } from '@firecode/gateway';
import { formatReading, startIngest } from '@firecode/ingest';
import {
  openPtyPair,
  ProfileDevice,
  socatAvailable,
  startEmbeddedBroker,
  startRtuSlave,
} from '@firecode/simulator';
import { rtuConfig } from './rtu-config.js';

const BAUD = 9600;
const UNIT = 1;

if (!socatAvailable()) {
  console.error('this example needs socat for the virtual serial cable: apt-get install socat');
  process.exit(2);
}
const at = process.argv.indexOf('--duration');
const durationS = at < 0 ? undefined : Number(process.argv[at + 1]);
if (durationS !== undefined && !(durationS > 0)) {
  console.error(
    `--duration takes a number of seconds, e.g. --duration 10 (got "${process.argv[at + 1] ?? ''}")`,
  );
  process.exit(2);
}

const cleanups: (() => Promise<void>)[] = [];
const stopAll = async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
};

try {
  const cable = await openPtyPair();
  cleanups.push(() => cable.close());
  const transmitter = new ProfileDevice('mpd-380');
  let kpa = 420;
  transmitter.setPoint('pressure', kpa);
  // Timing on: a pty delivers at memory speed, so the slave paces its answers as a 9600 baud line would.
  const slave = await startRtuSlave({
    path: cable.slavePath,
    baudRate: BAUD,
    units: { [UNIT]: transmitter },
    timing: true,
  });
  cleanups.push(() => slave.close());
  const drift = setInterval(() => {
    kpa += Math.round(Math.random() * 6 - 3);
    transmitter.setPoint('pressure', kpa);
  }, 500);
  cleanups.push(async () => clearInterval(drift));

  let brokerUrl = process.env.MQTT_URL;
  if (!brokerUrl) {
    const broker = await startEmbeddedBroker();
    cleanups.push(() => broker.close());
    brokerUrl = broker.url;
  }
  const topicPrefix = process.env.FIRECODE_PREFIX ?? 'firecode-rtu-example';
  const ingest = await startIngest({ url: brokerUrl, topicPrefix });
  cleanups.push(() => ingest.close());
  ingest.on('batch', (batch) => {
    for (const reading of batch.readings) console.log(formatReading(reading, batch.catalog));
  });
  await ingest.connected();

  const config = rtuConfig({ serialPath: cable.masterPath, baud: BAUD, unit: UNIT, brokerUrl, topicPrefix });
  const gateway = await startGateway(config, {
    logger: createLogger({ level: 'warn', destination: process.stderr }),
  });
  cleanups.push(() => gateway.stop());
  console.log(
    [
      'Modbus RTU over a virtual serial cable (socat pty pair):',
      `  simulator  MPD-380 pressure transmitter, unit ${UNIT}, on ${cable.slavePath} at ${BAUD} baud`,
      `  gateway    ${config.gateway.id} polls ${cable.masterPath} (bus rs485-1, kind rtu)`,
      `  broker     ${brokerUrl}${process.env.MQTT_URL ? '' : ' (embedded aedes)'}, readings printed below`,
    ].join('\n'),
  );
} catch (error) {
  console.error(`rtu-virtual-serial failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll();
  process.exit(1);
}

let stopping = false;
const stop = async (why: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${why}: stopping`);
  await stopAll();
  console.log('stopped cleanly.');
  process.exit(0);
};
process.once('SIGINT', () => void stop('Ctrl-C'));
process.once('SIGTERM', () => void stop('SIGTERM'));
if (durationS !== undefined) setTimeout(() => void stop(`${durationS} s elapsed`), durationS * 1000);
