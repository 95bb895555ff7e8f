import { z } from 'zod';
import { componentIdSchema } from './ids.js';

/** Where a component is; every part optional because panels rarely know all of it. */
export const locationSchema = z.object({
  /** Fire-code id of the building. */
  building: z.string().min(1).max(64).optional(),
  /** Storey number: 1 is the ground floor, -1 the first basement (no floor 0). */
  floor: z
    .number()
    .int()
    .min(-20)
    .max(300)
    .refine(
      (floor) => floor !== 0,
      'there is no floor 0: use 1 for the ground floor, -1 for the first basement',
    )
    .optional(),
  /** Fire zone / alarm zone name or number as the panel knows it. */
  zone: z.string().optional(),
  /** Free text, e.g. "pump room, north wall". */
  text: z.string().optional(),
});
/** Where a component is. */
export type Location = z.infer<typeof locationSchema>;

/** Loop and address of a device on a fire alarm control panel's detection loop. */
export const panelAddressSchema = z.object({
  loop: z.number().int().min(0).max(65535),
  address: z.number().int().min(0).max(65535),
});
/** Loop and address on a fire alarm control panel. */
export type PanelAddress = z.infer<typeof panelAddressSchema>;

/** The largest GB/T 26875.3 component address: 4 bytes. */
export const MAX_COMPONENT_ADDRESS = 2 ** 32 - 1;

/** A device of a building fire system: a detector, a pump, a pressure transmitter, a panel, ... */
export const componentSchema = z.object({
  id: componentIdSchema,
  name: z.string().optional(),
  /** GB/T 26875.3 system type (table 4), see `systemTypes`. */
  systemType: z.number().int().min(0).max(255),
  /** GB/T 26875.3 system address (1 byte): which system of that type in the building. */
  systemAddress: z.number().int().min(0).max(255).optional(),
  /** GB/T 26875.3 component type (table 5), see `componentTypes`. */
  componentType: z.number().int().min(0).max(255),
  /** GB/T 26875.3 component address (4 bytes). */
  componentAddress: z.number().int().min(0).max(MAX_COMPONENT_ADDRESS).optional(),
  location: locationSchema.optional(),
  /** Where it sits on a fire panel, for panel-attached devices. */
  panel: panelAddressSchema.optional(),
  vendor: z.string().optional(),
  model: z.string().optional(),
});
/** A device of a building fire system. */
export type Component = z.infer<typeof componentSchema>;
