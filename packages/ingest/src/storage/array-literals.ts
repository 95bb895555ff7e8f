/**
 * A PostgreSQL array literal of numbers (`{1,2.5,NULL}`), built with one join instead of the drivers'
 * per-element conversion: for a 12 000-reading batch that conversion cost more than the insert.
 */
export function numberArray(values: ArrayLike<number | null>, length: number): string {
  const parts = new Array<string>(length);
  for (let i = 0; i < length; i++) {
    const value = values[i];
    parts[i] = value === null || value === undefined || Number.isNaN(value) ? 'NULL' : String(value);
  }
  return `{${parts.join(',')}}`;
}

/** A PostgreSQL array literal of texts, each quoted (backslashes and double quotes escaped). */
export function textArray(values: readonly string[], length: number): string {
  const parts = new Array<string>(length);
  for (let i = 0; i < length; i++) {
    const value = values[i]!;
    parts[i] = `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  }
  return `{${parts.join(',')}}`;
}
