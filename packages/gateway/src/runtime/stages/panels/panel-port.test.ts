import { isFirecodeError } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { describePanelPort } from './panel-port.conformance.js';
import { createMemoryPanelPorts, openSerialPanelPort } from './panel-port.js';

const settings = {
  path: '/dev/memory-panel',
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
} as const;

describePanelPort('memory (test double)', async () => {
  const ports = createMemoryPanelPorts();
  return {
    open: ports.open,
    settings,
    panelEnd: ports.panelEnd,
    vanish: async () => ports.vanish(),
    close: async () => {},
  };
});

describe('panel ports', () => {
  it('a memory port that is gone cannot be opened until restored', async () => {
    const ports = createMemoryPanelPorts();
    ports.vanish();
    await expect(ports.open(settings)).rejects.toSatisfy((error) =>
      isFirecodeError(error, 'GATEWAY_PANEL_PORT_FAILED'),
    );
    ports.restore();
    await ports.open(settings);
    expect(ports.opens).toBe(1);
  });

  it('a serial port that does not exist is a GATEWAY_PANEL_PORT_FAILED naming the path', async () => {
    const error = await openSerialPanelPort({ ...settings, path: '/dev/firecode-no-such-port' }).catch(
      (e) => e,
    );
    expect(isFirecodeError(error, 'GATEWAY_PANEL_PORT_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/\/dev\/firecode-no-such-port.*check the path/);
  });
});
