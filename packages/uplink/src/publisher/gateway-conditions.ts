import { type EventKind, encodeTransmissionStatus, type FireEvent } from '@firecode/schema';

/** Which status-byte flag an active event of each kind raises (GB/T 26875.3 transmission device status). */
const FLAG_OF: Partial<Record<EventKind, 'fireAlarm' | 'fault' | 'mainPowerFault' | 'backupPowerFault'>> = {
  fire: 'fireAlarm',
  fault: 'fault',
  'bus-fault': 'fault',
  'power-fault': 'fault',
  'main-power-fault': 'mainPowerFault',
  'backup-power-fault': 'backupPowerFault',
};

type Flag = NonNullable<(typeof FLAG_OF)[EventKind]>;

/**
 * The conditions behind the gateway's own GB/T 26875.3 transmission-device status byte: which alarms,
 * faults and power faults are active right now (from the events that went out) and which devices do
 * not answer (a monitoring-line fault). The link to the centre is asked for when the byte is built.
 */
export class GatewayConditions {
  /** Active conditions, keyed by flag, then by where they come from (component, loop, address). */
  readonly #active = new Map<Flag, Set<string>>();
  readonly #offlineDevices = new Set<string>();

  /** Records what events say: an active event raises its flag, an inactive one clears its source. */
  apply(events: readonly FireEvent[]): void {
    for (const event of events) {
      const flag = FLAG_OF[event.kind];
      if (flag === undefined) continue;
      const source = `${event.component}/${event.loop ?? ''}/${event.address ?? ''}/${event.kind}`;
      let sources = this.#active.get(flag);
      if (!sources) {
        sources = new Set();
        this.#active.set(flag, sources);
      }
      if (event.active) sources.add(source);
      else sources.delete(source);
    }
  }

  setDeviceOnline(deviceId: string, online: boolean): void {
    if (online) this.#offlineDevices.delete(deviceId);
    else this.#offlineDevices.add(deviceId);
  }

  /** After a reload: devices no longer configured no longer count, nor do their conditions. */
  keepOnly(deviceIds: ReadonlySet<string>): void {
    for (const id of this.#offlineDevices) if (!deviceIds.has(id)) this.#offlineDevices.delete(id);
    for (const sources of this.#active.values()) {
      for (const source of sources) {
        if (!deviceIds.has(source.slice(0, source.indexOf('/')))) sources.delete(source);
      }
    }
  }

  get offlineDevices(): readonly string[] {
    return [...this.#offlineDevices];
  }

  /** The status byte now; `centreLinkUp` is whether the uplink to the monitoring centre is connected. */
  statusByte(centreLinkUp: boolean): number {
    const any = (flag: Flag) => (this.#active.get(flag)?.size ?? 0) > 0;
    return encodeTransmissionStatus({
      normal: true,
      fireAlarm: any('fireAlarm'),
      fault: any('fault'),
      mainPowerFault: any('mainPowerFault'),
      backupPowerFault: any('backupPowerFault'),
      centreLinkFault: !centreLinkUp,
      monitoringLineFault: this.#offlineDevices.size > 0,
    });
  }
}
