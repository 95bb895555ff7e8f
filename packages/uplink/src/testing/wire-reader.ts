import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';

/**
 * A message as an independent decoder reads it (`cborg` in strict mode and the layout of
 * docs/wire-format.md, sharing no code with `@firecode/codec`), with the topic it came on.
 */
export interface WireMessage {
  readonly topic: string;
  readonly type: 'birth' | 'state' | 'data' | 'alarm';
  readonly gatewayId: string;
  readonly time: number;
  /** Absent on births and states. */
  readonly sequence?: bigint;
  readonly historical: boolean;
  readonly readings?: readonly WireReading[];
  readonly events?: readonly Record<string, unknown>[];
  readonly status?: Readonly<Record<string, unknown>>;
  /** The CBOR major type of each status value as sent (`uint` for an unsigned integer). */
  readonly statusTypes?: Readonly<Record<string, string>>;
  readonly catalog?: unknown;
  readonly online?: boolean;
  /** Payload size in bytes. */
  readonly bytes: number;
}

/** A reading as the wire carries it, aliases resolved through the birth's catalog. */
export interface WireReading {
  readonly point: string;
  readonly time: number;
  readonly value: number | null;
  readonly quality: { level: string; reason?: string };
}

/** The wire format's enumerations (docs/wire-format.md), written out here rather than imported. */
const EVENT_KINDS = [
  'fire',
  'fault',
  'supervisory',
  'feedback',
  'started',
  'stopped',
  'shielded',
  'unshielded',
  'restored',
  'reset',
  'silenced',
  'main-power-fault',
  'backup-power-fault',
  'bus-fault',
  'offline',
  'online',
  'low-alarm',
  'high-alarm',
  'power-fault',
];
const LEVELS = ['good', 'uncertain', 'bad'];
const REASONS = [
  undefined,
  'communication-failure',
  'out-of-range',
  'sensor-fault',
  'stale',
  'configuration-error',
  'substituted',
];
const TYPES = ['birth', 'data', 'alarm', 'state'] as const;
const STRICT = {
  strict: true,
  useMaps: true,
  rejectDuplicateMapKeys: true,
  allowIndefinite: false,
  allowUndefined: false,
  // 64-bit sequence numbers as bigint (decode() has this by default, the bare tokenizer not).
  allowBigInt: true,
} as const;

type CborMap = Map<number | string, unknown>;
type Cborg = typeof import('cborg');
interface CatalogShape {
  points: { id: string }[];
  components: { id: string }[];
}

/**
 * Decodes `messages` in the order received (a birth registers its catalog for what follows). Throws
 * for anything that is not strict, shortest-form CBOR laid out as the spec says.
 */
export async function readWire(
  messages: readonly { topic: string; payload: Uint8Array }[],
): Promise<WireMessage[]> {
  const cborg: Cborg = await import('cborg');
  const catalogs = new Map<string, CatalogShape>();
  // Empty retained messages only clear a topic: nothing to decode.
  return messages
    .filter((message) => message.payload.length > 0)
    .map((message) => decodeMessage(cborg, catalogs, message.topic, message.payload));
}

function decodeMessage(
  cborg: Cborg,
  catalogs: Map<string, CatalogShape>,
  topic: string,
  payload: Uint8Array,
): WireMessage {
  const envelope = cborg.decode(payload, STRICT) as CborMap;
  if (envelope.get(0) !== 1) throw new Error(`${topic}: format version ${String(envelope.get(0))}`);
  const type = TYPES[envelope.get(1) as number];
  if (!type) throw new Error(`${topic}: unknown message type ${String(envelope.get(1))}`);
  const sequence = envelope.get(3);
  const head = {
    topic,
    type,
    gatewayId: envelope.get(2) as string,
    time: envelope.get(4) as number,
    ...(sequence === undefined ? {} : { sequence: BigInt(sequence as number | bigint) }),
    historical: envelope.get(6) === true,
    bytes: payload.length,
  };
  const key = (hash: unknown) => `${head.gatewayId}/${Buffer.from(hash as Uint8Array).toString('hex')}`;
  if (type === 'birth') {
    const raw = bodyBytes(envelope);
    const digest = createHash('sha256').update(raw).digest().subarray(0, 8);
    if (!digest.equals(Buffer.from(envelope.get(5) as Uint8Array))) throw new Error(`${topic}: catalog hash`);
    const catalog = cborg.decode(raw, { ...STRICT, useMaps: false }) as CatalogShape;
    catalogs.set(key(envelope.get(5)), catalog);
    return { ...head, catalog };
  }
  const body = (envelope.has(8) ? cborg.decode(bodyBytes(envelope), STRICT) : envelope.get(7)) as CborMap;
  if (type === 'state') return { ...head, online: body.get(4) as boolean };
  const catalog = catalogs.get(key(envelope.get(5)));
  if (!catalog) throw new Error(`${topic}: no birth seen for the catalog of message ${String(sequence)}`);
  const events = ((body.get(2) ?? []) as CborMap[]).map((item) => wireEvent(item, catalog, head.time));
  if (type === 'alarm') return { ...head, events };
  const status = body.get(3) as CborMap | undefined;
  return {
    ...head,
    events,
    readings: wireReadings(body, catalog, head.time),
    ...(status === undefined
      ? {}
      : {
          status: Object.fromEntries(status),
          // The body's tokens: inflated when deflated, else the whole message (it holds the body).
          statusTypes: statusTypes(cborg, envelope.has(8) ? bodyBytes(envelope) : payload),
        }),
  };
}

