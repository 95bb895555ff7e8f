/**
 * Version of the high-rise fire code schema carried in every message.
 * Compatibility rule: see docs/schema.md ("Versioning").
 */
export const SCHEMA_VERSION = 1 as const;
