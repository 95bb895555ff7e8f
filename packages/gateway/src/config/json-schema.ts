import { z } from 'zod';
import { gatewayConfigSchema } from './schema.js';

/**
 * The JSON Schema of the configuration file, for editor completion and validation (YAML language
 * servers read it through a `# yaml-language-server: $schema=...` comment). Describes the file as
 * written: defaults are optional, secrets are `env:`/`file:` references.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(gatewayConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    // Top-level `x-` keys hold YAML anchors and are ignored by the loader (see parse.ts).
    patternProperties: { '^x-': {} },
    $id: 'https://firecode.dev/schemas/gateway-config.json',
    title: 'Firecode gateway configuration',
  };
}
