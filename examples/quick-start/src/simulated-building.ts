import { buildingSimulator } from '@firecode/simulator';

/** The demo building's devices, served over Modbus TCP on loopback, with the scenario running. */
export interface SimulatedBuilding {
  /** Where the simulated line (a Modbus TCP gateway) answers. */
  host: string;
  port: number;
  /** Puts the detector at loop 1 address 23 into fire alarm now (as the scenario does at fireAtSeconds). */
  raiseFire(): void;
  close(): Promise<void>;
}

export interface ScenarioOptions {
  /** Seconds after start when the smoke detector at loop 1 address 23 goes into fire alarm. */
  fireAtSeconds: number;
  /** Pipe pressure at start and how fast it sags (a slow leak in the hydrant riser). */
  startKpa: number;
  sagKpaPerSecond: number;
  /** Told what the scenario does, when it does it (the pressure steps are not told). */
  onScenarioStep?: (what: string) => void;
}

export const PRESSURE_UNIT = 1;
export const PANEL_UNIT = 2;
export const FIRE_POINT = { loop: 1, address: 23 } as const;

/** How long the scenario's pressure sag is written out for; after it, the pressure holds. */
const SAG_SECONDS = 600;

/**
 * A hydrant-riser pressure transmitter (MPD-380: the QDY30A register layout, unit bar, 3 decimals) as
 * unit 1 and a GST panel's Modbus interface as unit 2, sharing one line — the simulator's own building
 * and scenario engine, the same that `firecode-sim building` runs. The scenario, as data: the pressure
 * sags a step every second; at `fireAtSeconds` the detector at loop 1 address 23 reports fire.
 */
export async function startSimulatedBuilding(options: ScenarioOptions): Promise<SimulatedBuilding> {
  const sag = Array.from({ length: SAG_SECONDS }, (_, second) => ({
    at: second + 1,
    device: 'riser-pressure',
    set: { pressure: Math.round(Math.max(0, options.startKpa - options.sagKpaPerSecond * (second + 1))) },
  }));
  const fire = {
    at: options.fireAtSeconds,
    device: 'panel',
    panelPoint: { ...FIRE_POINT, state: 'fire' },
  };
  const building = await buildingSimulator(
    {
      name: 'Demo tower',
      lines: [
        {
          name: 'riser-line',
          tcp: '127.0.0.1:0',
          devices: [
            {
              name: 'riser-pressure',
              unit: PRESSURE_UNIT,
              profile: 'mpd-380',
              points: { pressure: options.startKpa },
            },
            { name: 'panel', unit: PANEL_UNIT, profile: 'gst-modbus-panel' },
          ],
        },
      ],
      scenario: { name: 'riser pressure sags, then a fire on floor 2', steps: [...sag, fire] },
    },
    {
      onStep: (description) => {
        if (!description.startsWith('riser-pressure')) options.onScenarioStep?.(description);
      },
    },
  );
  const [host = '127.0.0.1', port = '0'] = building.endpoints[0]!.address.split(':');
  return {
    host,
    port: Number(port),
    raiseFire: () =>
      building.targets.get('panel')!.setPanelPoint!(FIRE_POINT.loop, FIRE_POINT.address, 'fire'),
    close: () => building.close(),
  };
}
