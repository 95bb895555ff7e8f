/**
 * The panel-port conformance suite against the real serial port (serialport 13) on a socat pty pair:
 * the same checks the in-memory test double passes.
 */
import { openSerialPanelPort, type PanelPort } from '@firecode/gateway';
import { openPtyPair, socatAvailable } from '@firecode/simulator';
import { describe } from 'vitest';
import { describePanelPort } from '../packages/gateway/src/runtime/stages/panels/panel-port.conformance.js';

describe.skipIf(socatAvailable() ? false : 'socat is not installed (apt-get install socat)')(
  'serial panel port (socat pty pair)',
  () => {
    describePanelPort('serialport 13 on a pty', async () => {
      const pair = await openPtyPair();
      const settings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;
      let far: PanelPort | undefined = await openSerialPanelPort({ ...settings, path: pair.slavePath });
      const panelEnd = far.stream;
      return {
        open: openSerialPanelPort,
        settings: { ...settings, path: pair.masterPath },
        panelEnd,
        async vanish() {
          await far?.close();
          far = undefined;
          await pair.close();
        },
        async close() {
          await far?.close();
          await pair.close();
        },
      };
    });
  },
);