/** The body's bytes: inflated when deflated (key 8), else key 7 (a birth's catalog bytes). */
function bodyBytes(envelope: CborMap): Uint8Array {
  if (envelope.has(8)) return inflateRawSync(envelope.get(8) as Uint8Array);
  const body = envelope.get(7);
  if (body instanceof Uint8Array) return body;
  throw new Error('the body is not a byte string');
}

/**
 * The CBOR major type of each status value, read from the tokens (a decoded number would not tell an
 * unsigned integer from a float): each field name's string token is followed by its value's.
 */
function statusTypes(cborg: Cborg, bytes: Uint8Array): Record<string, string> {
  const tokenizer = new cborg.Tokenizer(bytes, STRICT);
  const types: Record<string, string> = {};
  let previous: { type: { name: string }; value: unknown } | undefined;
  while (!tokenizer.done()) {
    const token = tokenizer.next() as { type: { name: string }; value: unknown };
    if (previous?.type.name === 'string' && STATUS_NAMES.has(previous.value as string)) {
      types[previous.value as string] = token.type.name;
    }
    previous = token;
  }
  return types;
}

const STATUS_NAMES = new Set(['transmissionStatus', 'droppedTotal', 'droppedMessages', 'droppedBytes']);

function wireReadings(body: CborMap, catalog: CatalogShape, base: number): WireReading[] {
  const columns = (body.get(0) ?? []) as unknown[];
  const readings: WireReading[] = [];
  for (const series of (body.get(1) ?? []) as unknown[][]) {
    const [alias, column, decimals, values, qualities] = series as [
      number,
      number,
      number,
      unknown[],
      Map<number, number> | undefined,
    ];
    const times = expandTimes(columns[column], base);
    if (times.length !== values.length)
      throw new Error(`series ${alias}: ${times.length} times, ${values.length} values`);
    let previous = 0;
    values.forEach((item, index) => {
      let value: number | null = null;
      if (Array.isArray(item)) value = item[0] as number;
      else if (typeof item === 'number') {
        previous += item;
        value = decimals ? previous / 10 ** decimals : previous;
      }
      const code = qualities?.get(index);
      const quality =
        code === undefined
          ? { level: 'good' }
          : { level: LEVELS[code & 3]!, ...(code >> 2 ? { reason: REASONS[code >> 2]! } : {}) };
      readings.push({ point: catalog.points[alias]!.id, time: times[index]!, value, quality });
    });
  }
  return readings;
}

function expandTimes(column: unknown, base: number): number[] {
  if (column instanceof Map) {
    const [start, step, count] = [column.get(0), column.get(1), column.get(2)] as number[];
    return Array.from({ length: count! }, (_, i) => base + start! + i * step!);
  }
  let time = base;
  return (column as number[]).map((delta) => {
    time += delta;
    return time;
  });
}

function wireEvent(item: CborMap, catalog: CatalogShape, base: number): Record<string, unknown> {
  const ref = (value: unknown, list: { id: string }[]) =>
    typeof value === 'string' ? value : list[value as number]!.id;
  const event: Record<string, unknown> = {
    time: base + (item.get(0) as number),
    kind: EVENT_KINDS[item.get(1) as number],
    active: item.get(2),
    component: ref(item.get(3), catalog.components),
    systemType: item.get(4),
    componentType: item.get(5),
  };
  for (const [key, name] of [
    [6, 'loop'],
    [7, 'address'],
    [10, 'description'],
  ] as const) {
    if (item.has(key)) event[name] = item.get(key);
  }
  if (item.has(8)) event.point = ref(item.get(8), catalog.points);
  if (item.has(9)) event.source = Object.fromEntries(item.get(9) as CborMap);
  return event;
}
