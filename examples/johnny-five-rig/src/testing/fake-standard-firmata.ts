import { SerialPort } from 'serialport';

/*
 * Firmata protocol bytes (firmata.org protocol 2.6), the subset StandardFirmata answers at start-up and
 * while the rig reads: version and firmware report, capability and analog-mapping responses, analog and
 * digital messages.
 */
const REPORT_VERSION = 0xf9;
const START_SYSEX = 0xf0;
const END_SYSEX = 0xf7;
const REPORT_FIRMWARE = 0x79;
const CAPABILITY_QUERY = 0x6b;
const CAPABILITY_RESPONSE = 0x6c;
const ANALOG_MAPPING_QUERY = 0x69;
const ANALOG_MAPPING_RESPONSE = 0x6a;
const REPORT_ANALOG = 0xc0;
const REPORT_DIGITAL = 0xd0;
const ANALOG_MESSAGE = 0xe0;
const DIGITAL_MESSAGE = 0x90;
const SET_PIN_MODE = 0xf4;
const MODE = { INPUT: 0x00, OUTPUT: 0x01, ANALOG: 0x02, PULLUP: 0x0b } as const;
/** An Uno: digital pins 0-19, of which 14-19 are A0-A5. */
const PIN_COUNT = 20;
const FIRST_ANALOG_PIN = 14;

/**
 * Test support: the Arduino end of a serial line speaking StandardFirmata's protocol — enough of it for
 * firmata-io to finish its handshake and for the rig to read A0 and a button. Opened with serialport 13
 * on one end of a socat pty pair; what it was told (pin modes, reports enabled) is recorded.
 */
export class FakeStandardFirmata {
  readonly pinModes = new Map<number, number>();
  readonly analogReports = new Set<number>();
  readonly digitalReports = new Set<number>();
  /** Errors of the serial line (e.g. the host's end going away), kept instead of thrown. */
  readonly errors: Error[] = [];
  readonly #port: SerialPort;
  #pending: number[] = [];
  #greeting: ReturnType<typeof setInterval> | undefined;
  #waiters: (() => void)[] = [];

  private constructor(port: SerialPort) {
    this.#port = port;
    port.on('data', (chunk: Buffer) => this.#receive(chunk));
    port.on('error', (error: Error) => this.errors.push(error));
    // A real board announces itself after the reset that opening the port causes; a pty has no reset,
    // so announce until the host starts asking.
    this.#greeting = setInterval(() => this.#announce(), 50);
    this.#announce();
  }

  static open(path: string): Promise<FakeStandardFirmata> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate: 57_600 }, (error) =>
        error ? reject(error) : resolve(new FakeStandardFirmata(port)),
      );
    });
  }

  /** Sends an analog sample (0..1023) of channel `channel`. */
  sendAnalog(channel: number, value: number): void {
    this.#port.write(Buffer.from([ANALOG_MESSAGE | channel, value & 0x7f, (value >> 7) & 0x7f]));
  }

  /** Sends the 8 pin levels of digital port `port` (bit i = pin 8 × port + i). */
  sendDigitalPort(port: number, levels: number): void {
    this.#port.write(Buffer.from([DIGITAL_MESSAGE | port, levels & 0x7f, (levels >> 7) & 0x01]));
  }

  /** Resolves when `check` holds (checked after every message from the host). */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => (check() ? resolve() : this.#waiters.push(wake));
      this.#waiters.push(wake);
    });
  }

  close(): Promise<void> {
    clearInterval(this.#greeting);
    return new Promise((resolve) => (this.#port.isOpen ? this.#port.close(() => resolve()) : resolve()));
  }

  #announce(): void {
    const name = [...'StandardFirmata.ino'].flatMap((c) => [c.charCodeAt(0) & 0x7f, 0]);
    this.#port.write(
      Buffer.from([REPORT_VERSION, 2, 5, START_SYSEX, REPORT_FIRMWARE, 2, 5, ...name, END_SYSEX]),
    );
  }

  #receive(chunk: Buffer): void {
    for (const byte of chunk) {
      if (this.#pending.length === 0 && byte < 0x80) continue; // data bytes without a command: noise
      this.#pending.push(byte);
      this.#handle();
    }
    for (const wake of this.#waiters.splice(0)) wake();
  }

  #handle(): void {
    const [command, ...rest] = this.#pending;
    if (command === undefined) return;
    if (command === START_SYSEX) {
      if (rest.at(-1) !== END_SYSEX) return;
      clearInterval(this.#greeting);
      if (rest[0] === CAPABILITY_QUERY) this.#reply(this.#capabilities());
      if (rest[0] === ANALOG_MAPPING_QUERY) this.#reply(this.#analogMapping());
    } else if (command === SET_PIN_MODE) {
      if (rest.length < 2) return;
      this.pinModes.set(rest[0] ?? -1, rest[1] ?? -1);
    } else if ((command & 0xf0) === REPORT_ANALOG || (command & 0xf0) === REPORT_DIGITAL) {
      if (rest.length < 1) return;
      const reports = (command & 0xf0) === REPORT_ANALOG ? this.analogReports : this.digitalReports;
      if (rest[0] === 1) reports.add(command & 0x0f);
      else reports.delete(command & 0x0f);
    } else if (command === REPORT_VERSION) {
      this.#announce();
    }
    // Other commands (sampling interval, writes) need no answer here.
    this.#pending = [];
  }

  #reply(bytes: number[]): void {
    this.#port.write(Buffer.from([START_SYSEX, ...bytes, END_SYSEX]));
  }

  #capabilities(): number[] {
    const bytes: number[] = [CAPABILITY_RESPONSE];
    for (let pin = 0; pin < PIN_COUNT; pin++) {
      bytes.push(MODE.INPUT, 1, MODE.OUTPUT, 1, MODE.PULLUP, 1);
      if (pin >= FIRST_ANALOG_PIN) bytes.push(MODE.ANALOG, 10);
      bytes.push(0x7f);
    }
    return bytes;
  }

  #analogMapping(): number[] {
    const bytes: number[] = [ANALOG_MAPPING_RESPONSE];
    for (let pin = 0; pin < PIN_COUNT; pin++)
      bytes.push(pin >= FIRST_ANALOG_PIN ? pin - FIRST_ANALOG_PIN : 0x7f);
    return bytes;
  }
}
