/**
 * How one simulated device departs from the Modbus specification, as data. Real devices do; the
 * gateway must cope, so the simulator reproduces it.
 */
export interface SlaveQuirks {
  /**
   * Function code byte of exception replies: `'standard'` is the request's code | 0x80 (e.g. 0x83);
   * `'fixed-0x80'` is the arc-fault detector's habit of always answering 0x80.
   */
  exceptionFunctionCode?: 'standard' | 'fixed-0x80';
  /** Function codes this device implements; others get exception 01. Default: all eight. */
  supportedFunctions?: readonly number[];
  /** Most registers one FC03/FC04 read may ask for (e.g. 100 on GST interface cards); more gets exception 03. */
  maxReadRegisters?: number;
}

/** The exception function-code byte for `functionCode` under `quirks`. */
export function exceptionFunctionCodeFor(functionCode: number, quirks: SlaveQuirks | undefined): number {
  return quirks?.exceptionFunctionCode === 'fixed-0x80' ? 0x80 : (functionCode | 0x80) & 0xff;
}
