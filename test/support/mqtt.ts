import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';

/** The broker the suite runs against (see global-setup.ts). */
export function mqttUrl(): string {
  return inject('mqttUrl');
}

/** A topic prefix no other test run shares, so runs on the machine's shared broker never see each other. */
export function uniqueTopicPrefix(label = 'test'): string {
  return `firecode-test/${label}-${randomUUID().slice(0, 8)}`;
}
