import { type GatewayFacts, Gb26875Uplink, quirksFromNames } from '@firecode/gb26875';
import type { Catalog, FireEvent, Reading } from '@firecode/schema';
import type { GatewayConfig } from '../../../config/gateway-config.js';
import type { Logger } from '../../../observability/logger.js';

/**
 * An uplink beside MQTT, fed the very events and readings MQTT gets (e.g. GB/T 26875.3 to a city's
 * monitoring centre). It queues durably on its own and never throws at the gateway: a centre that is
 * down costs the MQTT side nothing.
 */
export interface SideUplink {
  /** Its name in logs and in the health checks, e.g. `gb26875`. */
  readonly name: string;
  events(events: readonly FireEvent[], catalog: Catalog): void;
  readings(readings: readonly Reading[], catalog: Catalog): void;
  health(): { ok: boolean; detail: string };
  /** A person answers the centre's pending check-in (查岗), where the uplink has one; false when none is pending. */
  answerCheckIn?(): boolean;
  /** Stops it; what is queued stays queued for the next start. */
  close(): Promise<void>;
}

/** What side uplinks may ask of the running gateway. */
export interface SideUplinkContext {
  readonly logger: Logger;
  readonly now: () => number;
  /** The transmission-device status byte now (the gateway's conditions; `centreLinkUp` is the side link). */
  readonly statusByte: (centreLinkUp: boolean) => number;
  /** Devices and panels configured now, for the configuration text the centre may ask for. */
  readonly describe: () => string;
}

/** Opens the side uplinks the configuration asks for (none, or GB/T 26875.3). */
export type OpenSideUplinks = (config: GatewayConfig, context: SideUplinkContext) => Promise<SideUplink[]>;

/** Gateway software version sent to the centre (type 25): this package's major.minor. */
const VERSION = { major: 0, minor: 1 };

/** The uplinks of `config.uplinks`: today `gb26875`. */
export const openSideUplinks: OpenSideUplinks = async (config, context) => {
  const gb = config.uplinks?.gb26875;
  if (!gb) return [];
  const facts: GatewayFacts = {
    transmissionStatus: context.statusByte,
    softwareVersion: () => VERSION,
    configuration: context.describe,
  };
  const log = context.logger.child({ uplink: 'gb26875' });
  const uplink = await Gb26875Uplink.open({
    host: gb.host,
    port: gb.port,
    sourceAddress: gb.sourceAddress,
    destinationAddress: gb.destinationAddress,
    heartbeatMs: gb.heartbeatSeconds * 1000,
    timeoutMs: gb.timeoutMs,
    retries: gb.retries,
    quirks: quirksFromNames(gb.quirks),
    checkIn: { answer: gb.checkIn.answer, withinMs: gb.checkIn.withinSeconds * 1000 },
    queue: { path: gb.outbox.path, maxBytes: gb.outbox.maxBytes, fsync: config.uplink.outbox.fsync },
    facts,
    now: context.now,
    log: (level, message, details) => log[level](details ?? {}, message),
  });
  return [uplink];
};
