import type { Gb26875Adu } from '../adu/objects.js';
import { splitAdu } from '../adu/split.js';

/**
 * Packs consecutive ADUs of the same type into multi-object ADUs (then splits them to the limits),
 * keeping the order of every object: for draining a backlog in fewer frames. ADUs of different
 * types are never reordered.
 */
export function coalesce(adus: readonly Gb26875Adu[]): Gb26875Adu[] {
  const out: Gb26875Adu[] = [];
  let current: { type: number; objects: unknown[] } | undefined;
  const flush = () => {
    if (current !== undefined) out.push(...splitAdu(current as unknown as Gb26875Adu));
    current = undefined;
  };
  for (const adu of adus) {
    if (current === undefined || current.type !== adu.type) {
      flush();
      current = { type: adu.type, objects: [] };
    }
    current.objects.push(...(adu.objects as readonly unknown[]));
  }
  flush();
  return out;
}
