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
export { DEVICES_ERROR_CODES, type DevicesErrorCode } from './errors.js';
export { initialRegisterWrites, registerFootprint } from './initial-registers.js';
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
  type NormalizeIntoResult,
  type NormalizeResult,
  type NormalizerStats,
  type PanelPointInfo,
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
// Test support (golden-capture runners, RTU frame reader, createMemoryBytePair) is in `@firecode/devices/testing`.
export { type ByteStream, byteStreamFromDuplex } from './panels/byte-stream.js';
export {
  type Gst9000Listener,
  type Gst9000ListenerOptions,
  type Gst9000ListenerStats,
  startGst9000Listener,
} from './panels/gst9000-listener.js';
export {
  encodeGst9000Record,
  type Gst9000EventOptions,
  type Gst9000Output,
  Gst9000PrinterParser,
  type Gst9000Record,
  gst9000RecordToEvent,
  parseGst9000Record,
} from './panels/gst9000-printer.js';
export {
  type Gst9000KindMeaning,
  gst9000DeviceTexts,
  gst9000KindFallbacks,
  gst9000KindTexts,
} from './panels/gst9000-texts.js';
export {
  encodeLd128eRecord,
  LD128E_IDLE,
  LD128E_POLL,
  type Ld128eCodeMeaning,
  type Ld128eEventOptions,
  type Ld128eRecord,
  type Ld128eReply,
  Ld128eStreamParser,
  ld128eEventCodes,
  ld128eRecordToEvent,
  parseLd128eReply,
} from './panels/ld128e.js';
export {
  type Ld128ePoller,
  type Ld128ePollerOptions,
  type Ld128ePollerStats,
  startLd128ePoller,
} from './panels/ld128e-poller.js';
export type { PanelDriver, PanelDriverContext, PanelDriverSettings } from './panels/panel-driver.js';
export { getPanelDriver, panelDrivers, panelProtocols } from './panels/panel-drivers.js';
export { type DriverLogger, toHex, type UnknownFrame } from './panels/unknown-frames.js';
export { checkProfile, type ProfileProblem, panelPointAt, panelRegisterOf } from './profile/check.js';
export {
  type ComposedProfileInput,
  composeProfile,
  defineComposedProfile,
  type ProfileFragment,
} from './profile/compose.js';
export { formatPath } from './profile/format-path.js';
export { loadProfileFile, loadProfilesFromDir } from './profile/load.js';
export { defineProfile, parseProfile } from './profile/parse.js';
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
export { acceptedUnits, fromCanonicalUnit, isConvertible, isKnownUnit, toCanonicalUnit } from './units.js';
