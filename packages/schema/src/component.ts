import * as z from 'zod';
import { componentIdSchema } from './ids.js';

/** Where a component is; every part optional because panels rarely know all of it. */
export const locationSchema = z
  .object({
    building: z.string().min(1).max(64).optional().describe('Fire-code id of the building'),
    floor: z
      .number()
      .int()
      .min(-20)
      .max(300)
      .refine(
        (floor) => floor !== 0,
        'there is no floor 0: use 1 for the ground floor, -1 for the first basement',
      )
      .optional()
      .describe('Storey: 1 is the ground floor, -1 the first basement (no floor 0)'),
    zone: z.string().optional().describe('Fire zone / alarm zone as the panel knows it'),
    text: z.string().optional().describe('Free text, e.g. "pump room, north wall"'),
  })
  .describe('Where a component is');
/** Where a component is. */
export type Location = z.infer<typeof locationSchema>;

/** Loop and address of a device on a fire alarm control panel's detection loop. */
export const panelAddressSchema = z
  .object({
    loop: z.number().int().min(0).max(65535).describe('Loop (circuit) number on the panel'),
    address: z.number().int().min(0).max(65535).describe('Device address on the loop'),
  })
  .describe('Loop and address on a fire alarm control panel');
/** Loop and address on a fire alarm control panel. */
export type PanelAddress = z.infer<typeof panelAddressSchema>;

/** The largest GB/T 26875.3 component address: 4 bytes. */
export const MAX_COMPONENT_ADDRESS = 2 ** 32 - 1;

/** A device of a building fire system: a detector, a pump, a pressure transmitter, a panel, ... */
export const componentSchema = z
  .object({
    id: componentIdSchema.describe('Component id, unique in the catalog; points and events refer to it'),
    name: z.string().optional().describe('Name for humans'),
    systemType: z
      .number()
      .int()
      .min(0)
      .max(255)
      .describe('GB/T 26875.3 system type (table 4), see the system types table'),
    systemAddress: z
      .number()
      .int()
      .min(0)
      .max(255)
      .optional()
      .describe('GB/T 26875.3 system address (1 byte): which system of that type in the building'),
    componentType: z
      .number()
      .int()
      .min(0)
      .max(255)
      .describe('GB/T 26875.3 component type (table 5), see the component types table'),
    componentAddress: z
      .number()
      .int()
      .min(0)
      .max(MAX_COMPONENT_ADDRESS)
      .optional()
      .describe('GB/T 26875.3 component address (4 bytes)'),
    location: locationSchema.optional(),
    panel: panelAddressSchema
      .optional()
      .describe('Where it sits on a fire panel, for panel-attached devices'),
    vendor: z.string().optional().describe('Manufacturer'),
    model: z.string().optional().describe('Model'),
  })
  .describe('A device of a building fire system: detector, pump, transmitter, panel, ...');
/** A device of a building fire system. */
export type Component = z.infer<typeof componentSchema>;
