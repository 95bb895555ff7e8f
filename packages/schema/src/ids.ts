import * as z from 'zod';

/**
 * Ids of components, gateways and buildings are stable, human-readable keys like point ids
 * (e.g. `fap-1`, `pump-room-pt-3`): they appear in topics, logs and the wire format, so they stay short
 * and free of spaces and upper case.
 */
export const idSchema: z.ZodString = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'use 1-64 lowercase letters, digits, ".", "_" or "-"');

/** A component's id (as referenced by points and events). */
export const componentIdSchema: z.ZodString = idSchema;
