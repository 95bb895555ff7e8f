/** Username/password against a private Mosquitto that requires a login; a wrong password is refused clearly. */
import { createUplink, MemoryOutbox, type OfflineInfo } from '@firecode/uplink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOSQUITTO_MISSING, PrivateMosquitto } from '../packages/uplink/src/testing/private-mosquitto.js';

const encoder = new TextEncoder();
let broker: PrivateMosquitto;
beforeAll(async () => {
  if (MOSQUITTO_MISSING) return;
  broker = await PrivateMosquitto.start({ users: { gateway: 'right-password' } });
});
afterAll(async () => {
  await broker?.stop();
});

function uplinkWith(password: string, protocolVersion: 4 | 5) {
  const uplink = createUplink({
    url: broker.url,
    clientId: `auth-${password}-${protocolVersion}`,
    topicPrefix: 'firecode-test/auth',
    outbox: new MemoryOutbox(),
    birth: () => encoder.encode('birth'),
    will: encoder.encode('offline'),
    username: 'gateway',
    password,
    protocolVersion,
    reconnect: { minMs: 60_000, maxMs: 60_000 },
  });
  uplink.on('error', () => {});
  return uplink;
}

describe.skipIf(MOSQUITTO_MISSING)('uplink with username/password (private Mosquitto)', () => {
  it('logs in with the right password', async () => {
    const uplink = uplinkWith('right-password', 5);
    try {
      await new Promise((resolve) => uplink.once('connect', resolve));
      await uplink.submit('status', () => encoder.encode('hello'));
      await uplink.drained();
      expect(uplink.stats().delivered).toBe(1);
    } finally {
      await uplink.close();
    }
  });

  for (const version of [4, 5] as const) {
    it(`is refused with a wrong password, naming the URL but not the password (MQTT ${version === 4 ? '3.1.1' : '5'})`, async () => {
      const uplink = uplinkWith('wrong-password', version);
      try {
        const info = await new Promise<OfflineInfo>((resolve) => uplink.once('offline', resolve));
        expect(info.error?.code).toBe('UPLINK_AUTH_REFUSED');
        expect(info.error?.message).toContain(`${broker.url} refused the login`);
        expect(info.error?.message).not.toContain('wrong-password');
      } finally {
        await uplink.close();
      }
    });
  }
});
