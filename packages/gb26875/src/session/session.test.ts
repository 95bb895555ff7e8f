import { MemoryOutbox } from '@firecode/uplink';
import { describe, expect, it } from 'vitest';
import { Command, decodeFrame, encodeFrame, timeFromDate } from '../frame/index.js';
import { fixedResponder } from './fixed-responder.js';
import { Gb26875Session } from './session.js';
import { createSocketPair, type MemorySocket } from './socket-pair.js';
import type { SessionState } from './states.js';

async function until(what: string, probe: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Gb26875Session with an injected connect (no network)', () => {
  it('backs off after a failed dial, then goes online and confirms over the memory socket', async () => {
    let dials = 0;
    let centre: MemorySocket | undefined;
    const session = new Gb26875Session({
      connect: async () => {
        dials += 1;
        if (dials === 1) throw new Error('connection refused');
        const [device, far] = createSocketPair();
        centre = far;
        return device;
      },
      queue: new MemoryOutbox(),
      responder: fixedResponder(),
      sourceAddress: 7,
      heartbeatMs: 0,
      reconnect: { minMs: 10, maxMs: 10, jitter: 0 },
    });
    const states: SessionState[] = [];
    const offline: number[] = [];
    session.on('state', (_from, to) => states.push(to));
    session.on('offline', (info) => offline.push(info.retryInMs));
    session.start();
    await until('online', () => session.isOnline);
    expect(states).toEqual(['connecting', 'backoff', 'connecting', 'online']);
    expect(offline).toEqual([10]);

    // The centre asks for the device status: a reply with the same serial, from the responder.
    const received: Uint8Array[] = [];
    centre!.on('data', (chunk) => received.push(chunk));
    centre!.write(
      encodeFrame({
        serial: 41,
        version: { major: 1, minor: 0 },
        time: timeFromDate(Date.now()),
        source: 0,
        destination: 7,
        command: Command.request,
        adu: Uint8Array.from([81, 1, 0]),
      }),
    );
    await until('the reply', () => received.length === 1);
    const reply = decodeFrame(received[0]!);
    expect(reply).toMatchObject({ serial: 41, command: Command.reply, source: 7 });
    expect(reply.adu[0]).toBe(21);

    centre!.destroy();
    await until('back to backoff', () => session.state === 'backoff');
    await session.close();
    expect(session.state).toBe('closed');
  });
});
