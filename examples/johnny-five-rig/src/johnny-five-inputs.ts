import { FirecodeError } from '@firecode/sdk';
import five from 'johnny-five';
import { closeTransport, type FirmataIo, type RigWiring } from './firmata-inputs.js';
import type { RigInputs } from './rig-inputs.js';

/** Codes of the errors {@link johnnyFiveInputs} rejects with. */
export const RIG_ERROR_CODES = ['RIG_BOARD_FAILED', 'RIG_WIRING_INVALID'] as const;
export type RigErrorCode = (typeof RIG_ERROR_CODES)[number];

/** Options of {@link johnnyFiveInputs}: the wiring, and how often johnny-five reports the sensor. */
export interface JohnnyFiveWiring extends RigWiring {
  /**
   * The `Sensor`'s `freq`: every this many ms it reports the median of the samples that arrived since
   * (Firmata sends one about every 19 ms, so the median filters ADC noise). Default 100.
   */
  readonly sampleEveryMs?: number;
}

/**
 * Rig inputs through johnny-five's `Board`, `Sensor` and `Button`, on a board driven by the given IO
 * plugin ({@link openFirmataBoard} on hardware, mock-firmata in tests). Given an IO plugin, johnny-five
 * never loads its own serialport 8 (whose native binding is not built here: see the README); its REPL,
 * console log and SIGINT handler are turned off so the program's output and shutdown stay its own.
 * Resolves once the board is ready.
 */
export async function johnnyFiveInputs(io: FirmataIo, wiring: JohnnyFiveWiring = {}): Promise<RigInputs> {
  const channel = wiring.analogChannel ?? 0;
  const board = new five.Board({ io, repl: false, debug: false, sigint: false });
  // johnny-five emits `error` twice on a connect timeout (a log event, then an Error): keep listening
  // until ready, so the second one is not an unhandled `error`.
  let onError: ((error: Error | { message: string }) => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      onError = (error) =>
        reject(
          new FirecodeError<RigErrorCode>(
            'RIG_BOARD_FAILED',
            `johnny-five could not start the board: ${error.message}. Check that the Arduino runs StandardFirmata and RIG_PORT is its port`,
            { cause: error },
          ),
        );
      board.on('error', onError);
      board.once('ready', () => resolve());
    });
  } catch (error) {
    await closeTransport(io);
    throw error;
  }
  if (onError) board.off('error', onError);
  if (io.analogPins[channel] === undefined) {
    await closeTransport(io);
    throw new FirecodeError<RigErrorCode>(
      'RIG_WIRING_INVALID',
      `analog channel A${channel} does not exist on this board (it has A0..A${io.analogPins.length - 1}): check the wiring`,
      { details: { analogChannel: channel } },
    );
  }
  const sensor = new five.Sensor({ pin: `A${channel}`, freq: wiring.sampleEveryMs ?? 100, board });
  const button = new five.Button({ pin: wiring.buttonPin ?? 2, isPullup: wiring.pullUp ?? true, board });
  return {
    pressure: {
      onSample: (listener) =>
        void sensor.on('data', (median) => {
          // Before the first sample johnny-five reports 0: that is no reading.
          if (sensor.raw !== null) listener(median);
        }),
    },
    callPoint: {
      onChange: (listener) => {
        button.on('press', () => listener(true));
        button.on('release', () => listener(false));
      },
    },
    close: async () => {
      sensor.disable();
      await closeTransport(io);
    },
  };
}
