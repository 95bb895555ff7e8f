import type { ExceptionCodeValue } from './modbus-codes.js';

/**
 * How one simulated device departs from the Modbus specification, as data (the same fields as a
 * device profile's `quirks`). Real devices do; the gateway must cope, so the simulator reproduces it.
 */
export interface SlaveQuirks {
  /**
   * Function code byte of every exception reply when the device does not use `request | 0x80`
   * (the arc-fault detector always answers 0x80). Omitted: the standard code.
   */
  exceptionFunctionCode?: number;
  /** Function codes this device implements; others get exception 01. Default: all eight. */
  supportedFunctions?: readonly number[];
  /**
   * Exception code the device answers for addresses it does not have, where the specification says
   * 02: the arc-fault detector answers 03 (`01 03 0000 0007` -> `01 80 03`). Omitted: 02.
   */
  illegalAddressCode?: ExceptionCodeValue;
  /** Most registers one FC03/FC04 read may ask for (e.g. 100 on GST interface cards); more gets exception 03. */
  maxRegistersPerRequest?: number;
}

/** The exception function-code byte for `functionCode` under `quirks`. */
export function exceptionFunctionCodeFor(functionCode: number, quirks: SlaveQuirks | undefined): number {
  return quirks?.exceptionFunctionCode ?? (functionCode | 0x80) & 0xff;
}

/**
 * Simulator-side quirks seen in vendor captures that the device profile format does not carry, by
 * profile id. Source: /work/shared/domain/devices.md frames.
 */
export const OBSERVED_QUIRKS: Readonly<Record<string, SlaveQuirks>> = {
  // `01 03 00 00 00 07 04 08` -> `01 80 03 01 C1`: a read across unmapped registers gets 03, not 02.
  'ningbo-arc-fault-detector': { illegalAddressCode: 0x03 },
};
