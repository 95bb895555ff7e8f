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
  .superRefine((catalog, context) => {
    const componentIds = new Set<string>();
    catalog.components.forEach((component, index) => {
      if (componentIds.has(component.id)) {
        context.addIssue({
          code: 'custom',
          path: ['components', index, 'id'],
          message: `component id "${component.id}" is used twice: give each component its own id`,
        });
      }
      componentIds.add(component.id);
    });
    const pointIds = new Set<string>();
    catalog.points.forEach((point, index) => {
      if (pointIds.has(point.id)) {
        context.addIssue({
          code: 'custom',
          path: ['points', index, 'id'],
          message: `point id "${point.id}" is used twice: give each point its own id`,
        });
      }
      pointIds.add(point.id);
      if (!componentIds.has(point.component)) {
        context.addIssue({
          code: 'custom',
          path: ['points', index, 'component'],
          message: `point "${point.id}" belongs to component "${point.component}", which is not in the catalog: add it to components or fix the id`,
        });
      }
    });
  });
/** The gateway's components and points, as sent in its birth message. */
export type Catalog = z.infer<typeof catalogSchema>;
