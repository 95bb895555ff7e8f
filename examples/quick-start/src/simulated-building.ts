import { ProfileDevice, startTcpSlave, type TcpSlave } from '@firecode/simulator';

/** The demo building's devices, served over Modbus TCP on loopback, and its scenario clock. */
export interface SimulatedBuilding {
  /** Where the simulated RS-485 line (a serial device server) answers. */
  host: string;
  port: number;
  pressure: ProfileDevice;
  panel: ProfileDevice;
  close(): Promise<void>;
}

export interface ScenarioOptions {
  /** Seconds after start when the smoke detector at loop 1 address 23 goes into fire alarm. */
  fireAtSeconds: number;
  /** Pipe pressure at start and how fast it sags (a slow leak in the hydrant riser). */
  startKpa: number;
  sagKpaPerSecond: number;
  /** Told what the scenario does, when it does it. */
  onScenarioStep?: (what: string) => void;
}

export const PRESSURE_UNIT = 1;
export const PANEL_UNIT = 2;
export const FIRE_POINT = { loop: 1, address: 23 } as const;

/**
 * A hydrant-riser pressure transmitter (MPD-380: the QDY30A register layout, unit bar, 3 decimals) as
 * unit 1 and a GST panel's Modbus interface as unit 2, sharing one line. The scenario: the pressure
 * sags slowly; at `fireAtSeconds` the detector at loop 1 address 23 reports fire.
 */
export async function startSimulatedBuilding(options: ScenarioOptions): Promise<SimulatedBuilding> {
  const pressure = new ProfileDevice('mpd-380');
  const panel = new ProfileDevice('gst-modbus-panel', { unmapped: 'zero' });
  pressure.setPoint('pressure', options.startKpa);
  const slave: TcpSlave = await startTcpSlave({
    host: '127.0.0.1',
    port: 0,
    units: { [PRESSURE_UNIT]: pressure, [PANEL_UNIT]: panel },
  });

  const started = Date.now();
  let fired = false;
  const clock = setInterval(() => {
    const seconds = (Date.now() - started) / 1000;
    const kpa = Math.max(0, options.startKpa - options.sagKpaPerSecond * seconds);
    pressure.setPoint('pressure', Math.round(kpa));
    if (!fired && seconds >= options.fireAtSeconds) {
      fired = true;
      panel.setPanelPoint(FIRE_POINT.loop, FIRE_POINT.address, 'fire');
      options.onScenarioStep?.(`fire alarm raised at loop ${FIRE_POINT.loop} address ${FIRE_POINT.address}`);
    }
  }, 100);

  return {
    host: '127.0.0.1',
    port: slave.port,
    pressure,
    panel,
    async close() {
      clearInterval(clock);
      await slave.close();
    },
  };
}
