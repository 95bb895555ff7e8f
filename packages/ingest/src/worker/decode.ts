import {
  type CatalogLookup,
  type ReadingColumns as CodecColumns,
  type DecodeLimits,
  decodeColumnar,
  type GatewayStatus,
  qualityOfCode,
} from '@firecode/codec';
import type { Catalog, FireEvent } from '@firecode/schema';
import { NO_READINGS } from '../storage/columns.js';
import { qualityString, type ReadingColumns } from '../storage/store.js';

/** A decoded message as the worker stores it: readings as columns. */
export type DecodedForStore =
  | { type: 'birth'; gatewayId: string; catalogHash: string; catalog: Catalog; time: number }
  | { type: 'state'; gatewayId: string; online: boolean; time: number }
  | {
      type: 'data' | 'alarm';
      gatewayId: string;
      sequence: bigint;
      historical: boolean;
      catalogHash: string | undefined;
      readings: ReadingColumns;
      events: FireEvent[];
      status?: GatewayStatus | undefined;
    };

/** Decodes one plain (verified or unsigned) message into what the store takes. */
export type DecodeForStore = (
  bytes: Uint8Array,
  catalogs: CatalogLookup,
  limits?: Partial<DecodeLimits>,
) => DecodedForStore;

/** Quality codes of the wire as the store's quality strings (a handful of distinct codes exist). */
const qualityStrings = new Map<number, string>();
function qualityStringOf(code: number): string {
  let text = qualityStrings.get(code);
  if (text === undefined) {
    text = qualityString(qualityOfCode(code));
    qualityStrings.set(code, text);
  }
  return text;
}

/** The codec's typed columns as the store's columns: no object per reading on the way. */
export function storeColumns(columns: CodecColumns): ReadingColumns {
  const length = columns.count;
  const points = new Array<string>(length);
  const values = new Array<number | null>(length);
  const qualities = new Array<string>(length);
  const { alias, pointIds, value, missing, qualityCode } = columns;
  for (let i = 0; i < length; i++) {
    points[i] = pointIds[alias[i]!]!;
    values[i] = missing[i] === 1 ? null : value[i]!;
    qualities[i] = qualityCode[i] === 0 ? 'good' : qualityStringOf(qualityCode[i]!);
  }
  return { length, points, times: columns.time, values, qualities };
}

/**
 * The one place the worker decodes: the codec's columnar decode (`decodeColumnar`), whose readings
 * come as typed columns straight from the bytes.
 */
export const decodeForStore: DecodeForStore = (bytes, catalogs, limits) => {
  const message = decodeColumnar(bytes, limits ? { catalogs, limits } : { catalogs });
  switch (message.type) {
    case 'birth':
      return {
        type: 'birth',
        gatewayId: message.gatewayId,
        catalogHash: message.catalogHash,
        catalog: message.catalog as Catalog,
        time: message.time,
      };
    case 'state':
      return { type: 'state', gatewayId: message.gatewayId, online: message.online, time: message.time };
    case 'data':
      return {
        type: 'data',
        gatewayId: message.gatewayId,
        sequence: message.sequence,
        historical: message.historical,
        catalogHash: message.catalogHash,
        readings: storeColumns(message.columns),
        events: message.events,
        status: message.status,
      };
    case 'alarm':
      return {
        type: 'alarm',
        gatewayId: message.gatewayId,
        sequence: message.sequence,
        historical: message.historical,
        catalogHash: message.catalogHash,
        readings: NO_READINGS,
        events: message.events,
      };
  }
};
