import { type GatewayConfig, parseConfig } from '@firecode/gateway';

/** What the gateway configuration of this example depends on. */
export interface RtuConfigOptions {
  /** The master end of the pty pair: where a real gateway would have /dev/ttyUSB0. */
  serialPath: string;
  baud: number;
  unit: number;
  brokerUrl: string;
  topicPrefix: string;
}

/**
 * The gateway's configuration as an integrator writes it for an RS-485 line: one `rtu` bus on a serial
 * path, one MPD-380 pressure transmitter on it. Checked by the same parser `firecode-gateway check` uses.
 */
export function rtuConfig(options: RtuConfigOptions): GatewayConfig {
  const yaml = `
building:
  id: b-rtu
  name: RTU bench
gateway:
  id: rtu-gw
buses:
  - id: rs485-1
    kind: rtu
    path: ${JSON.stringify(options.serialPath)}
    baud: ${options.baud}
    timeoutMs: 500
devices:
  - id: riser-1
    name: riser 1 pressure
    bus: rs485-1
    unit: ${options.unit}
    profile: mpd-380
    pollIntervalMs: 500
uplink:
  url: ${options.brokerUrl}
  topicPrefix: ${options.topicPrefix}
  outbox:
    path: ":memory:"
report:
  strategy: period
  periodMs: 400
batch:
  maxAgeMs: 300
  maxReadings: 50
metrics:
  enabled: false
`;
  return parseConfig(yaml, 'rtu-virtual-serial.yaml');
}
