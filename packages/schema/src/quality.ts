import { z } from 'zod';

/** How far a reading can be trusted. Mirrors OPC-style good / uncertain / bad. */
export const qualityLevels = ['good', 'uncertain', 'bad'] as const;
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
export type QualityReason = (typeof qualityReasons)[number];

export const qualitySchema = z
  .object({
    level: z.enum(qualityLevels).describe('good, uncertain or bad'),
    reason: z.enum(qualityReasons).optional().describe('Why the reading is not good'),
  })
  .describe('How far a reading can be trusted');
export type Quality = z.infer<typeof qualitySchema>;

export const GOOD: Quality = Object.freeze({ level: 'good' });
