import { byteStreamFromDuplex, startGst9000Listener, startLd128ePoller } from '@firecode/devices';
import { createMemoryBytePair } from '@firecode/devices/testing';
import type { FireEvent } from '@firecode/schema';
import { describe, expect, it } from 'vitest';
import { openPtyPair, socatAvailable } from '../pty-pair.js';
import { openSerialPort } from '../serial-slave.js';
import { Gst9000Printer } from './gst9000-printer.js';
import { Ld128ePanel } from './ld128e-panel.js';
import { startSerialPanel } from './serial-panel.js';

async function until(condition: () => boolean, explain: () => string = () => ''): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition(), explain()).toBe(true);
}

const summary = (e: FireEvent) => `${e.kind}${e.active ? '' : ' end'} ${e.loop ?? '-'}-${e.address ?? '-'}`;

describe('Ld128ePanel against the device library poller', () => {
  it('answers polls with records in order, then idle; the poller turns them into events', async () => {
    const [panelEnd, hostEnd] = createMemoryBytePair();
    const panel = new Ld128ePanel(panelEnd);
    panel.setPanelPoint(1, 23, 'fire');
    panel.setPanelPoint(4, 5, 'fault');
    panel.setPanelPoint(4, 5, 'normal');
    panel.resetPanel();
    const events: FireEvent[] = [];
    const poller = startLd128ePoller({
      stream: hostEnd,
      componentId: 'panel',
      intervalMs: 5,
      onEvent: (e) => events.push(e),
    });
    await until(() => panel.stats().idleReplies >= 2);
    poller.stop();
    panel.close();
    expect(Buffer.concat(panelEnd.written).subarray(0, 12).toString('hex')).toBe(
      '010117' + '020405' + '050405' + '500000',
    );
    expect(events.map(summary)).toEqual(['fire 1-23', 'fault 4-5', 'fault end 4-5', 'reset ---']);
  });

  it('goes silent under a no-answer fault and counts the unanswered polls', async () => {
    const [panelEnd, hostEnd] = createMemoryBytePair();
    const panel = new Ld128ePanel(panelEnd);
    panel.setFault({ kind: 'no-answer' });
    hostEnd.write(Uint8Array.of(0x20, 0x20, 0x41));
    await until(() => panel.stats().polls === 2);
    expect(panel.stats()).toMatchObject({ unanswered: 2, unexpectedBytes: 1 });
    expect(panelEnd.written).toEqual([]);
    expect(() => panel.setFault({ kind: 'corrupt-crc' })).toThrow(/only go silent/);
  });
});

describe('Gst9000Printer against the device library listener', () => {
  it('prints first fire, fire, fault and its end, reset; the listener reads them back', async () => {
    const [printerEnd, hostEnd] = createMemoryBytePair();
    const printer = new Gst9000Printer(printerEnd, {
      now: () => Date.UTC(2026, 10, 29, 6, 30),
      locations: { '4-4': '楼一层上空' },
    });
    const events: FireEvent[] = [];
    const descriptions: string[] = [];
    const listener = startGst9000Listener({
      stream: hostEnd,
      componentId: 'panel',
      onEvent: (e) => {
        events.push(e);
        descriptions.push(e.description ?? '');
      },
    });
    printer.setPanelPoint(4, 4, 'fire');
    printer.setPanelPoint(4, 5, 'fire');
    printer.setPanelPoint(2, 9, 'fault');
    printer.setPanelPoint(2, 9, 'normal');
    printer.resetPanel();
    await until(() => events.length === 5);
    listener.stop();
    expect(events.map(summary)).toEqual(['fire 4-4', 'fire 4-5', 'fault 2-9', 'fault end 2-9', 'reset ---']);
    expect(descriptions[0]).toBe('首次火警 楼一层上空 感烟探测器');
    expect(descriptions[1]?.startsWith('火警 ')).toBe(true);
  });
});

describe.skipIf(socatAvailable() ? false : 'socat is not installed (apt-get install socat)')(
  'Ld128ePanel on a serial port (socat pty pair)',
  () => {
    it('is polled over the pty by the device library poller', async () => {
      const pair = await openPtyPair();
      const served = await startSerialPanel({ protocol: 'ld128e', path: pair.slavePath, baudRate: 9600 });
      const panel = served.panel as Ld128ePanel;
      const hostPort = await openSerialPort({ path: pair.masterPath, baudRate: 9600 });
      panel.setPanelPoint(3, 2, 'fire');
      const events: FireEvent[] = [];
      const unknown: string[] = [];
      // 100 ms between polls (the panel's document says about 200): a loaded machine must not make
      // a reply arrive after the next poll, which the poller would rightly treat as out of step.
      const poller = startLd128ePoller({
        stream: byteStreamFromDuplex(hostPort as never),
        componentId: 'panel',
        intervalMs: 100,
        onEvent: (e) => events.push(e),
        onUnknown: (frame) => unknown.push(JSON.stringify(frame)),
      });
      await until(
        () => events.length === 1 && panel.stats().idleReplies >= 1,
        () =>
          `events ${events.map(summary)}, panel ${JSON.stringify(panel.stats())}, unknown ${unknown.join(' ')}`,
      );
      poller.stop();
      expect(events.map(summary)).toEqual(['fire 3-2']);
      await new Promise<void>((resolve) => hostPort.close(() => resolve()));
      await served.close();
      await pair.close();
    });
  },
);
