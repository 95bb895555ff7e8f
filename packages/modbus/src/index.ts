/**
 * @packageDocumentation
 * A general Modbus master: TCP, RTU and RTU-over-TCP transports behind one interface, an RS-485 bus
 * scheduler (one request in flight per physical line, inter-frame silence, retries, circuit breakers,
 * priorities), an automatic read planner and register data types. It knows nothing about fire.
 */
export {
  type ByteWordOrder,
  DATA_TYPES,
  type DataType,
  type DataTypeOptions,
  type DecodedValue,
  decodeRegisters,
  encodeRegisters,
  registerCount,
} from './data-types.js';
export {
  isModbusError,
  MODBUS_ERROR_CODES,
  MODBUS_EXCEPTION_NAMES,
  type ModbusError,
  type ModbusErrorCode,
  modbusError,
} from './errors.js';
