import type { Reachability } from './reachability.js';
import type { PublishStage } from './stages/publish/publish-stage.js';

/** What `status()` reports (also served on /healthz). */
export interface GatewayRuntimeStatus {
  gatewayId: string;
  connected: boolean;
  /** Modbus devices and serial fire panels, by id. */
  devices: Record<string, { online: boolean; lastPoll?: number }>;
  outbox: { messages: number; bytes: number };
  health: { status: 'ok' | 'degraded' | 'failing'; checks: Record<string, { ok: boolean; detail?: string }> };
}

/** The status of a pipeline: its devices and panels (`ids`), the broker link, the side uplinks, the outbox. */
export function pipelineStatus(
  gatewayId: string,
  ids: readonly string[],
  reachability: Reachability,
  publish: Pick<PublishStage, 'uplink' | 'sideUplinks' | 'outboxStats'>,
): GatewayRuntimeStatus {
  const { uplink, sideUplinks } = publish;
  const stats = publish.outboxStats();
  const devices = Object.fromEntries(ids.map((id) => [id, reachability.get(id) ?? { online: false }]));
  const offline = Object.entries(devices).filter(([, s]) => !s.online);
  const checks: GatewayRuntimeStatus['health']['checks'] = {
    broker: { ok: uplink.isConnected, detail: uplink.isConnected ? 'connected' : 'not connected' },
    devices: {
      ok: offline.length === 0,
      detail:
        offline.length === 0 ? 'all answering' : `not answering: ${offline.map(([id]) => id).join(', ')}`,
    },
  };
  for (const side of sideUplinks) checks[side.name] = side.health();
  const status =
    !uplink.isConnected || offline.length > 0 || sideUplinks.some((side) => !side.health().ok)
      ? 'degraded'
      : 'ok';
  return {
    gatewayId,
    connected: uplink.isConnected,
    devices,
    outbox: { messages: stats.messages, bytes: stats.bytes },
    health: { status, checks },
  };
}
