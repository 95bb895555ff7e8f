import * as z from 'zod';

/** How far a reading can be trusted. Mirrors OPC-style good / uncertain / bad. */
export const qualityLevels = ['good', 'uncertain', 'bad'] as const;
/** One of {@link qualityLevels}. */
export type QualityLevel = (typeof qualityLevels)[number];

/** Why a reading is not `good`. */
export const qualityReasons = [
  'communication-failure',
  'out-of-range',
  'sensor-fault',
  'stale',
  'configuration-error',
  'substituted',
] as const;
/** One of {@link qualityReasons}. */
export type QualityReason = (typeof qualityReasons)[number];

/** Quality of a reading: a level and, unless good, why. */
export const qualitySchema = z
  .object({
    level: z.enum(qualityLevels).describe('good, uncertain or bad'),
    reason: z.enum(qualityReasons).optional().describe('Why the reading is not good'),
  })
  .describe('How far a reading can be trusted');
/** Quality of a reading: a level and, unless good, why. */
export type Quality = z.infer<typeof qualitySchema>;

/** The quality of a reading with nothing wrong (frozen, share it freely). */
export const GOOD: Quality = Object.freeze({ level: 'good' });
