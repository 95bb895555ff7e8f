/**
 * @packageDocumentation
 * The high-rise fire code (高楼消防码) schema: the contract between devices, gateway, SDK and the
 * receiving platform. Depends on nothing but zod and runs anywhere (no Node-only APIs).
 */
export { FirecodeError, isFirecodeError } from './errors.js';
export { type EventKind, eventKinds, type FireEvent, fireEventSchema } from './event.js';
export {
  canonicalUnits,
  type Point,
  type PointKind,
  pointIdSchema,
  pointKinds,
  pointSchema,
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
export { SCHEMA_VERSION } from './version.js';
