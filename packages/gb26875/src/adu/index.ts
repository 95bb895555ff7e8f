export { ADU_HEADER_BYTES, type AduOptions, decodeAdu, encodeAdu, objectBytes } from './codec.js';
export { type FieldKind, type FieldValue, fieldBytes } from './fields.js';
export { decodeGb18030, encodeGb18030, fitGb18030 } from './gb18030.js';
export {
  type AduDirection,
  type AduLayout,
  aduLayout,
  aduLayouts,
  type FieldLayout,
  isKnownTypeFlag,
} from './layouts.js';
export type {
  AduObjectMap,
  AduOf,
  AnalogValueObject,
  CheckInObject,
  ClockSyncObject,
  ComponentConfigurationObject,
  ComponentQuery,
  ComponentRef,
  ComponentStatusObject,
  Gb26875Adu,
  KnownTypeFlag,
  RecordsQuery,
  ReservedObject,
  SystemConfigurationObject,
  SystemOperationObject,
  SystemRecordsQuery,
  SystemRef,
  SystemSoftwareVersionObject,
  SystemStatusObject,
  SystemTimeObject,
  TransmissionConfigurationObject,
  TransmissionOperationObject,
  TransmissionSoftwareVersionObject,
  TransmissionStatusObject,
  TransmissionTimeObject,
  TypeFlagName,
} from './objects.js';
export { TypeFlag } from './objects.js';
export { splitAdu, splitIntoFrames } from './split.js';
export { isTestStatus, type ReadStatus, readStatus } from './status.js';
