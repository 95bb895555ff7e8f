import { describe, expect, it } from 'vitest';
import { configProblems } from './config-problems.test-support.js';
import { parseConfig } from './parse.js';
import { createProfileCatalog } from './profile-catalog.js';

const options = { profiles: createProfileCatalog({}), env: {} };

// Line numbers matter: the problems below are expected at these lines.
const base = `building: { id: sh-0001, name: Demo tower }
gateway: { id: gw-1 }
buses: [{ id: l1, kind: tcp, host: 127.0.0.1 }]
uplink:
  url: mqtt://127.0.0.1:1883
  outbox: { path: /var/lib/firecode/outbox }
uplinks:
  gb26875:
`;

describe('uplinks.gb26875', () => {
  it('applies the defaults and puts its queue next to the MQTT outbox', () => {
    const config = parseConfig(
      `${base}    host: centre.example.cn\n    port: 9000\n    sourceAddress: 110105000001\n`,
      'gw.yaml',
      options,
    );
    expect(config.uplinks?.gb26875).toEqual({
      host: 'centre.example.cn',
      port: 9000,
      sourceAddress: 110105000001,
      destinationAddress: 0,
      heartbeatSeconds: 30,
      timeoutMs: 10_000,
      retries: 3,
      quirks: [],
      checkIn: { answer: 'auto', withinSeconds: 60 },
      outbox: { path: '/var/lib/firecode/outbox-gb26875', maxBytes: 64 * 1024 * 1024 },
    });
  });

  it('resolves a queue folder given relative to the file, and keeps :memory:', () => {
    const given = (path: string) =>
      parseConfig(
        `${base}    host: h\n    port: 1\n    sourceAddress: 1\n    outbox: { path: "${path}" }\n`,
        '/etc/firecode/gw.yaml',
        options,
      ).uplinks?.gb26875?.outbox.path;
    expect(given('gb-queue')).toBe('/etc/firecode/gb-queue');
    expect(given(':memory:')).toBe(':memory:');
  });

  it('reports wrong settings at their line, with a did-you-mean for a quirk', () => {
    const text = `${base}    host: centre.example.cn
    port: 70000
    sourceAddress: 281474976710656
    quirks: [bcdTim]
    heartbeatSecs: 30
`;
    const lines = configProblems(text, options);
    expect(lines.join('\n')).toMatch(/gw\.yaml:10:11: uplinks\.gb26875\.port:/);
    expect(lines.join('\n')).toMatch(/gw\.yaml:11:20: uplinks\.gb26875\.sourceAddress:/);
    expect(lines.join('\n')).toMatch(/gw\.yaml:12:\d+: uplinks\.gb26875\.quirks\[0\]:.*bcdTime/);
    expect(lines.join('\n')).toMatch(
      /gw\.yaml:13:5: uplinks\.gb26875\.heartbeatSecs: .*did you mean "heartbeatSeconds"/,
    );
  });

  it('needs host, port and sourceAddress', () => {
    const lines = configProblems(`${base}    retries: 2\n`, options);
    for (const key of ['host', 'port', 'sourceAddress'])
      expect(lines.join('\n')).toMatch(new RegExp(`uplinks\\.gb26875(\\.${key})?: .*${key}`));
  });
});
