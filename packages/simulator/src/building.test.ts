import { createRtuBus, createTcpBus, isModbusError } from '@firecode/modbus';
import { describe, expect, it } from 'vitest';
import { buildingSimulator } from './building.js';
import { ManualClock } from './clock.js';
import { socatAvailable } from './pty-pair.js';

describe('buildingSimulator', () => {
  it('serves a TCP line from profiles and runs its scenario', async () => {
    const clock = new ManualClock();
    const building = await buildingSimulator(
      {
        name: 'Test tower',
        lines: [
          {
            tcp: '127.0.0.1:0',
            devices: [
              { name: 'riser', unit: 1, profile: 'mpd-380', points: { pressure: 350 } },
              { name: 'panel', unit: 2, profile: 'gst-modbus-panel' },
            ],
          },
        ],
        scenario: {
          steps: [
            { at: 5, device: 'panel', panelPoint: { loop: 1, address: 23, state: 'fire' } },
            { at: 30, device: 'riser', set: { pressure: 80 } },
            { at: 40, device: 'riser', fault: { kind: 'exception', code: 6 }, for: 10 },
          ],
        },
      },
      { clock },
    );
    const endpoint = building.endpoints[0]!;
    const port = Number(endpoint.address.split(':')[1]);
    const bus = createTcpBus({ host: '127.0.0.1', port, timeoutMs: 1000, retries: 0 });
    try {
      expect(building.describe()).toMatch(
        /Modbus TCP on 127\.0\.0\.1:\d+\n {4}unit 1: riser \(mpd-380\)\n {4}unit 2: panel/,
      );
      const riser = building.devices.get('riser')!;
      const pressureRegister = riser.profile.registers[riser.profile.points[0]!.register]!;
      const before = [...(await bus.readHoldingRegisters(1, pressureRegister.address, 1))];
      expect((await bus.readHoldingRegisters(2, 240 + 22, 1))[0]).toBe(0);
      clock.advance(5_000);
      expect((await bus.readHoldingRegisters(2, 240 + 22, 1))[0]).toBe(1);
      clock.advance(25_000);
      const after = [...(await bus.readHoldingRegisters(1, pressureRegister.address, 1))];
      expect(after).not.toEqual(before);
      clock.advance(10_000);
      const failure = await bus.readHoldingRegisters(1, 0, 1).catch((error: unknown) => error);
      expect(isModbusError(failure, 'MODBUS_EXCEPTION')).toBe(true);
      clock.advance(10_000);
      expect((await bus.readHoldingRegisters(1, pressureRegister.address, 1)).length).toBe(1);
      expect(building.scenario?.stats).toMatchObject({ steps: 3, failures: 0 });
    } finally {
      await bus.close();
      await building.close();
    }
  });

  it('lets a scenario pull a line away and bring it back on the same port', async () => {
    const clock = new ManualClock();
    const building = await buildingSimulator(
      {
        lines: [
          {
            tcp: '127.0.0.1:0',
            devices: [{ name: 'tank', unit: 1, profile: 'qdy30a', points: { level: 2.5 } }],
          },
        ],
        scenario: {
          steps: [
            { at: 10, device: 'tank', port: 'vanish' },
            { at: 20, device: 'tank', port: 'restore' },
          ],
        },
      },
      { clock },
    );
    const port = Number(building.endpoints[0]!.address.split(':')[1]);
    const bus = createTcpBus({ host: '127.0.0.1', port, timeoutMs: 500, retries: 0, reconnectDelayMs: 10 });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    try {
      expect([...(await bus.readHoldingRegisters(1, 4, 1))]).toEqual([2500]);
      clock.advance(10_000);
      await settle();
      const failure = await bus.readHoldingRegisters(1, 4, 1).catch((error: unknown) => error);
      expect(isModbusError(failure, 'MODBUS_DISCONNECTED')).toBe(true);
      clock.advance(10_000);
      await settle();
      let values: number[] | undefined;
      for (let attempt = 0; attempt < 50 && !values; attempt++) {
        values = await bus
          .readHoldingRegisters(1, 4, 1)
          .then((v) => [...v])
          .catch(async () => {
            await settle();
            return undefined;
          });
      }
      expect(values).toEqual([2500]);
    } finally {
      await bus.close();
      await building.close();
    }
  });

  it('rejects a config with every problem named, and starts nothing', async () => {
    await expect(
      buildingSimulator({
        lines: [
          {
            tcp: 'localhost',
            devices: [
              { name: 'a', unit: 1, profile: 'qdy30a' },
              { name: 'a', unit: 1, profile: 'qdy30a' },
            ],
          },
        ],
      }),
    ).rejects.toThrow(/lines\[0\]\.tcp: use host:port[\s\S]*unit 1 is used twice[\s\S]*"a" is used twice/);
  });

  it('rejects a scenario that names a point the profile lacks, closing what it started', async () => {
    const attempt = buildingSimulator({
      lines: [{ tcp: '127.0.0.1:0', devices: [{ name: 'tank', unit: 1, profile: 'qdy30a' }] }],
      scenario: { steps: [{ at: 1, device: 'tank', set: { pressure: 1 } }] },
    });
    await expect(attempt).rejects.toThrow(/profile "qdy30a" has no point "pressure" \(points: level\)/);
  });

  it.skipIf(!socatAvailable())('makes pty pairs for `path: pty` and serves RTU on them', async () => {
    const building = await buildingSimulator({
      lines: [
        {
          rtu: { path: 'pty', baudRate: 9600 },
          devices: [{ name: 'tank', unit: 3, profile: 'qdy30a', points: { level: 2.5 } }],
        },
      ],
      panels: [{ name: 'crt', protocol: 'ld128e', path: 'pty' }],
    });
    const rtu = building.endpoints[0]!;
    expect(rtu.masterPath).toBeDefined();
    expect(building.endpoints[1]?.kind).toBe('ld128e');
    const bus = createRtuBus({ path: rtu.masterPath!, baudRate: 9600, timeoutMs: 500, retries: 0 });
    try {
      expect([...(await bus.readHoldingRegisters(3, 4, 1))]).toEqual([2500]);
      expect([...(await bus.readHoldingRegisters(3, 0, 1))]).toEqual([3]); // its address setting
    } finally {
      await bus.close();
      await building.close();
    }
  });
});
