/**
 * @packageDocumentation
 * The high-rise fire code (高楼消防码) schema: the contract between devices, gateway, SDK and the
 * receiving platform. Depends on nothing but zod and runs anywhere (no Node-only APIs).
 */

export {
  ANALOG_MAX,
  ANALOG_MIN,
  analogType,
  analogTypeForPoint,
  type FromAnalogOptions,
  findAnalogType,
  fromAnalogValue,
  toAnalogValue,
} from './analog.js';
export { type Building, type BuildingUseClass, buildingSchema, buildingUseClasses } from './building.js';
export { type Catalog, catalogSchema } from './catalog.js';
export {
  type Component,
  componentSchema,
  type Location,
  locationSchema,
  MAX_COMPONENT_ADDRESS,
  type PanelAddress,
  panelAddressSchema,
} from './component.js';
export { FirecodeError, isFirecodeError } from './errors.js';
export {
  alarmEventKinds,
  type EventKind,
  eventKinds,
  type FireEvent,
  fireEventSchema,
  isAlarmEventKind,
} from './event.js';
export { type FireSystem, fireSystemSchema } from './fire-system.js';
export { type Gateway, gatewaySchema, MAX_TRANSMISSION_ADDRESS } from './gateway.js';
export { componentIdSchema, idSchema } from './ids.js';
export {
  type CheckedPoint,
  checkPlausibleTime,
  checkReadingValue,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  EARLIEST_PLAUSIBLE_TIME,
  type TimeWindowOptions,
} from './input-checks.js';
export {
  type JsonSchema,
  jsonSchemas,
  type PublishedSchemaName,
  publishedSchemas,
  toJsonSchema,
} from './json-schema.js';
export {
  type CanonicalUnit,
  canonicalUnits,
  type Point,
  type PointKind,
  type PointState,
  pointIdSchema,
  pointKinds,
  pointSchema,
  pointStateSchema,
  type Range,
  rangeSchema,
  type Thresholds,
  thresholdsSchema,
} from './point.js';
export {
  GOOD,
  type Quality,
  type QualityLevel,
  type QualityReason,
  qualityLevels,
  qualityReasons,
  qualitySchema,
} from './quality.js';
export { type Reading, readingSchema } from './reading.js';
export { type SchemaErrorCode, schemaErrorCodes, schemaErrorDescriptions } from './schema-errors.js';
export {
  type ComponentStatusReport,
  componentStatusReportSchema,
  type SystemStatusReport,
  systemStatusReportSchema,
  type TransmissionStatusReport,
  transmissionStatusReportSchema,
} from './status-report.js';
export {
  type ComponentStatus,
  decodeComponentStatus,
  decodeStatusWord,
  decodeSystemOperation,
  decodeSystemStatus,
  decodeTransmissionOperation,
  decodeTransmissionStatus,
  encodeComponentStatus,
  encodeStatusWord,
  encodeSystemOperation,
  encodeSystemStatus,
  encodeTransmissionOperation,
  encodeTransmissionStatus,
  reservedMask,
  type StatusChange,
  type StatusFlags,
  type SystemOperation,
  type SystemStatus,
  statusChanges,
  type TransmissionOperation,
  type TransmissionStatus,
} from './status-word.js';
export {
  type AnalogType,
  analogTypes,
  analogTypeTable,
  defaultAnalogTypes,
  userAnalogTypes,
  userAnalogTypeTable,
} from './tables/analog-types.js';
export { type CodeEntry, type CodeTable, codeEntry, findByCode, findByName } from './tables/code-table.js';
export { componentTypes, componentTypeTable } from './tables/component-types.js';
export { codeTables } from './tables/registry.js';
export {
  type BitTable,
  componentStatusBits,
  componentStatusTable,
  type StatusBit,
  systemOperationFlags,
  systemOperationTable,
  systemStatusBits,
  systemStatusTable,
  transmissionOperationFlags,
  transmissionOperationTable,
  transmissionStatusBits,
  transmissionStatusTable,
} from './tables/status-bits.js';
export { systemTypes, systemTypeTable } from './tables/system-types.js';
export { evaluateThresholds, NO_THRESHOLD_ALARM, type ThresholdState } from './thresholds.js';
export {
  convertUnit,
  fromCanonical,
  toCanonical,
  type UnitDefinition,
  unitFor,
  units,
  unitsFor,
} from './units.js';
export {
  formatPath,
  formatProblems,
  type Problem,
  parseOrThrow,
  problemsOf,
  type ValidationResult,
  validate,
} from './validate.js';
export { assertSchemaVersion, SCHEMA_VERSION, supportedSchemaVersions } from './version.js';
