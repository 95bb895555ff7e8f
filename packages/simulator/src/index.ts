/**
 * @packageDocumentation
 * Simulated fire panels and transmitters as Modbus TCP/RTU slaves and panel serial ports: a slave
 * frame engine of our own (CRC checked, exceptions, quirks, faults, timing-accurate RTU), register
 * banks, scenarios, and the `firecode-sim` CLI.
 */
export { SIMULATOR_ERROR_CODES, type SimulatorErrorCode } from './errors.js';
export { FAULT_KINDS, type Fault, type FaultDuration, type FaultKind } from './faults.js';
export {
  bitsPerCharacter,
  characterTimeMs,
  frameGapMs,
  type LineTiming,
  transactionTimeMs,
} from './line-timing.js';
export { ExceptionCode, type ExceptionCodeValue, FunctionCode } from './modbus-codes.js';
export { answerPdu, type PduAnswer } from './pdu.js';
export { type PanelPointState, ProfileDevice, type ProfileDeviceOptions } from './profile-device.js';
export { openPtyPair, type PtyPair, type PtyPairOptions, socatAvailable } from './pty-pair.js';
export { OBSERVED_QUIRKS, type SlaveQuirks } from './quirks.js';
export {
  MemoryRegisterBank,
  type MemoryRegisterBankOptions,
  REGISTER_TABLES,
  type RegisterBank,
  type RegisterTable,
} from './register-bank.js';
export {
  openSerialPort,
  type RtuSlave,
  type RtuSlaveOptions,
  type SerialLine,
  type SerialSettings,
  startRtuSlave,
} from './serial-slave.js';
export {
  type SimulatedUnit,
  type SlaveDecision,
  SlaveEngine,
  type SlaveStats,
  type UnitMap,
} from './slave-engine.js';
export { startTcpSlave, type TcpSlave, type TcpSlaveOptions } from './tcp-slave.js';
