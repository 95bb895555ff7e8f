/** Quality levels and reasons: plain data, no zod (part of `@firecode/schema/core`). */
import type { Quality } from './quality.js';

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

/** The quality of a reading with nothing wrong (frozen, share it freely). */
export const GOOD: Quality = Object.freeze({ level: 'good' });
