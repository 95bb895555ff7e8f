import { FirecodeError } from '@firecode/schema';

/** Every reason the simulator throws; each is a `FirecodeError` code. */
export const SIMULATOR_ERROR_CODES = [
  /** An option passed to a simulated device or slave is wrong (e.g. unit id outside 1..247). */
  'SIM_OPTIONS_INVALID',
  /** A register write or read falls outside the register bank: use smaller addresses or a bigger bank. */
  'SIM_ADDRESS_OUT_OF_RANGE',
  /** A raw register value is not an integer of the register's width: encode signed or scaled values first. */
  'SIM_VALUE_OUT_OF_RANGE',
  /** A scenario names devices, points or times that do not fit the simulated devices; each problem is listed. */
  'SIM_SCENARIO_INVALID',
  /** A `firecode-sim` configuration file does not validate; the message names the key. */
  'SIM_CONFIG_INVALID',
  /** No device profile with that id: `firecode-sim list` prints the ids. */
  'SIM_PROFILE_UNKNOWN',
  /** The profile has no such point (or no panel points for a panel simulator). */
  'SIM_POINT_UNKNOWN',
  /** The simulator cannot listen on its TCP port or open its serial port: pick another (0 for a free TCP port). */
  'SIM_PORT_FAILED',
] as const;

/** A machine-readable reason for a simulator error. */
export type SimulatorErrorCode = (typeof SIMULATOR_ERROR_CODES)[number];

/** The one Firecode error type, with a simulator code. */
export type SimulatorError = FirecodeError<SimulatorErrorCode>;

/** Builds the one Firecode error type with a simulator code. */
export function simulatorError(
  code: SimulatorErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): FirecodeError<SimulatorErrorCode> {
  return new FirecodeError(code, message, options);
}
