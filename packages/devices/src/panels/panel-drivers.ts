/** The registry of fire-panel serial drivers: one line per protocol. */
import { devicesError } from '../errors.js';
import { gst9000PrinterDriver } from './drivers/gst9000-printer.js';
import { ld128eDriver } from './drivers/ld128e.js';
import type { PanelDriver } from './panel-driver.js';

const drivers = [ld128eDriver, gst9000PrinterDriver] as const satisfies readonly PanelDriver[];

/** Protocol ids of the built-in drivers, in registry order (what gateway configurations accept). */
export const panelProtocols = drivers.map((driver) => driver.protocol) as [string, ...string[]];

/** Every built-in panel driver. */
export function panelDrivers(): readonly PanelDriver[] {
  return drivers;
}

/**
 * The driver of a protocol.
 *
 * @throws FirecodeError `DEVICES_PANEL_PROTOCOL_UNKNOWN` naming the protocols there are.
 */
export function getPanelDriver(protocol: string): PanelDriver {
  const driver = drivers.find((candidate) => candidate.protocol === protocol);
  if (driver === undefined) {
    throw devicesError(
      'DEVICES_PANEL_PROTOCOL_UNKNOWN',
      `no fire-panel driver for protocol "${protocol}": use one of ${panelProtocols.join(', ')}`,
      { protocol },
    );
  }
  return driver;
}
