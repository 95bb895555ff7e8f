/**
 * Modbus numbers used by the slave, in one table each.
 * Source: Modbus Application Protocol Specification V1.1b3, sections 6 and 7.
 */

/** Function codes the slave engine serves: the same table the master speaks. */
export { FunctionCode } from '@firecode/modbus';

/** Exception codes the slave answers with. */
export const ExceptionCode = {
  illegalFunction: 0x01,
  illegalDataAddress: 0x02,
  illegalDataValue: 0x03,
  serverDeviceFailure: 0x04,
  serverDeviceBusy: 0x06,
} as const;

/** One of the exception codes above. */
export type ExceptionCodeValue = (typeof ExceptionCode)[keyof typeof ExceptionCode];

/** Quantity limits per request (spec 6.1-6.12). */
export const QuantityLimit = {
  readBits: 2000,
  readRegisters: 125,
  writeBits: 1968,
  writeRegisters: 123,
} as const;
