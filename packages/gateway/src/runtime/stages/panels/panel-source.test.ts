import { encodeGst9000Record, encodeLd128eRecord, LD128E_IDLE, LD128E_POLL } from '@firecode/devices';
import type { FireEvent } from '@firecode/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { panelSchema } from '../../../config/schema.js';
import { createLogger } from '../../../observability/logger.js';
import { createMemoryPanelPorts, type MemoryPanelPorts } from './panel-port.js';
import { type PanelSource, panelComponent, startPanelSource } from './panel-source.js';

const logger = createLogger({ level: 'silent' });
const sources: PanelSource[] = [];
afterEach(async () => {
  for (const source of sources.splice(0)) await source.stop();
});

/** Bounded wait (not a timing assertion: the bound only turns a hang into a failure). */
async function until(check: () => boolean, what: () => string, boundMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > boundMs) throw new Error(`gave up waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function start(ports: MemoryPanelPorts, panel: Record<string, unknown>) {
  const events: FireEvent[] = [];
  const online: boolean[] = [];
  const frames: string[] = [];
  const source = startPanelSource({
    panel: panelSchema.parse({ id: 'fap', path: '/dev/memory', reopenMinMs: 50, reopenMaxMs: 200, ...panel }),
    openPort: ports.open,
    logger,
    onEvents: (list) => events.push(...list),
    onOnline: (value) => online.push(value),
    onFrame: (kind) => frames.push(kind),
  });
  sources.push(source);
  return { source, events, online, frames };
}

/** An LD128E panel on the memory cable: answers each poll with the next queued reply. */
function answerPolls(ports: MemoryPanelPorts, replies: Uint8Array[]): { silent: boolean } {
  const state = { silent: false };
  ports.panelEnd.onData((chunk) => {
    for (const byte of chunk) {
      if (byte !== LD128E_POLL || state.silent) continue;
      ports.panelEnd.write(replies.shift() ?? Uint8Array.of(LD128E_IDLE));
    }
  });
  return state;
}

describe('panel source', () => {
  it('LD128E: events carry the commissioned type and place, or type 0; garbage is counted', async () => {
    const ports = createMemoryPanelPorts();
    answerPolls(ports, [
      encodeLd128eRecord({ code: 0x01, loop: 3, address: 2 }),
      Uint8Array.of(0xff, 0x00),
      encodeLd128eRecord({ code: 0x02, loop: 4, address: 5 }),
    ]);
    const { events, online, frames } = start(ports, {
      protocol: 'ld128e',
      pollIntervalMs: 50,
      systemType: 10,
      panelPoints: [{ loop: 3, address: 2, type: 23, location: '2F stair B' }],
    });
    await until(
      () => events.length >= 2,
      () => JSON.stringify(events),
    );
    expect(events[0]).toMatchObject({
      kind: 'fire',
      component: 'fap',
      loop: 3,
      address: 2,
      systemType: 10,
      componentType: 23,
      description: 'fire; 2F stair B',
    });
    expect(events[1]).toMatchObject({
      kind: 'fault',
      loop: 4,
      address: 5,
      componentType: 0,
      description: 'fault',
    });
    expect(frames).toEqual(['record', 'unknown', 'record']);
    expect(online).toEqual([true]);
  });

  it('LD128E: a silent panel is offline once, and back when it answers', async () => {
    const ports = createMemoryPanelPorts();
    const panel = answerPolls(ports, []);
    const { events, online } = start(ports, { protocol: 'ld128e', pollIntervalMs: 50, offlineAfterPolls: 3 });
    await until(
      () => online.length === 1,
      () => 'the first open',
    );
    panel.silent = true;
    await until(
      () => events.some((e) => e.kind === 'offline' && e.active),
      () => JSON.stringify(events),
    );
    panel.silent = false;
    await until(
      () => events.some((e) => e.kind === 'online' && e.active),
      () => JSON.stringify(events),
    );
    expect(events.map((e) => `${e.kind} ${e.active}`)).toEqual(['offline true', 'online true']);
    expect(events[0]).toMatchObject({ component: 'fap', componentType: 1, systemType: 1 });
    expect(online).toEqual([true, false, true]);
  });

  it('a port that cannot be opened is offline once while reopening with backoff, then recovers', async () => {
    const ports = createMemoryPanelPorts();
    ports.vanish();
    const { source, events, online } = start(ports, { protocol: 'gst9000-printer' });
    await until(
      () => source.stats().openFailures >= 3,
      () => JSON.stringify(source.stats()),
    );
    expect(events.map((e) => `${e.kind} ${e.active}`)).toEqual(['offline true']);
    expect(events[0]?.description).toMatch(/cannot open serial port \/dev\/memory/);
    expect(source.online).toBe(false);
    ports.restore();
    await until(
      () => source.stats().portOpen,
      () => JSON.stringify(source.stats()),
    );
    expect(events.map((e) => `${e.kind} ${e.active}`)).toEqual(['offline true', 'online true']);
    expect(online).toEqual([false, true]);
    expect(source.online).toBe(true);
  });

  it('GST9000: a port lost mid-printout reports the partial record as unknown, is offline once and reopens', async () => {
    const ports = createMemoryPanelPorts();
    const { source, events, frames } = start(ports, { protocol: 'gst9000-printer' });
    await until(
      () => ports.isOpen,
      () => 'the port open',
    );
    const record = encodeGst9000Record({
      printedTime: '08/12/02  17:24',
      loop: 4,
      point: 4,
      kindText: '首次火警',
      location: '裙楼一层上空',
      deviceText: '感烟探测器',
    });
    ports.panelEnd.write(record);
    await until(
      () => events.length === 1,
      () => JSON.stringify(events),
    );
    expect(events[0]).toMatchObject({
      kind: 'fire',
      loop: 4,
      address: 4,
      description: '首次火警 裙楼一层上空 感烟探测器',
    });
    ports.panelEnd.write(record.subarray(0, 12));
    await new Promise((resolve) => setTimeout(resolve, 20));
    ports.vanish();
    await until(
      () => events.some((e) => e.kind === 'offline' && e.active),
      () => JSON.stringify(events),
    );
    expect(frames).toEqual(['record', 'unknown']);
    ports.restore();
    await until(
      () => events.some((e) => e.kind === 'online' && e.active),
      () => JSON.stringify(source.stats()),
    );
    expect(source.stats()).toMatchObject({ portOpens: 2, portLosses: 1, records: 1, unknownFrames: 1 });
  });

  it('stop() closes the port and cancels reopening', async () => {
    const ports = createMemoryPanelPorts();
    ports.vanish();
    const { source } = start(ports, { protocol: 'gst9000-printer' });
    await until(
      () => source.stats().openFailures >= 1,
      () => 'a failed open',
    );
    await source.stop();
    ports.restore();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ports.opens).toBe(0);
  });

  it('is a fire alarm controller in the catalog', () => {
    expect(
      panelComponent(
        panelSchema.parse({
          id: 'fap',
          protocol: 'ld128e',
          path: '/dev/x',
          name: 'Lobby',
          location: { floor: 1 },
        }),
      ),
    ).toEqual({
      id: 'fap',
      name: 'Lobby',
      systemType: 1,
      componentType: 1,
      vendor: 'Lida',
      model: 'LD128E (CRT port)',
      location: { floor: 1 },
    });
  });
});
