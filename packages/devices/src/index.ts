/**
 * @packageDocumentation
 * Declarative device profiles (register maps → schema points and events), the normalizer the gateway
 * calls every poll, the inverse transform simulators use, and drivers for fire panels' own serial
 * protocols (LD128E CRT poll, GST9000 printer text).
 */
export {
  decodeRaw,
  type Endianness,
  encodeRaw,
  type RawLayout,
  type RawType,
  rawTypes,
  registerCountOf,
} from './data-types.js';
export { type DevicesErrorCode, devicesErrorCodes } from './errors.js';
export {
  CodeStateMachine,
  type CodeUpdate,
  type ConditionChange,
} from './normalize/code-states.js';
export {
  createDeviceNormalizer,
  type DeviceNormalizer,
  type DeviceNormalizerOptions,
  type Diagnostic,
  type NormalizeResult,
  type NormalizerStats,
  type PointOverride,
} from './normalize/normalizer.js';
export { type ThresholdChange, ThresholdTracker } from './normalize/thresholds.js';
export {
  type EncodeOptions,
  encodePointValue,
  encodeRegister,
  type RegisterWrite,
  readRegister,
  type TransformedValue,
  transformPoint,
} from './normalize/transform.js';
export { checkProfile, type ProfileProblem, panelPointAt, panelRegisterOf } from './profile/check.js';
export {
  type ComposedProfileInput,
  composeProfile,
  defineComposedProfile,
  type ProfileFragment,
} from './profile/compose.js';
export { loadProfileFile, loadProfilesFromDir } from './profile/load.js';
export { defineProfile, formatPath, parseProfile } from './profile/parse.js';
export {
  type DigitalInputOptions,
  gstPointCodes,
  type MeasurementOptions,
  m,
  type RegisterRef,
  type ResidualCurrentOptions,
  residualFaultCodes,
  type StatusOptions,
} from './profile/presets.js';
export * from './profile/schema.js';
export { type ReadRequest, type ReadSelection, readPlanFor } from './read-plan.js';
export { createProfileRegistry, getProfile, type ProfileRegistry, profiles } from './registry.js';
export {
  createRegisterSnapshot,
  type RegisterBlock,
  RegisterMap,
  type RegisterSnapshot,
} from './snapshot.js';
export { acceptedUnits, fromCanonicalUnit, toCanonicalUnit, unitFactors } from './units.js';
