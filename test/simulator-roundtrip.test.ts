/**
 * The simulator ↔ our Modbus engine round trip, over every transport, for every built-in profile:
 * each profile is served as its own unit id on one line, values are set through the profile's
 * inverse transform, and the gateway side (ModbusBus + the profile's read plan + normalizer) must
 * read exactly those values back.
 */
import {
  createDeviceNormalizer,
  createRegisterSnapshot,
  type DeviceProfile,
  profiles,
  type RegisterBlock,
  readPlanFor,
} from '@firecode/devices';
import { createRtuBus, createRtuOverTcpBus, createTcpBus, type ModbusMaster } from '@firecode/modbus';
import {
  openPtyPair,
  ProfileDevice,
  SlaveEngine,
  socatAvailable,
  startRtuSlave,
  startTcpSlave,
} from '@firecode/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { setSampleValue } from '../packages/simulator/src/testing/sample-values.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Line {
  master: ModbusMaster;
}

type Transport = 'tcp' | 'rtu' | 'rtu-over-tcp';

async function openLine(transport: Transport, engine: SlaveEngine): Promise<Line> {
  const busOptions = { timeoutMs: 1000, retries: 0 };
  if (transport === 'rtu') {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const slave = await startRtuSlave({ path: pair.slavePath, baudRate: 9600, engine });
    cleanups.push(() => slave.close());
    const master = createRtuBus({ path: pair.masterPath, baudRate: 9600, ...busOptions });
    cleanups.push(() => master.close());
    return { master };
  }
  const slave = await startTcpSlave({ engine, framing: transport === 'tcp' ? 'mbap' : 'rtu' });
  cleanups.push(() => slave.close());
  const master =
    transport === 'tcp'
      ? createTcpBus({ host: '127.0.0.1', port: slave.port, ...busOptions })
      : createRtuOverTcpBus({ host: '127.0.0.1', port: slave.port, ...busOptions });
  cleanups.push(() => master.close());
  return { master };
}

async function poll(master: ModbusMaster, unit: number, profile: DeviceProfile): Promise<RegisterBlock[]> {
  const blocks: RegisterBlock[] = [];
  for (const request of readPlanFor(profile)) {
    const { table, address, count } = request;
    const values: readonly number[] =
      table === 'holding'
        ? [...(await master.readHoldingRegisters(unit, address, count))]
        : table === 'input'
          ? [...(await master.readInputRegisters(unit, address, count))]
          : table === 'coils'
            ? (await master.readCoils(unit, address, count)).map(Number)
            : (await master.readDiscreteInputs(unit, address, count)).map(Number);
    blocks.push({ table, address, values });
  }
  return blocks;
}

const transports: { transport: Transport; skip: string | false }[] = [
  { transport: 'tcp', skip: false },
  { transport: 'rtu', skip: socatAvailable() ? false : 'socat is not installed (apt-get install socat)' },
  { transport: 'rtu-over-tcp', skip: false },
];

for (const { transport, skip } of transports) {
  describe.skipIf(skip)(`simulator ↔ ModbusBus over ${transport}`, () => {
    it(`reads back every point and panel state, and writes every writable register, of all ${profiles.length} profiles, one unit id each`, async () => {
      const engine = new SlaveEngine();
      const devices = profiles.map((profile, index) => {
        const device = new ProfileDevice(profile);
        engine.addUnit(index + 1, { bank: device, quirks: device.quirks });
        const expected = new Map(
          profile.points.map((p) => [p.id, setSampleValue(device, p.id, p.range)] as const),
        );
        if (profile.panel)
          device.setPanelPoint(profile.panel.loops.min, profile.panel.addresses.min + 22, 'fire');
        return { profile, device, expected, unit: index + 1 };
      });
      const { master } = await openLine(transport, engine);
      for (const { profile, expected, unit } of devices) {
        const blocks = await poll(master, unit, profile);
        const normalizer = createDeviceNormalizer(profile, { deviceId: 'dev' });
        const result = normalizer.normalize(createRegisterSnapshot(blocks), 1_000);
        for (const [id, value] of expected) {
          const reading = result.readings.find((r) => r.point === `dev.${id}`);
          expect(reading?.quality.level, `${profile.id}.${id}`).toBe('good');
          expect(reading?.value, `${profile.id}.${id}`).toBeCloseTo(value, 6);
        }
        if (profile.panel) {
          expect(result.events.filter((e) => e.kind === 'fire').map((e) => [e.loop, e.address])).toEqual([
            [profile.panel.loops.min, profile.panel.addresses.min + 22],
          ]);
        }
      }
      // Writes the other way: every writable register, with the function code its profile names.
      let writes = 0;
      for (const { profile, device, unit } of devices) {
        for (const [name, spec] of Object.entries(profile.registers)) {
          if (!spec.writable || spec.table !== 'holding' || spec.bit !== undefined) continue;
          const value = spec.values ? Math.min(spec.values.max, spec.values.min + 1) : 1;
          if (spec.writeFunction === 16) await master.writeRegisters(unit, spec.address, [value]);
          else await master.writeRegister(unit, spec.address, value);
          expect(device.registerValue(name), `${profile.id}.${name}`).toBe(value);
          writes++;
        }
      }
      expect(writes).toBeGreaterThan(3);
      expect(engine.stats.exceptions).toEqual({});
      expect(engine.stats.badFrames).toBe(0);
    });
  });
}
