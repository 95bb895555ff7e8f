import { MESSAGE_CLASSES, type MessageClass } from '../message-class.js';
import type { OutboxStats } from './outbox.js';

/** A number of messages and their bytes (record headers included). */
export interface Tally {
  readonly messages: number;
  readonly bytes: number;
}

/** Messages and bytes in total and per class: what is queued, undelivered or lost. */
export interface MessageCount extends Tally {
  readonly byClass: Readonly<Record<MessageClass, Tally>>;
}

/** What an outbox holds now, from its stats. */
export function queuedCount(stats: OutboxStats): MessageCount {
  const byClass = {} as Record<MessageClass, Tally>;
  for (const cls of MESSAGE_CLASSES) {
    byClass[cls] = { messages: stats.byClass[cls].messages, bytes: stats.byClass[cls].bytes };
  }
  return { messages: stats.messages, bytes: stats.bytes, byClass };
}

/** Nothing. */
export const NO_MESSAGES: MessageCount = {
  messages: 0,
  bytes: 0,
  byClass: {
    alarm: { messages: 0, bytes: 0 },
    status: { messages: 0, bytes: 0 },
    data: { messages: 0, bytes: 0 },
    historical: { messages: 0, bytes: 0 },
  },
};
