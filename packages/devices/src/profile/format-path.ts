/** Formats a path into a profile as `points[0].transform.unitFrom.codes`, as error messages show it. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text === '' ? '(profile)' : text;
}
