/**
 * Message classes in priority order, highest first. An alarm is published before any queued status,
 * data or backlog; `historical` is the backlog of data produced while the link was down.
 */
export const MESSAGE_CLASSES = ['alarm', 'status', 'data', 'historical'] as const;

/** One of {@link MESSAGE_CLASSES}. */
export type MessageClass = (typeof MESSAGE_CLASSES)[number];

/** Priority rank: 0 is the highest (alarm). */
export function classRank(cls: MessageClass): number {
  return MESSAGE_CLASSES.indexOf(cls);
}

/** True when `value` names a message class. */
export function isMessageClass(value: unknown): value is MessageClass {
  return typeof value === 'string' && (MESSAGE_CLASSES as readonly string[]).includes(value);
}

/** Throws a TypeError naming the valid classes when `value` is not one. */
export function assertMessageClass(value: unknown, where: string): asserts value is MessageClass {
  if (!isMessageClass(value)) {
    throw new TypeError(
      `${where}: unknown message class ${JSON.stringify(value)}; use one of ${MESSAGE_CLASSES.join(', ')}`,
    );
  }
}
