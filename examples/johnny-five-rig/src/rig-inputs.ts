/**
 * The seam between the rig's logic and the board: an analog input (the potentiometer standing in for a
 * pressure transmitter) and a digital input (the button standing in for a manual call point).
 * Implementations: {@link firmataInputs} (any Firmata IO plugin: firmata-io over serialport 13, or
 * mock-firmata in tests), `johnnyFiveInputs` (johnny-five's Sensor and Button on such a plugin), and
 * {@link ManualRigInputs} (the test double: values set by hand).
 */

/** A 10-bit analog input (Arduino ADC: 0..1023). */
export interface AnalogInput {
  /** Called with every new sample. */
  onSample(listener: (raw: number) => void): void;
}

/** A push button: `pressed` already accounts for the wiring (pull-up buttons read 0 when pressed). */
export interface DigitalInput {
  /** Called when the button is pressed or released (not for repeated equal reads). */
  onChange(listener: (pressed: boolean) => void): void;
}

/** The rig's two inputs and how to let go of the board. */
export interface RigInputs {
  readonly pressure: AnalogInput;
  readonly callPoint: DigitalInput;
  close(): Promise<void>;
}

/** The test double: samples and presses are fed by hand. */
export class ManualRigInputs implements RigInputs {
  readonly #samples: ((raw: number) => void)[] = [];
  readonly #changes: ((pressed: boolean) => void)[] = [];
  closed = false;

  readonly pressure: AnalogInput = { onSample: (listener) => void this.#samples.push(listener) };
  readonly callPoint: DigitalInput = { onChange: (listener) => void this.#changes.push(listener) };

  /** Feeds one ADC sample (0..1023). */
  sample(raw: number): void {
    for (const listener of this.#samples) listener(raw);
  }

  /** Presses (true) or releases (false) the button. */
  press(pressed: boolean): void {
    for (const listener of this.#changes) listener(pressed);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
