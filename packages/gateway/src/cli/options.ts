import { usageError } from './exit-codes.js';

/** An integer option within bounds, or a usage error naming the option. */
export function parseIntegerOption(name: string, text: string, min: number, max: number): number {
  const value = /^-?\d+$/.test(text.trim())
    ? Number(text)
    : /^0x[0-9a-f]+$/i.test(text.trim())
      ? Number(text)
      : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw usageError(`${name}: "${text}" is not an integer in ${min}-${max}`);
  }
  return value;
}

/** `1-247`, `5`, `1,3,10-12` into a sorted list of unit ids (1-247). */
export function parseUnitRange(text: string): number[] {
  const units = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (match === null) throw usageError(`--units: "${part}" is not a unit id or a range like 1-247`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from < 1 || to > 247 || from > to) {
      throw usageError(`--units: "${part.trim()}" is outside 1-247 or reversed (unit ids are 1-247)`);
    }
    for (let unit = from; unit <= to; unit++) units.add(unit);
  }
  return [...units].sort((a, b) => a - b);
}

/** `host:port` or `[v6]:port`; the port defaults to Modbus TCP's 502. */
export function parseHostPort(name: string, text: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:]+\]|[^:\s[\]]+)(?::(\d+))?$/.exec(text.trim());
  if (match === null) throw usageError(`${name}: "${text}" is not host:port (e.g. 192.168.1.20:502)`);
  const port = match[2] === undefined ? 502 : parseIntegerOption(`${name} port`, match[2], 1, 65535);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/** One of a fixed set of words, with the set in the message. */
export function parseChoice<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw usageError(`${name}: "${text}" is not one of ${choices.join(', ')}`);
}
