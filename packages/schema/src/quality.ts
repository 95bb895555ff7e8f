import * as z from 'zod';

import { qualityLevels, qualityReasons } from './quality-levels.js';

export {
  GOOD,
  type QualityLevel,
  type QualityReason,
  qualityLevels,
  qualityReasons,
} from './quality-levels.js';

/** Quality of a reading: a level and, unless good, why. */
export const qualitySchema = z
  .object({
    level: z.enum(qualityLevels).describe('good, uncertain or bad'),
    reason: z.enum(qualityReasons).optional().describe('Why the reading is not good'),
  })
  .describe('How far a reading can be trusted');
/** Quality of a reading: a level and, unless good, why. */
export type Quality = z.infer<typeof qualitySchema>;
