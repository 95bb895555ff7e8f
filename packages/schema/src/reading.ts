import { z } from 'zod';
import { pointIdSchema } from './point.js';
import { qualitySchema } from './quality.js';

/** One value of one point at one time, in the point's canonical unit. */
export const readingSchema = z.object({
  point: pointIdSchema,
  /** Epoch milliseconds (UTC). */
  time: z.number().int().nonnegative(),
  /** Numeric value; `null` when there is none (bad quality). */
  value: z.number().nullable(),
  quality: qualitySchema,
});
export type Reading = z.infer<typeof readingSchema>;
