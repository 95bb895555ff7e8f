/** Test helpers: hex ↔ bytes, with spaces, newlines and `#`/`//` comments allowed in the hex. */
export function hexBytes(text: string): Uint8Array {
  const clean = text
    .split('\n')
    .map((line) => line.replace(/(\/\/|#\s).*$/, ''))
    .join(' ')
    .replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`not hex: ${text}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** `40 40 01 00 …` */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
