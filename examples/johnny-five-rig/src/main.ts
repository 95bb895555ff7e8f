/**
 * The hardware-in-loop rig: an Arduino Uno with StandardFirmata, a potentiometer on A0 standing in for a
 * pressure transmitter, a button on pin 2 standing in for a manual call point, published through
 * @firecode/sdk. Wiring and parts: hardware/rigs/johnny-five-pressure/.
 *
 * Environment:
 *   RIG_PORT       serial port of the Arduino (required), e.g. /dev/ttyACM0
 *   RIG_DRIVER     johnny-five (default: its Board, Sensor and Button) or firmata (the IO plugin directly)
 *   FIRECODE_URL   broker (default mqtt://127.0.0.1:1883)
 *   FIRECODE_PREFIX topic prefix (default firecode/v1)
 *   RIG_ID         gateway id (default rig-0001)
 *   RIG_OUTBOX     directory of a disk outbox (default: in memory)
 */
import { createFirecodeClient } from '@firecode/sdk';
import { firmataInputs } from './firmata-inputs.js';
import { johnnyFiveInputs } from './johnny-five-inputs.js';
import { openFirmataBoard } from './open-firmata-board.js';
import { rigCatalogParts, startPressureRig } from './pressure-rig.js';
import type { RigInputs } from './rig-inputs.js';

const env = process.env;
const path = env.RIG_PORT;
if (!path) {
  console.error(
    'set RIG_PORT to the Arduino serial port, e.g. RIG_PORT=/dev/ttyACM0 (see hardware/rigs/johnny-five-pressure)',
  );
  process.exit(2);
}
const driver = env.RIG_DRIVER ?? 'johnny-five';
if (driver !== 'johnny-five' && driver !== 'firmata') {
  console.error(`RIG_DRIVER must be johnny-five (the default) or firmata, got "${driver}"`);
  process.exit(2);
}

const client = await createFirecodeClient({
  url: env.FIRECODE_URL ?? 'mqtt://127.0.0.1:1883',
  gatewayId: env.RIG_ID ?? 'rig-0001',
  topicPrefix: env.FIRECODE_PREFIX ?? 'firecode/v1',
  ...rigCatalogParts(),
  outbox: env.RIG_OUTBOX ? { dir: env.RIG_OUTBOX } : 'memory',
  batch: { maxAgeMs: 1000, maxReadings: 200 },
});
client.on('connect', (info) => console.log(`connected to ${info.url}`));
client.on('offline', (info) =>
  console.log(`offline (${info.error?.message ?? 'connection lost'}); readings are kept`),
);
client.on('drop', (report) =>
  console.log(`outbox ${report.reason}: ${report.messages} ${report.cls} message(s)`),
);

console.log(`opening the Arduino on ${path} (StandardFirmata, 57600 baud) with the ${driver} driver…`);
// Both drivers use the same IO plugin: firmata-io over serialport 13, no native compile.
const io = openFirmataBoard(path);
// A USB cable pulled or a board reset: firmata-io reports it as an `error` (which, with no listener,
// would end the process with a stack trace) and/or a `close`. Listened to from the moment the port
// opens, for the life of the process (a pull can land while the rig is still starting or stopping);
// what to do about it depends on how far the rig got (see lostBoard below).
let onBoardLost = (_why: string): void => {};
io.on('error', (error: Error) => onBoardLost(error.message));
io.on('close', () => onBoardLost('its serial port closed'));
let inputs: RigInputs;
try {
  inputs = driver === 'johnny-five' ? await johnnyFiveInputs(io) : await firmataInputs(io);
} catch (error) {
  console.error(`could not start the rig on ${path}: ${(error as Error).message}`);
  await client.close();
  process.exit(1);
}
const rig = startPressureRig({ inputs, publisher: client, onPublish: (line) => console.log(line) });
console.log(
  'turn the potentiometer; press the button to raise a fire alarm, press again to reset. Ctrl-C stops.',
);

let stopping = false;
const stop = async (code = 0): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await rig.stop();
  await client.close();
  console.log(`stopped: ${rig.counts.readings} readings, ${rig.counts.events} call-point events`);
  process.exit(code);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
// Lost while running: say what happened, send what was already read, and exit 1 so a supervisor or
// the developer starts the rig again. (Before this, a lost board fails the driver's start-up.)
const lostBoard = (why: string) => {
  if (stopping) return;
  console.error(
    `lost the Arduino on ${path}: ${why}. What was read so far is sent; reconnect it and start the rig again.`,
  );
  void stop(1);
};
onBoardLost = lostBoard;
