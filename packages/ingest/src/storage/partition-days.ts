/** Daily reading partitions are named `readings_YYYYMMDD` after their UTC day. */

/** The UTC day of an epoch-ms time, `YYYY-MM-DD`. */
export function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Epoch ms of a day's start (00:00 UTC). */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The partition table of a day. */
export function partitionName(day: string): string {
  return `readings_${day.replaceAll('-', '')}`;
}

/** The day of a partition table, or undefined for a table that is not one of ours. */
export function parsePartitionName(name: string): string | undefined {
  const match = /^readings_(\d{4})(\d{2})(\d{2})$/.exec(name);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}
