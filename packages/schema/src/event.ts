import { z } from 'zod';

/** What happened. Fire-panel and transmitter events all normalize to one of these. */
export const eventKinds = [
  'fire',
  'fault',
  'supervisory',
  'feedback',
  'started',
  'stopped',
  'shielded',
  'unshielded',
  'restored',
  'reset',
  'silenced',
  'main-power-fault',
  'backup-power-fault',
  'bus-fault',
  'offline',
  'online',
  'low-alarm',
  'high-alarm',
] as const;
export type EventKind = (typeof eventKinds)[number];

/** A state change of a component: a fire alarm, a fault, a threshold crossing, ... */
export const fireEventSchema = z.object({
  time: z.number().int().nonnegative(),
  kind: z.enum(eventKinds),
  /** true when the condition starts, false when it clears. */
  active: z.boolean(),
  /** Component id (as in the catalog). */
  component: z.string().min(1),
  /** GB/T 26875.3 system type (table 4). */
  systemType: z.number().int().min(0).max(255),
  /** GB/T 26875.3 component type (table 5). */
  componentType: z.number().int().min(0).max(255),
  /** Panel loop and address where the source is a fire-panel point. */
  loop: z.number().int().nonnegative().optional(),
  address: z.number().int().nonnegative().optional(),
  /** Point id when the event comes from a measured point (threshold crossings). */
  point: z.string().optional(),
  /** The codes as received from the device, for audit (e.g. `{ register: 23, value: 1 }`). */
  source: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  description: z.string().optional(),
});
export type FireEvent = z.infer<typeof fireEventSchema>;
