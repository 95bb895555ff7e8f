import type { BatchStatus } from '@firecode/codec';
import { encodeBirth, encodeState } from '@firecode/codec';
import type { Catalog, ReadingColumns } from '@firecode/schema';
import type { Outbox } from '../outbox/outbox.js';
import type { MessageSubmitter } from './message-submitter.js';
import type { BatchOptions } from './reading-batcher.js';
import { Uplink, type UplinkOptions } from './uplink.js';

/**
 * The uplink settings a {@link Publisher} creates its uplink with: everything of `UplinkOptions` but
 * the outbox (given beside it) and the birth and state messages, which the publisher builds from its
 * catalog so that every sender announces itself the same way.
 */
export type PublisherUplinkSettings = Omit<UplinkOptions, 'outbox' | 'birth' | 'will' | 'online' | 'offline'>;

/** Options of {@link Publisher}. */
export interface PublisherOptions {
  /** Where messages wait for the broker; the publisher closes it only when `close({ closeOutbox })` says so. */
  readonly outbox: Outbox;
  /**
   * The uplink's settings (the publisher creates it, with birth, will and states built from the
   * catalog), or an `Uplink` already created on `outbox` (its birth and states are then its creator's).
   */
  readonly uplink: PublisherUplinkSettings | Uplink;
  /**
   * The catalog, or where to read the current one (a gateway's changes on reload): read when a birth,
   * a batch or an event is built, so each is encoded under the catalog it was produced with.
   */
  readonly catalog: Catalog | (() => Catalog);
  /** When a batch of readings leaves (defaults and ranges: `PUBLISHER_DEFAULTS` / `PUBLISHER_LIMITS`). */
  readonly batch?: BatchOptions;
  /** Prefix of the TypeError a bad `batch` throws (e.g. `createFirecodeClient`). */
  readonly where?: string;
  /** The clock (epoch ms) births and states are stamped with. Default `Date.now`. */
  readonly now?: () => number;
  /** Transforms birth and state payloads before they are sent (the SDK signs them). */
  readonly seal?: (bytes: Uint8Array) => Uint8Array | PromiseLike<Uint8Array>;
  /** How messages reach the uplink (the SDK signs them). Default: unsigned, numbered by the outbox. */
  readonly submitter?: (uplink: Uplink) => MessageSubmitter;
}

/** What the publisher emits for each batch it builds, before the outbox takes it (side channels). */
export interface PublishedBatch {
  /**
   * Columns, not objects (see {@link ReadingColumns}); `toReadings()` when objects are needed. Valid
   * while the listener runs: the columns gather a later batch once this one is encoded, so copy what
   * you keep (`toReadings()`, or `pushRow` into columns of your own).
   */
  readonly readings: ReadingColumns;
  readonly status: BatchStatus;
  /** The catalog the batch is encoded under. */
  readonly catalog: Catalog;
}

/** The uplink of a publisher created from settings: birth, will and states from the current catalog. */
export function uplinkFromSettings(
  settings: PublisherUplinkSettings,
  outbox: Outbox,
  catalog: () => Catalog,
  now: () => number,
  seal: PublisherOptions['seal'],
): Uplink {
  const sealed = (bytes: Uint8Array) => (seal ? seal(bytes) : bytes);
  // Built on every connect (birth, online state, last will) and at close (offline state), so each
  // carries the time it stands for: the will its connect's, the offline state the time it was sent.
  const state = (online: boolean) => () =>
    sealed(encodeState({ gatewayId: catalog().gatewayId, online, time: now() }));
  return new Uplink({
    ...settings,
    gatewayId: settings.gatewayId ?? catalog().gatewayId,
    outbox,
    birth: () => sealed(encodeBirth(catalog(), { time: now() })),
    will: state(false),
    online: state(true),
    offline: state(false),
  });
}
