/**
 * @packageDocumentation
 * Simulated fire panels and transmitters as Modbus TCP/RTU slaves and panel serial ports: a slave
 * frame engine of our own (CRC checked, exceptions, quirks, faults, timing-accurate RTU), register
 * banks, scenarios, and the `firecode-sim` CLI.
 */
export {
  type BuildingSimulator,
  type BuildingSimulatorOptions,
  buildingSimulator,
  describeEndpoints,
  type Endpoint,
  PORT_FAILURE,
} from './building.js';
export {
  type BuildingConfig,
  type BuildingConfigInput,
  buildingConfigSchema,
  type DeviceConfig,
  type LineConfig,
  loadBuildingConfig,
  type PanelConfig,
  parseBuildingConfig,
  parseHostPort,
} from './building-config.js';
export { ManualClock, realClock, type SimClock } from './clock.js';
export { modbusDeviceTarget, type Vanishable } from './device-target.js';
export { type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.js';
export { SIMULATOR_ERROR_CODES, type SimulatorError, type SimulatorErrorCode } from './errors.js';
export { FAULT_KINDS, type Fault, type FaultDuration, type FaultKind } from './faults.js';
export {
  bitsPerCharacter,
  characterTimeMs,
  frameGapMs,
  type LineTiming,
  transactionTimeMs,
} from './line-timing.js';
export { ExceptionCode, type ExceptionCodeValue, FunctionCode } from './modbus-codes.js';
export { Gst9000Printer, type Gst9000PrinterOptions } from './panels/gst9000-printer.js';
export { Ld128ePanel, type Ld128ePanelStats } from './panels/ld128e-panel.js';
export {
  type PanelProtocol,
  type SerialPanel,
  type SerialPanelOptions,
  SerialPortByteStream,
  startSerialPanel,
} from './panels/serial-panel.js';
export { answerPdu, type PduAnswer } from './pdu.js';
export {
  type PanelPointState,
  ProfileDevice,
  type ProfileDeviceOptions,
  SLAVE_ADDRESS_REGISTER,
} from './profile-device.js';
export { openPtyPair, type PtyPair, type PtyPairOptions, socatAvailable } from './pty-pair.js';
export { OBSERVED_QUIRKS, type SlaveQuirks } from './quirks.js';
export {
  MemoryRegisterBank,
  type MemoryRegisterBankOptions,
  type RegisterBank,
} from './register-bank.js';
export {
  describeStep,
  type RunningScenario,
  type RunScenarioOptions,
  runScenario,
} from './scenario-runner.js';
export {
  loadScenarioFile,
  parseScenario,
  type RandomWalk,
  randomWalkSchema,
  type Scenario,
  type ScenarioInput,
  type ScenarioStep,
  scenarioSchema,
  scenarioStepSchema,
} from './scenario-schema.js';
export { RecordingTarget, type ScenarioTarget } from './scenario-target.js';
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
