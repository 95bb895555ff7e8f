/** What the uplink tests on the in-memory broker double share: the options of an uplink on it, and waits. */
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import type { MemoryBroker } from '../testing/memory-broker.js';
import type { ConnectInfo, OfflineInfo, Uplink, UplinkConnectionOptions, UplinkOptions } from './uplink.js';

const encoder = new TextEncoder();

/** The connection settings of the test gateway `gw1` under `topicPrefix`. */
export const memorySettings = (topicPrefix = 'unit'): UplinkConnectionOptions => ({
  url: 'mqtt://memory.invalid:1883',
  clientId: 'gw1-client',
  gatewayId: 'gw1',
  topicPrefix,
});

/** Options of an uplink on `broker`: text birth, will and online state, a fast back-off, a memory outbox. */
export function memoryUplinkOptions(broker: MemoryBroker, extra: Partial<UplinkOptions> = {}): UplinkOptions {
  return {
    ...memorySettings(),
    outbox: new MemoryOutbox(),
    birth: () => encoder.encode('birth'),
    will: encoder.encode('offline'),
    online: () => encoder.encode('online'),
    reconnect: { minMs: 5, maxMs: 20, jitter: 0 },
    connect: broker.connect,
    ...extra,
  };
}

export const nextConnect = (u: Uplink): Promise<ConnectInfo> =>
  new Promise((resolve) => u.once('connect', resolve));
export const nextOffline = (u: Uplink): Promise<OfflineInfo> =>
  new Promise((resolve) => u.once('offline', resolve));
