import firmataIo from 'firmata-io';
import { SerialPort } from 'serialport';
import type { FirmataIo } from './firmata-inputs.js';

/**
 * Opens an Arduino running StandardFirmata on `path` with firmata-io over serialport 13 — pure JS plus
 * serialport's shipped prebuilt binding, so nothing compiles (johnny-five's own default path pulls in
 * serialport 8, whose binding must be compiled). The result is a Firmata IO plugin: use it directly
 * ({@link firmataInputs}) or hand it to johnny-five as `new Board({ io })`.
 */
export function openFirmataBoard(path: string, baudRate = 57_600): FirmataIo {
  // StandardFirmata talks at 57600 baud.
  const port = new SerialPort({ path, baudRate });
  return new firmataIo.Firmata(port) as FirmataIo;
}
