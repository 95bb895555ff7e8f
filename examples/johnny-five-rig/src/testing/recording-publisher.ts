import type { EventInput, ReadingOptions } from '@firecode/sdk';
import type { RigPublisher } from '../pressure-rig.js';

/** Test support: the publisher's test double, recording what the rig would send. */
export class RecordingPublisher implements RigPublisher {
  readonly readings: { point: string; value: number | null; options?: ReadingOptions }[] = [];
  readonly events: EventInput[] = [];
  reading(point: string, value: number | null, options?: ReadingOptions): void {
    this.readings.push({ point, value, ...(options ? { options } : {}) });
  }
  async event(input: EventInput): Promise<void> {
    this.events.push(input);
  }
}
