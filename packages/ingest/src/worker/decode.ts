import { type CatalogLookup, type DecodeLimits, decodeMessage, type GatewayStatus } from '@firecode/codec';
import type { Catalog, FireEvent } from '@firecode/schema';
import { NO_READINGS, readingsToColumns } from '../storage/columns.js';
import type { ReadingColumns } from '../storage/store.js';

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

/**
 * The one place the worker decodes: today through `decodeMessage` (one object per reading, then
 * columns); a columnar decode of the codec slots in here without the worker changing.
 */
export const decodeForStore: DecodeForStore = (bytes, catalogs, limits) => {
  const message = decodeMessage(bytes, limits ? { catalogs, limits } : { catalogs });
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
        readings: readingsToColumns(message.readings),
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
