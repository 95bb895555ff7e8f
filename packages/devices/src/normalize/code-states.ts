import type { EventKind } from '@firecode/schema';
import type { CodeMeaning } from '../profile/schema.js';

/** One change a code transition reports. */
export interface ConditionChange {
  kind: EventKind;
  active: boolean;
  description?: string;
}

/** What a new code did: the changes to report, or that the code is not in the table. */
export type CodeUpdate =
  | { changes: ConditionChange[]; unknown: false }
  | { changes: []; unknown: true; changed: boolean };

interface Remembered {
  code: number;
  /** The last meaning that was in the table: an unknown code keeps the previous condition standing. */
  meaning: CodeMeaning;
}

const NORMAL: CodeMeaning = 'normal';

/**
 * Value codes → condition changes, reported only on change. Keys are anything stable (event id,
 * panel register). Rules:
 * - a code whose meaning is an active condition raises it (once);
 * - leaving an active condition clears it (`active: false`), unless the new code is the same kind
 *   still active; a code that explicitly ends that kind (e.g. GST "stop" ends "started") is the clear;
 * - on the first observation only active conditions are reported (a panel full of "stopped" modules
 *   at gateway start is not news);
 * - an unknown code is reported to the caller (it may be an alarm the table does not know) and leaves
 *   the previous condition standing.
 */
export class CodeStateMachine<Key> {
  private readonly states = new Map<Key, Remembered>();

  update(key: Key, code: number, table: Readonly<Record<string, CodeMeaning>>): CodeUpdate {
    const previous = this.states.get(key);
    if (previous && previous.code === code) {
      return table[String(code)] === undefined
        ? { changes: [], unknown: true, changed: false }
        : { changes: [], unknown: false };
    }
    const next = table[String(code)];
    if (next === undefined) {
      this.states.set(key, { code, meaning: previous?.meaning ?? NORMAL });
      return { changes: [], unknown: true, changed: true };
    }
    this.states.set(key, { code, meaning: next });
    const before = previous?.meaning ?? NORMAL;
    const changes: ConditionChange[] = [];
    let endReported = false;
    if (before !== 'normal' && before.active) {
      const continues = next !== 'normal' && next.kind === before.kind && next.active;
      if (!continues) {
        const explicitEnd = next !== 'normal' && next.kind === before.kind && !next.active;
        changes.push({
          kind: before.kind,
          active: false,
          ...(explicitEnd && next.description ? { description: next.description } : {}),
        });
        endReported = explicitEnd;
      }
    }
    if (next !== 'normal') {
      if (next.active) {
        changes.push({
          kind: next.kind,
          active: true,
          ...(next.description ? { description: next.description } : {}),
        });
      } else if (!endReported && previous !== undefined) {
        changes.push({
          kind: next.kind,
          active: false,
          ...(next.description ? { description: next.description } : {}),
        });
      }
    }
    return { changes, unknown: false };
  }

  /** Conditions currently standing, by key (for status snapshots and tests). */
  active(): Map<Key, CodeMeaning> {
    const result = new Map<Key, CodeMeaning>();
    for (const [key, state] of this.states)
      if (state.meaning !== 'normal' && state.meaning.active) result.set(key, state.meaning);
    return result;
  }
}
