import * as z from 'zod';

import { eventKinds } from './event-kinds.js';

export { alarmEventKinds, type EventKind, eventKinds, isAlarmEventKind } from './event-kinds.js';

/** A state change of a component: a fire alarm, a fault, a threshold crossing, ... */
export const fireEventSchema = z
  .object({
    time: z.number().int().nonnegative().describe('Epoch milliseconds (UTC)'),
    kind: z.enum(eventKinds).describe('What happened'),
    /** true when the condition starts, false when it clears. */
    active: z.boolean().describe('true when the condition starts, false when it clears'),
    /** Component id (as in the catalog). */
    component: z.string().min(1).describe('Component id (as in the catalog)'),
    /** GB/T 26875.3 system type (table 4). */
    systemType: z.number().int().min(0).max(255).describe('GB/T 26875.3 system type (table 4)'),
    /** GB/T 26875.3 component type (table 5). */
    componentType: z.number().int().min(0).max(255).describe('GB/T 26875.3 component type (table 5)'),
    /** Panel loop and address where the source is a fire-panel point. */
    loop: z.number().int().nonnegative().optional().describe('Fire-panel loop'),
    address: z.number().int().nonnegative().optional().describe('Fire-panel address on the loop'),
    /** Point id when the event comes from a measured point (threshold crossings). */
    point: z.string().optional().describe('Point id when the event comes from a measured point'),
    /** The codes as received from the device, for audit (e.g. `{ register: 23, value: 1 }`). */
    source: z
      .record(z.string(), z.union([z.number(), z.string()]))
      .optional()
      .describe('The codes as received from the device, for audit'),
    description: z.string().optional().describe('Text as received or written by the driver'),
  })
  .describe('A state change of a component: fire alarm, fault, threshold crossing, ...');
/** A state change of a component, as validated by {@link fireEventSchema}. */
export type FireEvent = z.infer<typeof fireEventSchema>;
