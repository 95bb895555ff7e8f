/**
 * @packageDocumentation
 * The high-rise fire code (高楼消防码) schema: the contract between devices, gateway, SDK and the
 * receiving platform. Depends on nothing but zod and runs anywhere (no Node-only APIs).
 */

// The zod schemas, validation and JSON Schema.
export { buildingSchema, buildingUseClasses } from './building.js';
export { catalogSchema } from './catalog.js';
export { componentSchema, locationSchema, MAX_COMPONENT_ADDRESS, panelAddressSchema } from './component.js';
// Everything that needs no zod (also `@firecode/schema/core`).
export * from './core.js';
export { fireEventSchema } from './event.js';
export { fireSystemSchema } from './fire-system.js';
export { gatewaySchema, MAX_TRANSMISSION_ADDRESS } from './gateway.js';
export { componentIdSchema, idSchema } from './ids.js';
export {
  type JsonSchema,
  jsonSchemas,
  type PublishedSchemaName,
  publishedSchemas,
  toJsonSchema,
} from './json-schema.js';
export { pointIdSchema, pointSchema, pointStateSchema, rangeSchema, thresholdsSchema } from './point.js';
export { qualitySchema } from './quality.js';
export { readingSchema } from './reading.js';
export { isReadingColumns, ReadingColumns, type ReadingRows } from './reading-columns.js';
export {
  componentStatusReportSchema,
  systemStatusReportSchema,
  transmissionStatusReportSchema,
} from './status-report.js';
export {
  formatPath,
  formatProblems,
  type Problem,
  parseOrThrow,
  problemsOf,
  type ValidationResult,
  validate,
} from './validate.js';
