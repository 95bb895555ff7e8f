/**
 * @packageDocumentation
 * `@firecode/schema/core`: everything of the schema that is plain data and functions — code tables,
 * point and event kinds, units and conversion, quality, GB/T 26875.3 analog values and status words,
 * thresholds, input checks, errors, the schema version — without zod. For pages and tools that
 * show or convert but do not validate: it bundles without zod's ~60 kB (gzip). The types are the
 * same as the main entry's; the zod schemas (`catalogSchema`, `validate`, ...) are only there.
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
export type { Building, BuildingUseClass } from './building.js';
export type { Catalog } from './catalog.js';
export type { Component, Location, PanelAddress } from './component.js';
export { FirecodeError, isFirecodeError } from './errors.js';
export type { FireEvent } from './event.js';
export { alarmEventKinds, type EventKind, eventKinds, isAlarmEventKind } from './event-kinds.js';
export type { FireSystem } from './fire-system.js';
export type { Gateway } from './gateway.js';
export {
  type CheckedPoint,
  checkPlausibleTime,
  checkReadingValue,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  EARLIEST_PLAUSIBLE_TIME,
  type TimeWindowOptions,
} from './input-checks.js';
export type { Point, PointState, Range, Thresholds } from './point.js';
export { type CanonicalUnit, canonicalUnits, type PointKind, pointKinds } from './point-kinds.js';
export type { Quality } from './quality.js';
export {
  GOOD,
  type QualityLevel,
  type QualityReason,
  qualityLevels,
  qualityReasons,
} from './quality-levels.js';
export type { Reading } from './reading.js';
export { SCHEMA_ERROR_CODES, SCHEMA_ERROR_DESCRIPTIONS, type SchemaErrorCode } from './schema-errors.js';
export type {
  ComponentStatusReport,
  SystemStatusReport,
  TransmissionStatusReport,
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
  canonicalValue,
  convertUnit,
  fromCanonical,
  toCanonical,
  type UnitDefinition,
  unitFor,
  units,
  unitsFor,
} from './units.js';
export { assertSchemaVersion, SCHEMA_VERSION, supportedSchemaVersions } from './version.js';
