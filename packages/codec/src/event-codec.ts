/**
 * Events on the wire: a map with small integer keys. With a catalog, the component and point are
 * written as aliases (their index in the catalog); without one (alarms, which must be readable even by
 * a receiver that missed the birth) as their ids. Times are offsets from the message's base time.
 */
import { type FireEvent, fireEventSchema, formatProblems, validate } from '@firecode/schema';
import type { PreparedCatalog } from './catalog.js';
import { wireInteger } from './cbor.js';
import { codecError } from './errors.js';
import { DEFAULT_DECODE_LIMITS } from './limits.js';
import { EVENT_KIND_CODES, eventKindFromCode } from './wire-codes.js';
import { EventField } from './wire-keys.js';
import { asArray, asBoolean, asInteger, asMap, asString, malformed } from './wire-read.js';

/** Encodes events; `catalog` switches ids to aliases. */
export function encodeEvents(
  events: readonly FireEvent[],
  baseTime: number,
  catalog: PreparedCatalog | undefined,
): Map<number, unknown>[] {
  return events.map((event, index) => {
    const where = `events[${index}]`;
    // Events are few: checking each against the schema costs nothing and keeps bad ones off the wire.
    const checked = validate(fireEventSchema, event);
    if (!checked.ok) {
      throw codecError(
        'CODEC_INVALID_INPUT',
        `${where} is not a valid event:\n${formatProblems(checked.problems)}`,
        {
          path: where,
        },
      );
    }
    const kind = EVENT_KIND_CODES[event.kind];
    if (kind === undefined) {
      throw codecError('CODEC_INVALID_INPUT', `${where}.kind "${event.kind}" has no wire code in format v1`, {
        path: `${where}.kind`,
      });
    }
    checkTime(event.time, `${where}.time`);
    const entry = new Map<number, unknown>([
      [EventField.time, wireInteger(event.time - baseTime)],
      [EventField.kind, kind],
      [EventField.active, event.active],
      [EventField.component, reference(event.component, catalog?.componentAliases)],
      [EventField.systemType, event.systemType],
      [EventField.componentType, event.componentType],
    ]);
    if (event.loop !== undefined) entry.set(EventField.loop, wireInteger(event.loop));
    if (event.address !== undefined) entry.set(EventField.address, wireInteger(event.address));
    if (event.point !== undefined) entry.set(EventField.point, reference(event.point, catalog?.pointAliases));
    if (event.source !== undefined) {
      const source = new Map<string, unknown>();
      for (const [key, value] of Object.entries(event.source)) {
        if (typeof value === 'string') checkTextLength(value, `${where}.source.${key}`);
        source.set(
          key,
          typeof value === 'number' && Number.isSafeInteger(value) ? wireInteger(value) : value,
        );
      }
      entry.set(EventField.source, source);
    }
    if (event.description !== undefined) {
      checkTextLength(event.description, `${where}.description`);
      entry.set(EventField.description, event.description);
    }
    return entry;
  });
}

const utf8 = new TextEncoder();

/** Text longer than receivers accept by default would make the whole message undecodable. */
export function checkTextLength(text: string, where: string): void {
  const limit = DEFAULT_DECODE_LIMITS.maxTextLength;
  if (text.length * 3 > limit && utf8.encode(text).length > limit) {
    throw codecError('CODEC_INVALID_INPUT', `${where} is longer than ${limit} bytes of UTF-8: shorten it`, {
      path: where,
    });
  }
}

/** An alias when the catalog knows the id, else the id itself (both are valid on the wire). */
function reference(id: string, aliases: ReadonlyMap<string, number> | undefined): number | string {
  return aliases?.get(id) ?? id;
}

/** Times are epoch milliseconds: non-negative safe integers. */
export function checkTime(time: number, where: string): void {
  if (!Number.isSafeInteger(time) || time < 0) {
    throw codecError(
      'CODEC_INVALID_INPUT',
      `${where} is ${String(time)}: times are epoch milliseconds (non-negative integers)`,
      { path: where },
    );
  }
}

/** Decodes events; `catalogFor` is called only when an event uses an alias. */
export function decodeEvents(
  item: unknown,
  baseTime: number,
  catalogFor: () => PreparedCatalog,
  where: string,
): FireEvent[] {
  return asArray(item, where).map((raw, index) => {
    const at = `${where}[${index}]`;
    const entry = asMap(raw, at);
    const time = baseTime + asInteger(entry.get(EventField.time), `${at}.time`);
    if (!Number.isSafeInteger(time) || time < 0) malformed(`${at}.time gives an invalid time ${time}`);
    const kindCode = asInteger(entry.get(EventField.kind), `${at}.kind`);
    const kind = eventKindFromCode(kindCode);
    if (kind === undefined) malformed(`${at}.kind ${kindCode} is not an event kind of format v1`);
    const event: FireEvent = {
      time,
      kind: kind!,
      active: asBoolean(entry.get(EventField.active), `${at}.active`),
      component: resolve(entry.get(EventField.component), catalogFor, 'components', `${at}.component`),
      systemType: byte(entry.get(EventField.systemType), `${at}.systemType`),
      componentType: byte(entry.get(EventField.componentType), `${at}.componentType`),
    };
    const loop = entry.get(EventField.loop);
    if (loop !== undefined) event.loop = nonNegative(loop, `${at}.loop`);
    const address = entry.get(EventField.address);
    if (address !== undefined) event.address = nonNegative(address, `${at}.address`);
    const point = entry.get(EventField.point);
    if (point !== undefined) event.point = resolve(point, catalogFor, 'points', `${at}.point`);
    const source = entry.get(EventField.source);
    if (source !== undefined) event.source = decodeSource(source, `${at}.source`);
    const description = entry.get(EventField.description);
    if (description !== undefined) event.description = asString(description, `${at}.description`);
    return event;
  });
}

function resolve(
  item: unknown,
  catalogFor: () => PreparedCatalog,
  list: 'components' | 'points',
  where: string,
): string {
  if (typeof item === 'string') {
    if (item.length === 0) malformed(`${where} is empty`);
    return item;
  }
  const alias = asInteger(item, where);
  const catalog = catalogFor();
  const entry = catalog.catalog[list][alias];
  if (entry === undefined) {
    throw codecError(
      'CODEC_UNKNOWN_POINT',
      `${where} uses alias ${alias}, but catalog ${catalog.hash} has ${catalog.catalog[list].length} ${list}`,
      { path: where, alias },
    );
  }
  return entry.id;
}

function byte(item: unknown, where: string): number {
  const value = asInteger(item, where);
  if (value < 0 || value > 255) malformed(`${where} must be 0-255`);
  return value;
}

function nonNegative(item: unknown, where: string): number {
  const value = asInteger(item, where);
  if (value < 0) malformed(`${where} must not be negative`);
  return value;
}

function decodeSource(item: unknown, where: string): Record<string, number | string> {
  const source: Record<string, number | string> = Object.create(null);
  for (const [key, value] of asMap(item, where)) {
    const name = asString(key, `${where} key`);
    if (typeof value === 'string' || typeof value === 'number') source[name] = value;
    else if (typeof value === 'bigint') source[name] = asInteger(value, `${where}.${name}`);
    else malformed(`${where}.${name} must be a number or a string`);
  }
  // A plain object again, so callers and schema validation see an ordinary record.
  return { ...source };
}
