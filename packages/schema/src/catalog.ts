import { z } from 'zod';
import { buildingSchema } from './building.js';
import { componentSchema } from './component.js';
import { idSchema } from './ids.js';
import { pointSchema } from './point.js';

/**
 * Everything a gateway reports on: its components and their points. Sent in the birth message so the
 * receiver can interpret readings and events that refer to ids only.
 *
 * Cross-checks: component ids and point ids are unique, and every point names a component of the catalog.
 */
export const catalogSchema = z
  .object({
    /** Schema version the catalog was written with (see `SCHEMA_VERSION`); absent means 1. */
    schemaVersion: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Schema version the catalog was written with; absent means 1'),
    gatewayId: idSchema.describe('Id of the gateway that reports these'),
    building: buildingSchema.optional(),
    components: z.array(componentSchema).describe('Every component the gateway reports on'),
    points: z.array(pointSchema).describe('Every point of those components'),
  })
  .describe("The gateway's components and points, as sent in its birth message")
  // Runs even when fields have problems, so one pass reports every problem; entries are therefore read
  // defensively (an entry may still be malformed here).
  .superRefine(checkCrossReferences, { when: (payload) => isRecord(payload.value) });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idsOf(list: unknown): (string | undefined)[] {
  return Array.isArray(list)
    ? list.map((entry) => (isRecord(entry) && typeof entry['id'] === 'string' ? entry['id'] : undefined))
    : [];
}

function checkCrossReferences(catalog: unknown, context: z.RefinementCtx): void {
  if (!isRecord(catalog)) return;
  const componentIds = new Set<string>();
  idsOf(catalog['components']).forEach((id, index) => {
    if (id === undefined) return;
    if (componentIds.has(id)) {
      context.addIssue({
        code: 'custom',
        path: ['components', index, 'id'],
        message: `component id "${id}" is used twice: give each component its own id`,
      });
    }
    componentIds.add(id);
  });
  const pointIds = new Set<string>();
  const points: unknown[] = Array.isArray(catalog['points']) ? catalog['points'] : [];
  points.forEach((point, index) => {
    if (!isRecord(point)) return;
    const id = typeof point['id'] === 'string' ? point['id'] : undefined;
    if (id !== undefined && pointIds.has(id)) {
      context.addIssue({
        code: 'custom',
        path: ['points', index, 'id'],
        message: `point id "${id}" is used twice: give each point its own id`,
      });
    }
    if (id !== undefined) pointIds.add(id);
    const component = point['component'];
    if (typeof component === 'string' && !componentIds.has(component)) {
      context.addIssue({
        code: 'custom',
        path: ['points', index, 'component'],
        message: `point "${id ?? index}" belongs to component "${component}", which is not in the catalog: add it to components or fix the id`,
      });
    }
  });
}

/** The gateway's components and points, as sent in its birth message. */
export type Catalog = z.infer<typeof catalogSchema>;
