import mockFirmata from 'mock-firmata';
import type { FirmataIo } from '../firmata-inputs.js';

/** A mock Uno and the callbacks the rig registered on it, to feed what the board would report. */
export interface MockBoard {
  readonly io: FirmataIo & { emit(event: string): boolean };
  /** analogRead callbacks by analog channel. */
  readonly analog: Map<number, (value: number) => void>;
  /** digitalRead callbacks by pin. */
  readonly digital: Map<number, (value: number) => void>;
  /** pinMode calls in order. */
  readonly modes: [pin: number, mode: number][];
  /** digitalWrite calls in order (johnny-five's `Button` turns the pull-up on with a HIGH write). */
  readonly writes: [pin: number, value: number][];
}

/**
 * Test support: mock-firmata, the Firmata board johnny-five's own tests use (the real pin table of an
 * Uno, the IO-plugin methods); what the board would report goes through the callbacks the rig registered.
 */
export function mockBoard(): MockBoard {
  const io = new mockFirmata.Firmata() as MockBoard['io'];
  const analog = new Map<number, (value: number) => void>();
  const digital = new Map<number, (value: number) => void>();
  const modes: [number, number][] = [];
  const writes: [number, number][] = [];
  Object.assign(io, {
    analogRead: (channel: number, callback: (value: number) => void) => analog.set(channel, callback),
    digitalRead: (pin: number, callback: (value: number) => void) => digital.set(pin, callback),
    pinMode: (pin: number, mode: number) => modes.push([pin, mode]),
    digitalWrite: (pin: number, value: number) => writes.push([pin, value]),
  });
  return { io, analog, digital, modes, writes };
}
