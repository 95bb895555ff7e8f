import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/parse.js';
import { createProfileCatalog } from '../../config/profile-catalog.js';
import { readLineTimeMs } from '../line-utilisation.js';
import { createReadPlanSource } from '../read-plans.js';
import { busReports, describeGb26875 } from './check.js';

const config = parseConfig(
  `building: { id: b-1, name: B }
gateway: { id: gw-1 }
buses:
  - { id: line, kind: rtu, path: /dev/ttyUSB0, baud: 9600, interRequestDelayMs: 10 }
  - { id: net, kind: tcp, host: 10.0.0.2 }
devices:
  - { id: a, bus: line, unit: 1, profile: p, pollIntervalMs: 1000 }
  - { id: b, bus: line, unit: 2, profile: p, pollIntervalMs: 500 }
  - { id: c, bus: line, unit: 3, profile: p, enabled: false }
  - { id: d, bus: net, unit: 1, profile: p, pollIntervalMs: 2000 }
  - { id: e, bus: net, unit: 2, profile: unplanned }
uplink: { url: mqtt://127.0.0.1, outbox: { path: /tmp/o } }
`,
  'check.yaml',
  { profiles: createProfileCatalog({ p: [], unplanned: [] }) },
);
const plan = [
  { table: 'holding', address: 0, count: 10 },
  { table: 'coils', address: 0, count: 16 },
] as const;
const plans = createReadPlanSource({ p: plan });

describe('busReports', () => {
  it('sums the line time of the enabled devices of a serial line over their poll intervals', () => {
    const [line] = busReports(config, plans);
    const framing = { baud: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;
    const perPoll = plan.reduce((sum, read) => sum + readLineTimeMs(read, framing, 10), 0);
    expect(line!.devices.map((d) => d.id)).toEqual(['a', 'b']);
    expect(line!.devices[0]!.pollTimeMs).toBeCloseTo(perPoll, 9);
    expect(line!.utilisation).toBeCloseTo(perPoll / 1000 + perPoll / 500, 9);
    expect(line!.requestsPerSecond).toBeCloseTo(2 + 4, 9);
  });

  it('gives requests and bytes per second for Modbus TCP, and says when a profile has no plan', () => {
    const [, net] = busReports(config, plans);
    expect(net!.utilisation).toBeUndefined();
    expect(net!.requestsPerSecond).toBeCloseTo(1, 9);
    // MBAP: 12-byte requests; replies 9 + 20 and 9 + 2 bytes, every 2 s.
    expect(net!.bytesPerSecond).toBeCloseTo((12 + 29 + 12 + 11) / 2, 9);
    expect(net!.devices[1]!.problem).toBe('no read plan for profile "unplanned"');
  });
});

describe('planOfProfile', () => {
  it('plans as the runtime polls: the Modbus planner fills cheap holes within one priority, never across', async () => {
    const { getProfile } = await import('@firecode/devices');
    const { lineTiming, rtuCostModel } = await import('@firecode/modbus');
    const { planOfProfile } = await import('../read-plans.js');
    const monitor = getProfile('residual-current-monitor-4');
    const contiguous = planOfProfile(monitor);
    const planned = planOfProfile(monitor, {}, rtuCostModel(lineTiming({ baudRate: 9600 })));
    expect(planned.length).toBeLessThan(contiguous.length);
    // Every register the profile reads is still read.
    const covered = (reads: typeof planned, address: number) =>
      reads.some((r) => r.table === 'holding' && address >= r.address && address < r.address + r.count);
    for (const read of contiguous)
      for (let a = read.address; a < read.address + read.count; a++) expect(covered(planned, a)).toBe(true);
  });
});

describe('describeGb26875', () => {
  it('prints the GB/T 26875.3 uplink with its defaults', () => {
    const gb = parseConfig(
      `building: { id: b-1, name: B }
gateway: { id: gw-1 }
buses: [{ id: net, kind: tcp, host: 10.0.0.2 }]
uplink: { url: mqtt://127.0.0.1, outbox: { path: /tmp/o } }
uplinks:
  gb26875: { host: 10.20.30.40, port: 9000, sourceAddress: 110105000001, quirks: [bcdTime] }
`,
      'check.yaml',
      { profiles: createProfileCatalog({}) },
    ).uplinks!.gb26875!;
    expect(describeGb26875(gb)).toBe(
      'GB/T 26875.3 uplink to 10.20.30.40:9000 as device 110105000001 → centre 0: heartbeat every 30 s, ' +
        'confirm within 10000 ms, 3 retries, quirks bcdTime, check-in answered by the gateway, ' +
        'queue /tmp/o-gb26875 (64 MiB)',
    );
  });
});
