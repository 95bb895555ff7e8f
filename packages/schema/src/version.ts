import { schemaError } from './schema-errors.js';

/**
 * Version of the high-rise fire code schema carried in every message.
 * Compatibility rule: see docs/schema.md ("Versioning").
 */
export const SCHEMA_VERSION = 1 as const;

/** Schema versions this build can read. */
export const supportedSchemaVersions: readonly number[] = Object.freeze([SCHEMA_VERSION]);

/**
 * Throws `SCHEMA_VERSION_UNSUPPORTED` unless this build reads `version`. A version bump means a breaking
 * change (docs/schema.md), so an unknown version must be rejected, not guessed at; `undefined` counts
 * as 1, the version before the field existed.
 */
export function assertSchemaVersion(version: unknown): void {
  const effective = version ?? 1;
  if (typeof effective === 'number' && supportedSchemaVersions.includes(effective)) return;
  throw schemaError(
    'SCHEMA_VERSION_UNSUPPORTED',
    `schema version ${JSON.stringify(version)} is not supported by this build (it reads ${supportedSchemaVersions.join(', ')}): update @firecode/schema on the receiving side`,
    { version },
  );
}
