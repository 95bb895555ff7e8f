import type { RigInputs } from './rig-inputs.js';

/**
 * The part of the Firmata IO-plugin interface the rig uses (firmata-io's `Firmata`, mock-firmata, and
 * johnny-five's `board.io` all have it).
 */
export interface FirmataIo {
  readonly MODES: { readonly INPUT: number; readonly ANALOG: number; readonly PULLUP?: number };
  readonly isReady: boolean;
  /** Digital pin number of each analog channel (A0 = analogPins[0], 14 on an Uno). */
  readonly analogPins: readonly number[];
  /** `pin` is a digital pin, except for `MODES.ANALOG`, where it is the analog channel (0 for A0). */
  pinMode(pin: number, mode: number): unknown;
  /** `channel` is the analog channel (0 for A0); firmata reports about every 19 ms. */
  analogRead(channel: number, callback: (value: number) => void): unknown;
  digitalRead(pin: number, callback: (value: number) => void): unknown;
  once(event: 'ready', listener: () => void): unknown;
  /** After `ready`: the serial line failed (`error`) or closed (`close`), e.g. the USB cable was pulled. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  /** Present on firmata-io: closes the serial port. */
  readonly transport?: { close?(callback?: () => void): unknown };
}

/** Where the potentiometer and the button are wired. */
export interface RigWiring {
  /** Analog channel of the potentiometer's wiper. Default 0 (A0). */
  readonly analogChannel?: number;
  /** Digital pin of the button. Default 2. */
  readonly buttonPin?: number;
  /**
   * The button connects the pin to GND and the pin uses the internal pull-up (default true): it reads
   * 0 when pressed. With false, an external pull-down is assumed: 1 when pressed.
   */
  readonly pullUp?: boolean;
}

/** Rig inputs over any Firmata IO plugin; resolves once the board is ready. */
export async function firmataInputs(io: FirmataIo, wiring: RigWiring = {}): Promise<RigInputs> {
  if (!io.isReady) await new Promise<void>((resolve) => io.once('ready', () => resolve()));
  const channel = wiring.analogChannel ?? 0;
  const buttonPin = wiring.buttonPin ?? 2;
  const pullUp = wiring.pullUp ?? true;
  if (io.analogPins[channel] === undefined) {
    throw new RangeError(
      `analog channel A${channel} does not exist on this board (it has A0..A${io.analogPins.length - 1}): check the wiring's analogChannel`,
    );
  }
  // The IO-plugin convention (firmata-io, johnny-five): ANALOG mode takes the analog channel, not the pin.
  io.pinMode(channel, io.MODES.ANALOG);
  // StandardFirmata 2.5+ knows PULLUP; older firmware (and the mock) only INPUT: wire a resistor then.
  io.pinMode(buttonPin, pullUp ? (io.MODES.PULLUP ?? io.MODES.INPUT) : io.MODES.INPUT);
  return {
    pressure: { onSample: (listener) => void io.analogRead(channel, listener) },
    callPoint: {
      onChange: (listener) => {
        let last: boolean | undefined;
        io.digitalRead(buttonPin, (value) => {
          const pressed = pullUp ? value === 0 : value === 1;
          if (pressed === last) return;
          last = pressed;
          listener(pressed);
        });
      },
    },
    close: () => closeTransport(io),
  };
}

/** Closes the IO plugin's serial port, when it has one (mock boards have none). */
export function closeTransport(io: FirmataIo): Promise<void> {
  return new Promise<void>((resolve) => {
    const close = io.transport?.close;
    if (typeof close !== 'function') return resolve();
    close.call(io.transport, () => resolve());
  });
}
