/**
 * @packageDocumentation
 * A general Modbus master: TCP, RTU and RTU-over-TCP transports behind one interface, an RS-485 bus
 * scheduler (one request in flight per physical line, inter-frame silence, retries, circuit breakers,
 * priorities), an automatic read planner and register data types. It knows nothing about fire.
 */

export type { RequestPriority, SchedulerOptions } from './bus-scheduler.js';
export { DEFAULT_MAX_QUEUED } from './bus-scheduler.js';
export {
  type BusStats,
  LATENCY_BUCKETS_MS,
  type LatencyHistogram,
  type UnitStats,
} from './bus-stats.js';
export type { ByteLink, ByteLinkReceiver } from './byte-link.js';
export type { BreakerState, CircuitBreakerOptions } from './circuit-breaker.js';
export { type CostModel, rtuCostModel, tcpCostModel } from './cost-model.js';
export { crc16, hasValidCrc } from './crc.js';
export {
  createAsciiBus,
  createRtuBus,
  createRtuOverTcpBus,
  createTcpBus,
  type RtuBusOptions,
  type RtuOverTcpBusOptions,
  type TcpBusOptions,
} from './create-bus.js';
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
export { DeviceReader, type DeviceReaderOptions, type ReadOutcome } from './device-reader.js';
export {
  isModbusError,
  MODBUS_ERROR_CODES,
  MODBUS_EXCEPTION_NAMES,
  type ModbusError,
  type ModbusErrorCode,
  modbusError,
} from './errors.js';
export { type LineTiming, lineTiming, type SerialFormat } from './line-timing.js';
export { MbapTransport, type MbapTransportOptions } from './mbap-transport.js';
export {
  type BusEvents,
  type BusOptions,
  ModbusBus,
  type ModbusMaster,
  type RequestOptions,
  type UnitOptions,
} from './modbus-bus.js';
export {
  decodeResponse,
  expectedResponseLength,
  FunctionCode,
  MODBUS_LIMITS,
  type ResponseData,
  readRequest,
  writeMultipleCoilsRequest,
  writeMultipleRegistersRequest,
  writeSingleCoilRequest,
  writeSingleRegisterRequest,
} from './pdu.js';
export { PlanMemory, type RefusedRead } from './plan-memory.js';
export {
  type PlannedRead,
  type PlanOptions,
  type PlanStrategy,
  planReads,
  type ReadPlan,
  type WantedRange,
} from './read-plan.js';
export {
  type BitTable,
  isBitTable,
  isRegisterTable,
  REGISTER_TABLE_FACTS,
  REGISTER_TABLES,
  type RegisterTable,
  type RegisterTableFacts,
  registerTableOfReadFunction,
  type WordTable,
} from './register-tables.js';
export { asciiFraming, rtuFraming, type SerialFraming } from './serial-framing.js';
export { type SerialBinding, SerialLink, type SerialLinkOptions } from './serial-link.js';
export { SerialTransport, type SerialTransportOptions } from './serial-transport.js';
export { TcpLink, type TcpLinkOptions } from './tcp-link.js';
// Test doubles (TestSlave, serveTcp, serveRtu, createLinkPair, ...) are in `@firecode/modbus/testing`.
export type {
  ModbusTransport,
  TransportCounters,
  TransportKind,
  TransportRequest,
} from './transport.js';
export { TypedEmitter } from './typed-emitter.js';
