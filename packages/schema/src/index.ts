/**
 * @packageDocumentation
 * The high-rise fire code (高楼消防码) schema: the contract between devices, gateway, SDK and the
 * receiving platform. Depends on nothing but zod and runs anywhere (no Node-only APIs).
 */
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
export { type EventKind, eventKinds, type FireEvent, fireEventSchema } from './event.js';
export { type Gateway, gatewaySchema, MAX_TRANSMISSION_ADDRESS } from './gateway.js';
export { componentIdSchema, idSchema } from './ids.js';
export {
  type CanonicalUnit,
  canonicalUnits,
  type Point,
  type PointKind,
  pointIdSchema,
  pointKinds,
  pointSchema,
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
export { SCHEMA_VERSION } from './version.js';
