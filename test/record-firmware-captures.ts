/**
 * Writes the firmware captures of hardware/captures (see test/support/record-firmware.ts):
 * `mpd-380-firmware.yaml` and `panels/gst9000-printer-firmware.yaml`, each marked
 * `origin: firmware <sketch> <sha of the firmware's last commit>`.
 *
 * Run (needs the firmware toolchain and socat): `pnpm exec tsx test/record-firmware-captures.ts`.
 * Then review the files and run `pnpm vitest run packages/devices/src/golden.test.ts
 * packages/devices/src/panel-golden.test.ts test/firmware-captures.test.ts`. Not a test: it writes
 * committed files.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { socatAvailable } from '@firecode/simulator';
import { buildFirmware, firmwareToolsMissing } from './support/firmware.js';
import { firmwareSha, recordPanelPrinterPort, recordPressureTransmitter } from './support/record-firmware.js';

const captures = fileURLToPath(new URL('../hardware/captures/', import.meta.url));

const missing = firmwareToolsMissing() ?? (socatAvailable() ? undefined : 'socat is not installed');
if (missing) {
  process.stderr.write(`record-firmware-captures: ${missing}\n`);
  process.exit(2);
}
process.stdout.write(await buildFirmware());
process.stdout.write(
  await recordPressureTransmitter(
    join(captures, 'mpd-380-firmware.yaml'),
    `firmware pressure-transmitter ${firmwareSha('pressure-transmitter')}`,
  ),
);
mkdirSync(join(captures, 'panels'), { recursive: true });
process.stdout.write(
  await recordPanelPrinterPort(
    join(captures, 'panels/gst9000-printer-firmware.yaml'),
    `firmware panel-printer-port ${firmwareSha('panel-printer-port')}`,
  ),
);
