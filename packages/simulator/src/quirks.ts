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
  /** Most registers one FC03/FC04 read may ask for (e.g. 100 on GST interface cards); more gets exception 03. */
  maxRegistersPerRequest?: number;
}

/** The exception function-code byte for `functionCode` under `quirks`. */
export function exceptionFunctionCodeFor(functionCode: number, quirks: SlaveQuirks | undefined): number {
  return quirks?.exceptionFunctionCode ?? (functionCode | 0x80) & 0xff;
}
