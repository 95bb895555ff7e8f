/**
 * Integer keys and numbers of the wire format (docs/wire-format.md has the CDDL). Small integers cost
 * one byte each in CBOR, which is why the format uses them instead of names.
 */

/** Version of this wire format, carried in every message. */
export const FORMAT_VERSION = 1;

/** Keys of the message envelope (a CBOR map). */
export const Envelope = {
  version: 0,
  type: 1,
  gatewayId: 2,
  sequence: 3,
  time: 4,
  catalogHash: 5,
  historical: 6,
  /** The body: a map, or for a birth the catalog's CBOR bytes. */
  body: 7,
  /** The body's CBOR bytes compressed with raw DEFLATE (RFC 1951), instead of `body`. */
  deflatedBody: 8,
} as const;

/** Message type numbers (envelope key 1). */
export const MessageTypeCode = { birth: 0, data: 1, alarm: 2, state: 3 } as const;

/** Keys of a data, alarm or state body (a CBOR map). */
export const Body = {
  timeColumns: 0,
  series: 1,
  events: 2,
  status: 3,
  online: 4,
} as const;

/** Keys of a regular time column: first offset, step, count. */
export const RegularTimes = { first: 0, step: 1, count: 2 } as const;

/** Positions in a series array: [alias, time column, decimals, values, quality?]. */
export const SeriesField = { alias: 0, timeColumn: 1, decimals: 2, values: 3, quality: 4 } as const;

/** Keys of an event (a CBOR map). */
export const EventField = {
  time: 0,
  kind: 1,
  active: 2,
  component: 3,
  systemType: 4,
  componentType: 5,
  loop: 6,
  address: 7,
  point: 8,
  source: 9,
  description: 10,
} as const;
