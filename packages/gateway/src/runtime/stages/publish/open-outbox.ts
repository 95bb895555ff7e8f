import { DiskOutbox, MemoryOutbox, type Outbox } from '@firecode/uplink';
import type { GatewayConfig } from '../../../config/gateway-config.js';
import type { Logger } from '../../../observability/logger.js';

/** The outbox of `uplink.outbox`: a DiskOutbox at its path, or memory when the path is `:memory:`. */
export async function openGatewayOutbox(config: GatewayConfig): Promise<Outbox> {
  const settings = config.uplink.outbox;
  if (settings.path === ':memory:') return new MemoryOutbox({ maxBytes: settings.maxBytes });
  return DiskOutbox.open({
    dir: settings.path,
    maxBytes: settings.maxBytes,
    fsync: settings.fsync ? 'always' : 'off',
  });
}

/**
 * Logs what a disk outbox's recovery could not keep (the gateway's own or one it was given). A power
 * cut can tear the last record, rarely damage one in the middle: the outbox keeps what is valid on
 * both sides and tells what it could not keep, which must reach the operator.
 */
export function reportRecovery(outbox: Outbox, logger: Logger): void {
  if (!(outbox instanceof DiskOutbox)) return;
  const { truncated, skipped } = outbox.recovery;
  if (truncated.length > 0) logger.warn({ truncated }, 'outbox recovery cut a torn or corrupt tail');
  if (skipped.length > 0) logger.warn({ skipped }, 'outbox recovery skipped damaged records mid-segment');
}
