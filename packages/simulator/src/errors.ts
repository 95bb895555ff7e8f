import { FirecodeError } from '@firecode/schema';

/** Every reason the simulator throws; each is a `FirecodeError` code. */
export const SIMULATOR_ERROR_CODES = [
  'SIM_OPTIONS_INVALID',
  'SIM_ADDRESS_OUT_OF_RANGE',
  'SIM_VALUE_OUT_OF_RANGE',
  'SIM_SCENARIO_INVALID',
  'SIM_CONFIG_INVALID',
  'SIM_PROFILE_UNKNOWN',
  'SIM_POINT_UNKNOWN',
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
