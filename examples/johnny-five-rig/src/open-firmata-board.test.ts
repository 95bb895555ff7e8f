import { openPtyPair, socatAvailable } from '@firecode/simulator';
import { describe, expect, it } from 'vitest';
import { firmataInputs } from './firmata-inputs.js';
import { openFirmataBoard } from './open-firmata-board.js';
import { FakeStandardFirmata } from './testing/fake-standard-firmata.js';

const hasSocat = socatAvailable();
if (!hasSocat)
  console.warn('open-firmata-board test skipped: socat is not installed (apt-get install socat)');

describe('openFirmataBoard over a socat pty pair', () => {
  it.skipIf(!hasSocat)(
    'completes firmata-io’s handshake with a StandardFirmata peer and reads A0 and the pull-up button',
    async () => {
      const cable = await openPtyPair();
      const arduino = await FakeStandardFirmata.open(cable.slavePath);
      try {
        const io = openFirmataBoard(cable.masterPath);
        const inputs = await firmataInputs(io);
        expect(io.analogPins).toEqual([14, 15, 16, 17, 18, 19]);
        const samples: number[] = [];
        const presses: boolean[] = [];
        inputs.pressure.onSample((raw) => samples.push(raw));
        inputs.callPoint.onChange((pressed) => presses.push(pressed));
        await arduino.until(() => arduino.analogReports.has(0) && arduino.digitalReports.has(0));
        expect(arduino.pinModes.get(2)).toBe(0x0b); // INPUT_PULLUP
        arduino.sendAnalog(0, 512);
        arduino.sendAnalog(0, 1023);
        arduino.sendDigitalPort(0, 0b0000_0100); // pin 2 high: released
        arduino.sendDigitalPort(0, 0b0000_0000); // pin 2 low: pressed
        for (let i = 0; i < 200 && (samples.length < 2 || presses.length < 2); i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        expect(samples).toEqual([512, 1023]);
        expect(presses).toEqual([false, true]);
        await inputs.close();
      } finally {
        await arduino.close();
        await cable.close();
      }
    },
  );
});
