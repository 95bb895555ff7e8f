/** Edit distance (insert, delete, substitute, transpose adjacent) between two short strings. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      let best = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      row[j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `wanted`, if it is close enough to be a typo: case differences are free,
 * and up to a third of the word may differ.
 */
export function closestMatch(wanted: string, candidates: readonly string[]): string | undefined {
  const folded = wanted.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(folded, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(wanted.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** "did you mean "x"?" or the list of what is allowed. */
export function didYouMean(wanted: string, candidates: readonly string[]): string {
  const match = closestMatch(wanted, candidates);
  if (match !== undefined) return `did you mean "${match}"?`;
  if (candidates.length === 0) return 'nothing is allowed here';
  const shown = candidates.slice(0, 12).map((c) => `"${c}"`);
  return `expected one of ${shown.join(', ')}${candidates.length > 12 ? ', ...' : ''}`;
}
