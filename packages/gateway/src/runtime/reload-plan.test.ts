import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse.js';
import { planReload, restartOnlyMessage } from './reload-plan.js';

function config(options: { id?: string; outbox?: string; listen?: string; building?: string } = {}) {
  return parseConfig(
    `building: { id: b-1, name: ${options.building ?? 'B'} }
gateway: { id: ${options.id ?? 'gw-1'} }
buses: [{ id: net, kind: tcp, host: 127.0.0.1 }]
uplink: { url: mqtt://127.0.0.1:1883, outbox: { path: ${options.outbox ?? '/var/lib/firecode/outbox'} } }
metrics: { listen: '${options.listen ?? '127.0.0.1:9464'}' }
`,
    '/etc/firecode/gateway.yaml',
  );
}

describe('planReload', () => {
  it('keeps restart-only settings at their running values and lists them', () => {
    const running = config();
    const plan = planReload(
      running,
      config({ id: 'gw-2', outbox: '/data/outbox', listen: '127.0.0.1:9999', building: 'C' }),
      { outboxGiven: false },
    );
    expect(plan.restartOnly).toEqual([
      { field: 'gateway.id', running: 'gw-1', configured: 'gw-2' },
      { field: 'uplink.outbox.path', running: '/var/lib/firecode/outbox', configured: '/data/outbox' },
      { field: 'metrics.listen', running: '127.0.0.1:9464', configured: '127.0.0.1:9999' },
    ]);
    expect(plan.config.gateway.id).toBe('gw-1');
    expect(plan.config.uplink.outbox.path).toBe('/var/lib/firecode/outbox');
    expect(plan.config.metrics.listen).toBe('127.0.0.1:9464');
    // Everything else comes from the new file.
    expect(plan.config.building.name).toBe('C');
  });

  it('has nothing to say when only live settings change', () => {
    expect(planReload(config(), config({ building: 'C' }), { outboxGiven: false }).restartOnly).toEqual([]);
  });

  it('leaves the outbox settings alone when the outbox was given to the runtime', () => {
    const plan = planReload(config(), config({ outbox: '/data/outbox' }), { outboxGiven: true });
    expect(plan.restartOnly).toEqual([]);
  });
});

describe('restartOnlyMessage', () => {
  it('names each setting with both values and says to restart', () => {
    expect(
      restartOnlyMessage([
        { field: 'gateway.id', running: 'gw-1', configured: 'gw-2' },
        { field: 'uplink.outbox.fsync', running: true, configured: false },
      ]),
    ).toBe(
      'configuration reload: gateway.id (running "gw-1", file "gw-2"), uplink.outbox.fsync (running true, file false) cannot change while the gateway runs and keep their running values; restart the gateway to apply',
    );
    expect(restartOnlyMessage([{ field: 'gateway.id', running: 'a', configured: 'b' }])).toMatch(
      /cannot change while the gateway runs and keeps its running value; restart the gateway to apply$/,
    );
  });
});

describe('planReload and uplinks.gb26875', () => {
  const withCentre = (port: number | undefined) =>
    parseConfig(
      `building: { id: b-1, name: B }
gateway: { id: gw-1 }
buses: [{ id: net, kind: tcp, host: 127.0.0.1 }]
uplink: { url: mqtt://127.0.0.1:1883, outbox: { path: /var/lib/firecode/outbox } }
${port === undefined ? '' : `uplinks: { gb26875: { host: 10.0.0.9, port: ${port}, sourceAddress: 1 } }`}
`,
      '/etc/firecode/gateway.yaml',
    );

  it('keeps the running GB/T 26875.3 uplink (added, changed or removed) until a restart', () => {
    for (const [running, next] of [
      [undefined, 9000],
      [9000, 9001],
      [9000, undefined],
    ] as const) {
      const plan = planReload(withCentre(running), withCentre(next), { outboxGiven: false });
      expect(plan.restartOnly.map((c) => c.field)).toEqual(['uplinks.gb26875']);
      expect(plan.config.uplinks?.gb26875?.port).toBe(running);
    }
  });
});
