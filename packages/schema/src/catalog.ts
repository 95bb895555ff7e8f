import * as z from 'zod';
import { buildingSchema } from './building.js';
import { componentSchema } from './component.js';
import { fireSystemSchema } from './fire-system.js';
import { gatewaySchema } from './gateway.js';
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
    gateway: gatewaySchema.optional().describe('Details of the gateway itself; its id must equal gatewayId'),
    building: buildingSchema.optional(),
    systems: z
      .array(fireSystemSchema)
      .optional()
      .describe("The building's fire systems; when given, every component's system must be listed"),
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

function checkGateway(catalog: Record<string, unknown>, context: z.RefinementCtx): void {
  const gateway = catalog['gateway'];
  if (!isRecord(gateway) || typeof gateway['id'] !== 'string') return;
  if (gateway['id'] !== catalog['gatewayId']) {
    context.addIssue({
      code: 'custom',
      path: ['gateway', 'id'],
      message: `gateway id "${gateway['id']}" differs from gatewayId "${String(catalog['gatewayId'])}": they name the same gateway`,
    });
  }
}

function systemKey(type: unknown, address: unknown): string {
  return `${String(type)}/${String(address ?? 0)}`;
}

function checkSystems(catalog: Record<string, unknown>, context: z.RefinementCtx): void {
  const systems = catalog['systems'];
  if (!Array.isArray(systems)) return;
  const known = new Set<string>();
  systems.forEach((system, index) => {
    if (!isRecord(system)) return;
    const key = systemKey(system['systemType'], system['systemAddress']);
    if (known.has(key)) {
      context.addIssue({
        code: 'custom',
        path: ['systems', index],
        message: `system type ${String(system['systemType'])} address ${String(system['systemAddress'])} is listed twice`,
      });
    }
    known.add(key);
  });
  const components: unknown[] = Array.isArray(catalog['components']) ? catalog['components'] : [];
  components.forEach((component, index) => {
    if (!isRecord(component) || typeof component['systemType'] !== 'number') return;
    const key = systemKey(component['systemType'], component['systemAddress']);
    if (!known.has(key)) {
      context.addIssue({
        code: 'custom',
        path: ['components', index, 'systemType'],
        message: `component "${String(component['id'])}" is in system type ${String(component['systemType'])} address ${String(component['systemAddress'] ?? 0)}, which is not in systems: add the system or fix the component`,
      });
    }
  });
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
  checkGateway(catalog, context);
  checkSystems(catalog, context);
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
