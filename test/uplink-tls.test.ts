/**
 * Must hold: TLS with a client certificate to a private Mosquitto (certificates made here with
 * openssl); a wrong or missing certificate is refused with a clear error.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUplink, MemoryOutbox, type OfflineInfo, type Uplink, type UplinkTls } from '@firecode/uplink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MessageCollector,
  parseTestPayload,
  testPayload,
} from '../packages/uplink/src/testing/message-collector.js';
import {
  MOSQUITTO_MISSING,
  makeCertificates,
  PrivateMosquitto,
} from '../packages/uplink/src/testing/private-mosquitto.js';

const encoder = new TextEncoder();
let dir: string;
let certs: ReturnType<typeof makeCertificates>;
let broker: PrivateMosquitto;

beforeAll(async () => {
  if (MOSQUITTO_MISSING) return;
  dir = mkdtempSync(join(tmpdir(), 'firecode-uplink-tls-'));
  certs = makeCertificates(dir);
  broker = await PrivateMosquitto.start({
    tls: { caFile: certs.ca, certFile: certs.serverCert, keyFile: certs.serverKey, requireCertificate: true },
  });
});
afterAll(async () => {
  await broker?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const read = (path: string) => readFileSync(path);

function uplinkWith(tls: UplinkTls | undefined, name: string): Uplink {
  return createUplink({
    url: broker.url,
    clientId: `tls-${name}`,
    topicPrefix: 'firecode-test/tls',
    outbox: new MemoryOutbox(),
    birth: () => encoder.encode('birth'),
    will: encoder.encode('offline'),
    ...(tls ? { tls } : {}),
    reconnect: { minMs: 60_000, maxMs: 60_000 },
  });
}

/** The first `offline` with an error: what a gateway operator would see in the log. */
function firstFailure(uplink: Uplink): Promise<OfflineInfo> {
  uplink.on('error', () => {});
  return new Promise((resolve) => uplink.once('offline', resolve));
}

describe.skipIf(MOSQUITTO_MISSING)('uplink over mutual TLS (private Mosquitto)', () => {
  it('connects with a client certificate signed by the broker CA and delivers', async () => {
    const tls = { ca: read(certs.ca), cert: read(certs.clientCert), key: read(certs.clientKey) };
    const received = await MessageCollector.start(broker.url, 'firecode-test/tls/#', tls);
    const uplink = uplinkWith(tls, 'good');
    try {
      await uplink.submit('alarm', (meta) => testPayload(meta, 'fire over tls'));
      await received.until('the alarm', () => received.on('alarm').length === 1);
      expect(parseTestPayload(received.on('alarm')[0]!.payload).label).toBe('fire over tls');
      expect(uplink.stats().connected).toBe(true);
    } finally {
      await uplink.close();
      await received.stop();
    }
  });

  it('is refused with a client certificate from another CA, and says so', async () => {
    const uplink = uplinkWith(
      { ca: read(certs.ca), cert: read(certs.wrongClientCert), key: read(certs.wrongClientKey) },
      'intruder',
    );
    try {
      const info = await firstFailure(uplink);
      expect(info.error?.code).toBe('UPLINK_TLS_REFUSED');
      expect(info.error?.message).toContain(`TLS with ${broker.url} failed`);
      expect(info.error?.message).toMatch(/client certificate/);
      expect(uplink.isConnected).toBe(false);
    } finally {
      await uplink.close();
    }
  });

  it('is refused without a client certificate, and says so', async () => {
    const uplink = uplinkWith({ ca: read(certs.ca) }, 'anonymous');
    try {
      const info = await firstFailure(uplink);
      expect(info.error?.code).toBe('UPLINK_TLS_REFUSED');
      expect(info.error?.message).toContain(broker.url);
    } finally {
      await uplink.close();
    }
  });

  it('refuses a broker whose certificate it cannot verify', async () => {
    const uplink = uplinkWith({ cert: read(certs.clientCert), key: read(certs.clientKey) }, 'no-ca');
    try {
      const info = await firstFailure(uplink);
      expect(info.error?.code).toBe('UPLINK_TLS_REFUSED');
      expect(info.error?.message).toMatch(/tls\.ca/);
    } finally {
      await uplink.close();
    }
  });
});
