/**
 * The session against the centre simulator over real loopback TCP: confirm, retry, timeout and
 * reconnect, deny, corrupt confirms, clock sync, check-in (auto and by a person), read requests,
 * unknown frames, heartbeat, and a centre outage with a backlog recovered in order.
 */
import { MemoryOutbox, type MessageClass } from '@firecode/uplink';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeAdu, TypeFlag } from '../adu/index.js';
import { CentreSimulator } from '../centre/centre-simulator.js';
import { Command, timeFromDate, timeToEpochMs } from '../frame/index.js';
import { fixedResponder } from './fixed-responder.js';
import { Gb26875Session, type Gb26875SessionOptions } from './session.js';
import { tcpCentre } from './transport.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Polls `probe` every 10 ms for up to 10 s (bounded), returning its first truthy value. */
async function until<T>(what: string, probe: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A component status unit for point `n`: the payload the queue holds. */
function unit(n: number): Uint8Array {
  return encodeAdu({
    type: TypeFlag.componentStatus,
    objects: [
      {
        systemType: 1,
        systemAddress: 1,
        componentType: 40,
        componentAddress: n,
        status: 0b11,
        description: `点${n}`,
        time: timeFromDate(Date.now()),
      },
    ],
  });
}

/** The first information object of a received unit, fields by name. */
function firstObject(received: { adu?: unknown }): Record<string, number> {
  return (received.adu as { objects: Record<string, number>[] }).objects[0]!;
}

/** The component addresses of the component-status uploads the centre got, in arrival order. */
function deliveredPoints(centre: CentreSimulator): number[] {
  return centre
    .uploads()
    .filter((r) => r.adu?.type === TypeFlag.componentStatus && r.answer === 'confirm')
    .map((r) => firstObject(r)['componentAddress']!);
}

async function setup(options: Partial<Gb26875SessionOptions> = {}, centreOptions = {}) {
  const centre = await CentreSimulator.start(centreOptions);
  const queue = new MemoryOutbox();
  const session = new Gb26875Session({
    connect: tcpCentre(centre.host, centre.port, 2000),
    queue,
    responder: fixedResponder(1),
    sourceAddress: 110105000001,
    timeoutMs: 300,
    retries: 2,
    heartbeatMs: 0,
    reconnect: { minMs: 50, maxMs: 200 },
    ...options,
  });
  cleanups.push(
    () => centre.close(),
    () => session.close(),
  );
  const add = async (n: number, cls: MessageClass = 'status') => {
    await queue.append(cls, () => unit(n));
    session.wake();
  };
  return { centre, queue, session, add };
}

describe('Gb26875Session against the centre simulator (loopback TCP)', () => {
  it('sends queued units and acks each only when the centre confirms it', async () => {
    const { centre, queue, session, add } = await setup();
    session.start();
    for (const n of [1, 2, 3]) await add(n);
    await until('three confirms', () => session.stats().confirmed === 3);
    expect(deliveredPoints(centre)).toEqual([1, 2, 3]);
    expect(queue.size).toBe(0);
    const first = centre.uploads()[0]!.frame;
    expect(first).toMatchObject({ command: Command.sendData, source: 110105000001, destination: 0 });
    // Serial numbers count up from 0, one per new frame.
    expect(centre.uploads().map((r) => r.frame.serial)).toEqual([0, 1, 2]);
  });

  it('sends the same frame again when no confirm comes in time', async () => {
    const { centre, session, add } = await setup();
    centre.setFaults({ dropNext: 1 });
    session.start();
    await add(7);
    await until('the confirm', () => session.stats().confirmed === 1);
    const uploads = centre.uploads();
    expect(uploads.map((r) => r.answer)).toEqual(['drop', 'confirm']);
    expect(uploads[1]!.frame.serial).toBe(uploads[0]!.frame.serial);
    expect(session.stats().retransmits).toBe(1);
  });

  it('after every retry times out, drops the link and redials; the unit stays queued and arrives', async () => {
    const { centre, queue, session, add } = await setup();
    centre.setFaults({ dropNext: 3 }); // the first send and both retries
    session.start();
    await add(9);
    await until('a second connection', () => session.stats().connects === 2);
    expect(session.stats().confirmTimeouts).toBe(1);
    await until('the confirm on the new link', () => session.stats().confirmed === 1);
    expect(queue.size).toBe(0);
    expect(deliveredPoints(centre)).toEqual([9]);
  });

  it('keeps a unit the centre denies and offers it again later, letting the others pass', async () => {
    const { centre, queue, session, add } = await setup({ deniedRetryMs: 300 });
    centre.setFaults({ denyNext: 1 });
    session.start();
    await add(1);
    await add(2);
    await until('both confirmed', () => session.stats().confirmed === 2);
    expect(session.stats().deniedByCentre).toBe(1);
    expect(deliveredPoints(centre)).toEqual([2, 1]);
    expect(queue.size).toBe(0);
  });

  it('drops a confirm with a wrong checksum (counted) and sends again', async () => {
    const { centre, session, add } = await setup();
    centre.setFaults({ corruptNext: 1 });
    session.start();
    await add(4);
    await until('the confirm', () => session.stats().confirmed === 1);
    expect(session.stats().rejectedFrames).toBe(1);
    expect(session.stats().retransmits).toBe(1);
  });

  it("applies the centre's clock sync as an offset to its time labels, not to the host clock", async () => {
    const { centre, session, add } = await setup();
    session.start();
    await until('online', () => session.isOnline && centre.connections === 1);
    const hourAhead = Date.now() + 3_600_000;
    const [answer] = await centre.syncClock(hourAhead);
    expect(answer?.command).toBe(Command.confirm);
    expect(session.stats().clockSyncs).toBe(1);
    // Time labels have whole seconds: the offset is an hour, give or take the rounding and the trip.
    expect(Math.abs(session.clockOffsetMs - 3_600_000)).toBeLessThan(2000);
    await add(5);
    await until('the confirm', () => session.stats().confirmed === 1);
    const label = timeToEpochMs(centre.uploads()[0]!.frame.time);
    expect(Math.abs(label - hourAhead)).toBeLessThan(3000);
    expect(Math.abs(Date.now() - hourAhead)).toBeGreaterThan(3_000_000); // the host clock untouched
  });

  it('answers a check-in at once when the gateway may answer by itself', async () => {
    const { centre, session } = await setup();
    session.start();
    await until('online', () => centre.connections === 1);
    const [confirm] = await centre.checkIn();
    expect(confirm?.command).toBe(Command.confirm);
    const answer = await until('the check-in answer', () =>
      centre.uploads().find((r) => r.adu?.type === TypeFlag.transmissionOperation),
    );
    expect(firstObject(answer)['operation']! & 0b10_0000).toBe(0b10_0000);
    expect(session.stats()).toMatchObject({ checkIns: 1, checkInsAnswered: 1 });
  });

  it('waits for a person when the config says so, and counts a check-in nobody answered', async () => {
    const { centre, session } = await setup({ checkIn: { answer: 'operator', withinMs: 400 } });
    session.start();
    await until('online', () => centre.connections === 1);
    await centre.checkIn();
    expect(session.pendingCheckIn).toBeDefined();
    await until('the miss', () => session.stats().checkInsMissed === 1);
    expect(centre.uploads().some((r) => r.adu?.type === TypeFlag.transmissionOperation)).toBe(false);
    expect(session.answerCheckIn()).toBe(false);

    await centre.checkIn();
    expect(session.answerCheckIn()).toBe(true);
    await until('the answer', () =>
      centre.uploads().find((r) => r.adu?.type === TypeFlag.transmissionOperation),
    );
    expect(session.stats()).toMatchObject({ checkIns: 2, checkInsAnswered: 1, checkInsMissed: 1 });
  });

  it("gives a person the centre's answer time when it is shorter than the configured one", async () => {
    const { centre, session } = await setup({ checkIn: { answer: 'operator', withinMs: 600_000 } });
    session.start();
    await until('online', () => centre.connections === 1);
    const sent = Date.now();
    await centre.checkIn(2); // answer within 2 minutes
    const left = session.pendingCheckIn!.deadline - sent;
    expect(left).toBeGreaterThan(110_000);
    expect(left).toBeLessThanOrEqual(121_000);
    expect(session.answerCheckIn()).toBe(true);
  });

  it('answers read requests with replies, and denies unknown commands and type flags (counted)', async () => {
    const { centre, session } = await setup();
    session.start();
    await until('online', () => centre.connections === 1);
    const [status] = await centre.request({
      type: TypeFlag.readTransmissionStatus,
      objects: [{ reserved: 0 }],
    });
    expect(status).toMatchObject({ command: Command.reply, serial: expect.any(Number) });
    expect(status!.adu[0]).toBe(TypeFlag.transmissionStatus);
    const [unknownCommand] = await centre.sendRaw(200, Uint8Array.from([1, 0]));
    expect(unknownCommand?.command).toBe(Command.deny);
    const [unknownType] = await centre.sendRaw(Command.request, Uint8Array.from([70, 1, 0]));
    expect(unknownType?.command).toBe(Command.deny);
    const [unknownControl] = await centre.sendRaw(Command.control, Uint8Array.from([99, 1, 0]));
    expect(unknownControl?.command).toBe(Command.deny);
    expect(session.stats()).toMatchObject({ requestsAnswered: 1, deniedByUs: 3, unknownCommands: 1 });
  });

  it('sends a heartbeat (transmission device status) when idle', async () => {
    const { centre, session } = await setup({ heartbeatMs: 150 });
    session.start();
    const beat = await until('a heartbeat', () =>
      centre.uploads().find((r) => r.adu?.type === TypeFlag.transmissionStatus && r.answer === 'confirm'),
    );
    expect(firstObject(beat)['status']! & 1).toBe(1);
    expect(session.stats().heartbeats).toBeGreaterThanOrEqual(1);
  });

  it('recovers a backlog built while the centre was down: every unit, alarms first, each class in order', async () => {
    const { centre, queue, session, add } = await setup();
    session.start();
    await until('online', () => centre.connections === 1);
    await centre.offline();
    await until('offline', () => !session.isOnline);
    const alarms: number[] = [];
    const others: number[] = [];
    for (let n = 1; n <= 60; n++) {
      const cls: MessageClass = n % 5 === 0 ? 'alarm' : n % 2 === 0 ? 'status' : 'data';
      (cls === 'alarm' ? alarms : others).push(n);
      await add(n, cls);
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few failed redials
    expect(queue.size).toBe(60);
    await centre.online();
    await until('all 60 confirmed', () => session.stats().confirmed === 60);
    const delivered = deliveredPoints(centre);
    expect(delivered.slice(0, alarms.length)).toEqual(alarms);
    const status = others.filter((n) => n % 2 === 0);
    const data = others.filter((n) => n % 2 !== 0);
    expect(delivered.slice(alarms.length)).toEqual([...status, ...data]);
    expect(queue.size).toBe(0);
  });
});
