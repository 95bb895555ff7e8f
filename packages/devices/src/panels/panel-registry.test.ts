import { describe, expect, it } from 'vitest';
import { createMemoryBytePair } from '../testing/memory-byte-pair.js';
import { encodeLd128eRecord, LD128E_POLL } from './ld128e.js';
import { getPanelDriver, panelDrivers, panelProtocols } from './panel-drivers.js';

describe('panel driver registry', () => {
  it('lists every driver with its protocol, panel and mode', () => {
    expect(panelProtocols).toEqual(['ld128e', 'gst9000-printer']);
    expect(panelDrivers().map((d) => [d.protocol, d.vendor, d.mode])).toEqual([
      ['ld128e', 'Lida', 'polls'],
      ['gst9000-printer', 'GST', 'listens'],
    ]);
  });

  it('refuses an unknown protocol naming the ones there are', () => {
    expect(() => getPanelDriver('ld128')).toThrow(
      expect.objectContaining({
        code: 'DEVICES_PANEL_PROTOCOL_UNKNOWN',
        message: 'no fire-panel driver for protocol "ld128": use one of ld128e, gst9000-printer',
      }),
    );
  });

  it('starts a polling driver on a byte stream: records become events, silence is reported apart', async () => {
    const [gateway, panel] = createMemoryBytePair();
    const events: string[] = [];
    const silent: boolean[] = [];
    let polls = 0;
    panel.onData((bytes) => {
      for (const byte of bytes) {
        if (byte !== LD128E_POLL) continue;
        polls += 1;
        // Answers the first poll with a fire record, then stays silent.
        if (polls === 1) void panel.write(encodeLd128eRecord({ code: 0x01, loop: 1, address: 23 }));
      }
    });
    const stop = getPanelDriver('ld128e').start({
      stream: gateway,
      componentId: 'fap-1',
      settings: { pollIntervalMs: 20, offlineAfterPolls: 3, idleFlushMs: 2000 },
      now: Date.now,
      onEvent: (event) => events.push(`${event.kind} ${event.loop}-${event.address}`),
      onUnknown: () => {},
      onSilent: (isSilent) => silent.push(isSilent),
    });
    for (let i = 0; i < 100 && silent.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(events).toEqual(['fire 1-23']);
    expect(silent).toEqual([true]);
  });
});
