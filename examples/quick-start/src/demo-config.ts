import { type GatewayConfig, parseConfig } from '@firecode/gateway';
import { FIRE_POINT, PANEL_UNIT, PRESSURE_UNIT } from './simulated-building.js';

export interface DemoConfigOptions {
  brokerUrl: string;
  topicPrefix: string;
  simulatorHost: string;
  simulatorPort: number;
  outboxDir: string;
}

/**
 * The demo gateway's configuration, written as the YAML an integrator would write (and checked by the
 * same parser `firecode-gateway check` uses). Reports every poll so the screen shows each reading.
 */
export function demoConfigYaml(options: DemoConfigOptions): string {
  return `
building:
  id: B-001
  name: Demo Tower
  address: 1 Demo Road
gateway:
  id: demo-gw
buses:
  - id: riser-line
    kind: tcp
    host: ${options.simulatorHost}
    port: ${options.simulatorPort}
    timeoutMs: 500
devices:
  - id: riser-2f
    name: pressure
    bus: riser-line
    unit: ${PRESSURE_UNIT}
    profile: mpd-380
    pollIntervalMs: 1000
    location: { floor: 2, text: riser-2F }
  - id: panel
    name: Fire alarm control panel
    bus: riser-line
    unit: ${PANEL_UNIT}
    profile: gst-modbus-panel
    pollIntervalMs: 500
    loops: [${FIRE_POINT.loop}]
    report: { strategy: on-change, heartbeatMs: 60000 }
    panelPoints:
      - { loop: ${FIRE_POINT.loop}, address: ${FIRE_POINT.address}, type: smoke-detector, location: 2F corridor }
    location: { floor: 1, text: fire-control room }
uplink:
  url: ${options.brokerUrl}
  topicPrefix: ${options.topicPrefix}
  outbox:
    path: ${JSON.stringify(options.outboxDir)}
    fsync: false
report:
  strategy: period
  periodMs: 900
batch:
  maxAgeMs: 500
  maxReadings: 100
metrics:
  enabled: false
`;
}

export function demoConfig(options: DemoConfigOptions): GatewayConfig {
  return parseConfig(demoConfigYaml(options), 'demo-gateway.yaml');
}
