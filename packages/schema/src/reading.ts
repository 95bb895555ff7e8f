import * as z from 'zod';
import { pointIdSchema } from './point.js';
import { qualitySchema } from './quality.js';

/** One value of one point at one time, in the point's canonical unit. */
export const readingSchema = z
  .object({
    point: pointIdSchema.describe('Point id'),
    /** Epoch milliseconds (UTC). */
    time: z.number().int().nonnegative().describe('Epoch milliseconds (UTC)'),
    /** Numeric value; `null` when there is none (bad quality). */
    value: z.number().nullable().describe("Value in the point's canonical unit; null when there is none"),
    quality: qualitySchema,
  })
  .describe('One value of one point at one time');
/** One value of one point at one time, in the point's canonical unit. */
export type Reading = z.infer<typeof readingSchema>;
