import type { Reading } from '@firecode/schema';
import { qualityString, type ReadingColumns } from './store.js';

/** Readings as the columns {@link ReadingColumns} the store takes. */
export function readingsToColumns(readings: readonly Reading[]): ReadingColumns {
  const length = readings.length;
  const points = new Array<string>(length);
  const times = new Float64Array(length);
  const values = new Array<number | null>(length);
  const qualities = new Array<string>(length);
  for (let i = 0; i < length; i++) {
    const reading = readings[i]!;
    points[i] = reading.point;
    times[i] = reading.time;
    values[i] = reading.value;
    qualities[i] = qualityString(reading.quality);
  }
  return { length, points, times, values, qualities };
}

/** No readings (alarms, status messages). */
export const NO_READINGS: ReadingColumns = Object.freeze({
  length: 0,
  points: [],
  times: [],
  values: [],
  qualities: [],
});
