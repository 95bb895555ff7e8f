import type { FirmataIo, RigWiring } from './firmata-inputs.js';
import type { RigInputs } from './rig-inputs.js';

/** The few johnny-five classes the adapter uses, typed here (johnny-five is loaded lazily). */
interface JohnnyFive {
  Board: new (options: {
    io: unknown;
    repl: boolean;
    debug: boolean;
  }) => {
    once(event: 'ready', listener: () => void): unknown;
    once(event: 'error', listener: (error: Error) => void): unknown;
  };
  Sensor: new (options: {
    pin: string;
    freq: number;
    board: unknown;
  }) => {
    on(event: 'data', listener: (this: { value: number }) => void): unknown;
  };
  Button: new (options: {
    pin: number;
    isPullup: boolean;
    board: unknown;
  }) => {
    on(event: 'press' | 'release', listener: () => void): unknown;
  };
}

/**
 * Rig inputs through johnny-five's `Sensor` and `Button` on a board driven by the given IO plugin
 * (e.g. {@link openFirmataBoard}). johnny-five is imported only here, when asked for: install it in this
 * example (`pnpm add johnny-five@2.1.0`) where its optional serialport 8 may be built, or with
 * `--no-optional`; the rig does not need it otherwise (see README: what is untested).
 */
export async function johnnyFiveInputs(io: FirmataIo, wiring: RigWiring = {}): Promise<RigInputs> {
  const name = 'johnny-five'; // a variable: TypeScript must not look for the (optional) module
  let five: JohnnyFive;
  try {
    const loaded = (await import(name)) as { default?: JohnnyFive } & JohnnyFive;
    five = loaded.default ?? loaded;
  } catch (cause) {
    throw new Error(
      'johnny-five is not installed: `pnpm --filter @firecode/example-johnny-five-rig add johnny-five@2.1.0`, or run with RIG_DRIVER=firmata (the default), which needs no johnny-five',
      { cause },
    );
  }
  const board = new five.Board({ io, repl: false, debug: false });
  await new Promise<void>((resolve, reject) => {
    board.once('ready', () => resolve());
    board.once('error', reject);
  });
  const sensor = new five.Sensor({ pin: `A${wiring.analogChannel ?? 0}`, freq: 100, board });
  const button = new five.Button({ pin: wiring.buttonPin ?? 2, isPullup: wiring.pullUp ?? true, board });
  return {
    pressure: {
      onSample: (listener) =>
        void sensor.on('data', function (this: { value: number }) {
          listener(this.value);
        }),
    },
    callPoint: {
      onChange: (listener) => {
        button.on('press', () => listener(true));
        button.on('release', () => listener(false));
      },
    },
    close: async () => {
      io.transport?.close?.();
    },
  };
}
