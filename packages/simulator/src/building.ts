import {
  type BuildingConfig,
  type BuildingConfigInput,
  type LineConfig,
  parseBuildingConfig,
  parseHostPort,
} from './building-config.js';
import type { SimClock } from './clock.js';
import { modbusDeviceTarget, type Vanishable } from './device-target.js';
import { Gst9000Printer } from './panels/gst9000-printer.js';
import { type SerialPanel, startSerialPanel } from './panels/serial-panel.js';
import { ProfileDevice, SLAVE_ADDRESS_REGISTER } from './profile-device.js';
import { openPtyPair, type PtyPair } from './pty-pair.js';
import { type RunningScenario, runScenario } from './scenario-runner.js';
import { loadScenarioFile, parseScenario } from './scenario-schema.js';
import type { ScenarioTarget } from './scenario-target.js';
import { startRtuSlave } from './serial-slave.js';
import { SlaveEngine } from './slave-engine.js';
import { startTcpSlave } from './tcp-slave.js';

/** Where one simulated line or panel can be reached. */
export interface Endpoint {
  kind: 'tcp' | 'rtu-over-tcp' | 'rtu' | 'ld128e' | 'gst9000-printer';
  /** host:port, or the serial path the simulator holds. */
  address: string;
  /** For a pty pair: the path a master (gateway, mbpoll) opens. */
  masterPath?: string;
  baudRate?: number;
  timing?: boolean;
  /** What is served there: `name (profile) @ unit`. */
  devices: { name: string; profile: string; unit?: number }[];
  /** The slave engine (Modbus lines): faults and stats. */
  engine?: SlaveEngine;
}

/** Options of `buildingSimulator`. */
export interface BuildingSimulatorOptions {
  /** Scenario clock; default real time. */
  clock?: SimClock;
  onStep?: (description: string, atMs: number) => void;
  /**
   * A scenario step that failed (`description` names it), or a serial port that failed while serving
   * (`description` is {@link PORT_FAILURE}, the error a `SIM_PORT_FAILED` naming the port).
   */
  onError?: (error: unknown, description: string) => void;
}

/** The `description` given to `onError` for a serial port that failed while serving. */
export const PORT_FAILURE = 'serial port failed';

/** A running simulated building. */
export interface BuildingSimulator {
  readonly name: string | undefined;
  readonly endpoints: readonly Endpoint[];
  /** Modbus devices by name. */
  readonly devices: ReadonlyMap<string, ProfileDevice>;
  /** Every device and panel as a scenario target, by name. */
  readonly targets: ReadonlyMap<string, ScenarioTarget>;
  /** The scenario, when the config has one. */
  readonly scenario: RunningScenario | undefined;
  /** A readable account of what is served where (the CLI prints it on start). */
  describe(): string;
  /** Stops the scenario, every server and port, and any pty pairs it made. */
  close(): Promise<void>;
}

/**
 * Starts a whole simulated building from a config (see `BuildingConfig`): every line with its
 * devices, the serial panels, and the scenario. `path: pty` on a serial side makes a socat pty
 * pair and reports its master end. On failure everything already started is closed again.
 */
