import { describe, expect, it } from 'vitest';
import { assertSchemaVersion, SCHEMA_VERSION } from './version.js';

describe('schema version', () => {
  it('reads its own version, and a missing version as 1', () => {
    expect(SCHEMA_VERSION).toBe(1);
    expect(() => assertSchemaVersion(SCHEMA_VERSION)).not.toThrow();
    expect(() => assertSchemaVersion(undefined)).not.toThrow();
  });

  it('rejects a newer version with advice', () => {
    expect(() => assertSchemaVersion(2)).toThrow(
      expect.objectContaining({
        code: 'SCHEMA_VERSION_UNSUPPORTED',
        message: expect.stringContaining('update @firecode/schema'),
      }),
    );
    expect(() => assertSchemaVersion('1')).toThrow(
      expect.objectContaining({ code: 'SCHEMA_VERSION_UNSUPPORTED' }),
    );
  });
});
