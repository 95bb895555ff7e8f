import { createDeviceNormalizer, createRegisterSnapshot, profiles, readPlanFor } from '@firecode/devices';
import { describe, expect, it } from 'vitest';
import { rtuFrame } from './crc16.js';
import { ProfileDevice } from './profile-device.js';
import { describeRegisterBank } from './register-bank.conformance.js';
import { SlaveEngine } from './slave-engine.js';
import { setSampleValue } from './testing/sample-values.js';

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');

/** Answers one RTU request frame the way the serial transports do, without a port. */
function rtuAnswer(engine: SlaveEngine, request: string): string {
  const frame = hex(request);
  const decision = engine.handle(frame[0] as number, frame.subarray(1, frame.length - 2));
  if (decision.action !== 'send') return decision.reason;
  return rtuFrame(frame[0] as number, decision.pdu).toString('hex');
}

// QDY30A: only the slave address (0x0000) and baud code (0x0001) are writable.
describeRegisterBank('ProfileDevice (qdy30a)', () => new ProfileDevice('qdy30a'), {
  holding: { address: 0, count: 2 },
});
describeRegisterBank(
  'ProfileDevice (gst-modbus-panel, unmapped zero)',
  () => new ProfileDevice('gst-modbus-panel', { unmapped: 'zero' }),
  {},
);

describe('ProfileDevice', () => {
  it('answers the vendor frames of the QDY30A document', () => {
    const device = new ProfileDevice('qdy30a');
    device.setRegister('slave-address', 1);
    const engine = new SlaveEngine({ 1: { bank: device, quirks: device.quirks } });
    expect(rtuAnswer(engine, '01 03 0000 0001 840a')).toBe('0103020001' + '7984');
    expect(rtuAnswer(engine, '01 06 0000 0002 080b')).toBe('010600000002080b');
    expect(device.registerValue('slave-address')).toBe(2);
    // Like the real transmitter, it answers at its new address from now on.
    expect(rtuAnswer(engine, '01 03 0000 0001 840a')).toBe('unknown-unit');
    const atTwo = rtuFrame(2, hex('03 0000 0001')).toString('hex');
    expect(rtuAnswer(engine, atTwo)).toBe(rtuFrame(2, hex('03 02 0002')).toString('hex'));
    expect(engine.stats.addressChanges).toBe(1);
  });

  it('answers the arc-fault detector frames, its 0x80 exception quirk included', () => {
    const device = new ProfileDevice('ningbo-arc-fault-detector');
    const engine = new SlaveEngine({ 1: { bank: device, quirks: device.quirks } });
    expect(rtuAnswer(engine, '01 03 0000 0001 840a')).toBe('0103020000b844');
    device.setEvent('arc-alarm', 'fire');
    expect(rtuAnswer(engine, '01 03 0000 0001 840a')).toBe('01030200017984');
    expect(rtuAnswer(engine, '01 03 0006 0001 640b')).toBe('01030200' + '40b9b4');
    expect(rtuAnswer(engine, '01 03 0000 0007 0408')).toBe('01800301c1');
    expect(rtuAnswer(engine, '01 10 03e8 0001 02 0002 03b9')).toBe('011003e8000181b9');
  });

  it('brings its quirks along when served as a plain bank', () => {
    const engine = new SlaveEngine({ 1: new ProfileDevice('ningbo-arc-fault-detector') });
    expect(rtuAnswer(engine, '01 03 0000 0007 0408')).toBe('01800301c1');
    // Its settings take FC16 only: FC06 is an illegal function, in its 0x80 style.
    const fc06 = rtuFrame(1, hex('06 03e8 0002')).toString('hex');
    expect(rtuAnswer(engine, fc06)).toBe(rtuFrame(1, hex('80 01')).toString('hex'));
  });

  it('refuses writes to registers the profile does not mark writable (exception 02)', () => {
    const device = new ProfileDevice('qdy30a');
    expect(device.write('holding', 4, [1])).toBe(false);
    expect(device.read('holding', 7, 1)).toBeUndefined();
  });

  it('sets and resets fire-panel points by event kind', () => {
    const device = new ProfileDevice('gst-modbus-panel');
    device.setPanelPoint(1, 23, 'fire');
    expect(device.read('holding', 240 + 23 - 1, 1)).toEqual([1]);
    device.setPanelPoint(2, 5, 'fault');
    expect(device.panelPoint(2, 5)).toBe(2);
    device.resetPanel();
    expect(device.panelPoint(1, 23)).toBe(0);
    expect(() => device.setPanelPoint(99, 1, 'fire')).toThrow(
      expect.objectContaining({ code: 'SIM_POINT_UNKNOWN' }),
    );
    expect(() => device.setPanelPoint(1, 1, 'flood')).toThrow(/no code means "flood"/);
  });

  it('merges bit fields with their neighbours', () => {
    const device = new ProfileDevice('residual-current-monitor-4');
    const flagRegisters = Object.entries(device.profile.registers).filter(
      ([, spec]) => spec.bit !== undefined,
    );
    expect(flagRegisters.length).toBeGreaterThan(1);
    const first = flagRegisters[0]![0];
    const second = flagRegisters[1]![0];
    device.setRegister(first, 1);
    device.setRegister(second, 2);
    device.setRegister(first, 3);
    const whole = device.registerValue(first);
    const spec1 = device.profile.registers[first]!;
    const spec2 = device.profile.registers[second]!;
    expect((whole >> spec1.bit!) & 3).toBe(3);
    expect((whole >> spec2.bit!) & 3).toBe(2);
  });

  // The invariant over every built-in profile: what the simulator serves is what the gateway's own
  // normalizer reads back, through the profile's read plan.
  describe.each(profiles.map((p) => [p.id, p] as const))('profile %s', (_id, profile) => {
    it('serves every point value set through the inverse transform, read back by the normalizer', () => {
      const device = new ProfileDevice(profile);
      const expected = new Map<string, number>();
      for (const point of profile.points) {
        expected.set(point.id, setSampleValue(device, point.id, point.range));
      }
      const blocks = readPlanFor(profile).map((request) => {
        const values = device.read(request.table, request.address, request.count);
        expect(values, `${request.table} ${request.address}+${request.count}`).toBeDefined();
        return { table: request.table, address: request.address, values: values! };
      });
      const normalizer = createDeviceNormalizer(profile, { deviceId: 'dev' });
      const result = normalizer.normalize(createRegisterSnapshot(blocks), 1_000);
      for (const [id, value] of expected) {
        const reading = result.readings.find((r) => r.point === `dev.${id}`);
        expect(reading?.value, id).toBeCloseTo(value, 6);
      }
    });
  });
});