export async function buildingSimulator(
  input: BuildingConfig | BuildingConfigInput,
  options: BuildingSimulatorOptions = {},
): Promise<BuildingSimulator> {
  const config = parseBuildingConfig(input);
  const closers: (() => Promise<void>)[] = [];
  const endpoints: Endpoint[] = [];
  const devices = new Map<string, ProfileDevice>();
  const targets = new Map<string, ScenarioTarget>();
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };

  // A serial port that fails while serving is reported like a failed scenario step, never silently.
  const portError = (error: unknown) => options.onError?.(error, PORT_FAILURE);
  const serialPath = async (path: string): Promise<{ path: string; pair?: PtyPair }> => {
    if (path !== 'pty') return { path };
    const pair = await openPtyPair();
    closers.push(() => pair.close());
    return { path: pair.slavePath, pair };
  };

  try {
    for (const line of config.lines) {
      const engine = new SlaveEngine();
      const endpoint = await startLine(line, engine, serialPath, closers, portError);
      for (const deviceConfig of line.devices) {
        const device = new ProfileDevice(deviceConfig.profile, { unmapped: deviceConfig.unmapped });
        // The device's own address setting says where it is served (a master may change it later).
        if (device.profile.registers[SLAVE_ADDRESS_REGISTER])
          device.setRegister(SLAVE_ADDRESS_REGISTER, deviceConfig.unit);
        for (const [name, raw] of Object.entries(deviceConfig.registers)) device.setRegister(name, raw);
        for (const [point, value] of Object.entries(deviceConfig.points)) device.setPoint(point, value);
        engine.addUnit(deviceConfig.unit, { bank: device, quirks: device.quirks });
        devices.set(deviceConfig.name, device);
        targets.set(
          deviceConfig.name,
          modbusDeviceTarget(device, engine, deviceConfig.unit, endpoint.server),
        );
      }
      endpoints.push({
        ...endpoint.description,
        engine,
        devices: line.devices.map((d) => ({ name: d.name, profile: d.profile, unit: d.unit })),
      });
    }
    for (const panelConfig of config.panels) {
      const { path, pair } = await serialPath(panelConfig.path);
      const served: SerialPanel = await startSerialPanel({
        protocol: panelConfig.protocol,
        path,
        baudRate: panelConfig.baudRate,
        dataBits: panelConfig.dataBits,
        parity: panelConfig.parity,
        stopBits: panelConfig.stopBits,
        onError: portError,
        ...(panelConfig.locations ? { printer: { locations: panelConfig.locations } } : {}),
      });
      closers.push(() => served.close());
      const panel = served.panel;
      targets.set(panelConfig.name, {
        setPanelPoint: (loop, address, state) => panel.setPanelPoint(loop, address, state),
        resetPanel: () => panel.resetPanel(),
        setFault: (fault) => panel.setFault(fault),
        clearFault: () => panel.clearFault(),
        vanish: () => served.vanish(),
        restore: () => served.restore(),
        validate: (step) => panel.validate(step),
      });
      endpoints.push({
        kind: panel instanceof Gst9000Printer ? 'gst9000-printer' : 'ld128e',
        address: path,
        ...(pair ? { masterPath: pair.masterPath } : {}),
        baudRate: panelConfig.baudRate,
        devices: [{ name: panelConfig.name, profile: panelConfig.protocol }],
      });
    }
    let scenario: RunningScenario | undefined;
    if (config.scenario !== undefined) {
      const parsed =
        typeof config.scenario === 'string'
          ? loadScenarioFile(config.scenario)
          : parseScenario(config.scenario);
      scenario = runScenario(parsed, targets, options);
      closers.push(async () => scenario?.stop());
    }
    return {
      name: config.name,
      endpoints,
      devices,
      targets,
      scenario,
      describe: () => describeEndpoints(config.name, endpoints),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function startLine(
  line: LineConfig,
  engine: SlaveEngine,
  serialPath: (path: string) => Promise<{ path: string; pair?: PtyPair }>,
  closers: (() => Promise<void>)[],
  onPortError: (error: unknown) => void,
): Promise<{ server: Vanishable; description: Omit<Endpoint, 'devices' | 'engine'> }> {
  const turnaroundMs = typeof line.timing === 'object' ? line.timing.turnaroundMs : 0;
  const serialBaud = typeof line.timing === 'object' ? line.timing.baudRate : 9600;
  if (line.rtu) {
    const { path, pair } = await serialPath(line.rtu.path);
    const slave = await startRtuSlave({
      ...line.rtu,
      path,
      engine,
      onError: onPortError,
      ...(line.timing ? { timing: { turnaroundMs } } : {}),
    });
    closers.push(() => slave.close());
    return {
      server: slave,
      description: {
        kind: 'rtu',
        address: path,
        ...(pair ? { masterPath: pair.masterPath } : {}),
        baudRate: line.rtu.baudRate,
        timing: line.timing !== false,
      },
    };
  }
  const rtuOverTcp = line.rtuOverTcp !== undefined;
  const { host, port } = parseHostPort((line.tcp ?? line.rtuOverTcp) as string);
  const slave = await startTcpSlave({
    host,
    port,
    engine,
    framing: rtuOverTcp ? 'rtu' : 'mbap',
    ...(rtuOverTcp && line.timing ? { timing: { baudRate: serialBaud, turnaroundMs } } : {}),
  });
  closers.push(() => slave.close());
  return {
    server: slave,
    description: {
      kind: rtuOverTcp ? 'rtu-over-tcp' : 'tcp',
      address: `${host.includes(':') ? `[${host}]` : host}:${slave.port}`,
      ...(rtuOverTcp ? { timing: line.timing !== false, baudRate: serialBaud } : {}),
    },
  };
}

/** The start banner: one line per endpoint, then its devices. */
export function describeEndpoints(name: string | undefined, endpoints: readonly Endpoint[]): string {
  const lines = [`firecode-sim: ${name ?? 'simulated building'} — serving ${endpoints.length} endpoint(s)`];
  for (const endpoint of endpoints) {
    const where =
      endpoint.kind === 'tcp'
        ? `Modbus TCP on ${endpoint.address}`
        : endpoint.kind === 'rtu-over-tcp'
          ? `Modbus RTU over TCP on ${endpoint.address}${endpoint.timing ? ` (timing-accurate, serial side ${endpoint.baudRate} baud)` : ''}`
          : endpoint.kind === 'rtu'
            ? `Modbus RTU on ${endpoint.address} at ${endpoint.baudRate} baud${endpoint.timing ? ' (timing-accurate)' : ''}`
            : `${endpoint.kind === 'ld128e' ? 'LD128E CRT port' : 'GST9000 printer port'} on ${endpoint.address} at ${endpoint.baudRate} baud`;
    lines.push(`  ${where}${endpoint.masterPath ? ` — open ${endpoint.masterPath} on the master side` : ''}`);
    for (const device of endpoint.devices) {
      lines.push(
        `    ${device.unit === undefined ? '' : `unit ${device.unit}: `}${device.name} (${device.profile})`,
      );
    }
  }
  return lines.join('\n');
}
