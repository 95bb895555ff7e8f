import type { EventKind, Quality, QualityLevel, QualityReason } from '@firecode/schema';

/**
 * Numbers the wire format gives to schema enums. They are part of the format (docs/wire-format.md),
 * so they are written out here instead of being derived from the schema's array order: adding a kind
 * to the schema must not renumber the others. A test fails when the schema has a value without a code.
 */
export const EVENT_KIND_CODES: Readonly<Record<string, number>> = {
  fire: 0,
  fault: 1,
  supervisory: 2,
  feedback: 3,
  started: 4,
  stopped: 5,
  shielded: 6,
  unshielded: 7,
  restored: 8,
  reset: 9,
  silenced: 10,
  'main-power-fault': 11,
  'backup-power-fault': 12,
  'bus-fault': 13,
  offline: 14,
  online: 15,
  'low-alarm': 16,
  'high-alarm': 17,
  'power-fault': 18,
};

/** Quality level codes: the low two bits of a quality code. `good` is never written. */
export const QUALITY_LEVEL_CODES: Readonly<Record<QualityLevel, number>> = { good: 0, uncertain: 1, bad: 2 };

/** Quality reason codes: the quality code's bits above the level (`code >> 2`); 0 means no reason. */
export const QUALITY_REASON_CODES: Readonly<Record<QualityReason, number>> = {
  'communication-failure': 1,
  'out-of-range': 2,
  'sensor-fault': 3,
  stale: 4,
  'configuration-error': 5,
  substituted: 6,
};

const kindByCode = invert(EVENT_KIND_CODES as Record<EventKind, number>);
const levelByCode = invert(QUALITY_LEVEL_CODES);
const reasonByCode = invert(QUALITY_REASON_CODES);

function invert<K extends string>(table: Readonly<Record<K, number>>): Map<number, K> {
  return new Map(Object.entries(table).map(([key, code]) => [code as number, key as K]));
}

/** The event kind for a wire code, or undefined for a code this version does not know. */
export function eventKindFromCode(code: number): EventKind | undefined {
  return kindByCode.get(code);
}

/** Packs a quality into one small integer: `reason << 2 | level`; undefined for an unknown level or reason. */
export function qualityToCode(quality: Quality): number | undefined {
  const level = QUALITY_LEVEL_CODES[quality.level];
  const reason = quality.reason === undefined ? 0 : QUALITY_REASON_CODES[quality.reason];
  if (level === undefined || reason === undefined) return undefined;
  return (reason << 2) | level;
}

/** Unpacks a quality code, or undefined when a part is unknown. */
export function qualityFromCode(code: number): Quality | undefined {
  const level = levelByCode.get(code & 3);
  if (level === undefined || code < 0 || code > 0xff) return undefined;
  const reasonCode = code >> 2;
  if (reasonCode === 0) return { level };
  const reason = reasonByCode.get(reasonCode);
  return reason === undefined ? undefined : { level, reason };
}
