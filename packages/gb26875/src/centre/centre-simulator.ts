import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { decodeAdu, encodeAdu, type Gb26875Adu, TypeFlag } from '../adu/index.js';
import {
  CHINA_UTC_OFFSET_MINUTES,
  Command,
  encodeFrame,
  Gb26875Deframer,
  type Gb26875Frame,
  type Gb26875Quirks,
  timeFromDate,
} from '../frame/index.js';
import { describeFrame } from './describe-frame.js';

/** Misbehaviour to put a device through; each count is used up by the frames it affects. */
export interface CentreFaults {
  /** Leave this many send-data frames unanswered (the device must time out and send again). */
  dropNext?: number;
  /** Answer this many send-data frames with a deny (否认) instead of a confirm. */
  denyNext?: number;
  /** Answer this many send-data frames with a confirm whose checksum is wrong. */
  corruptNext?: number;
  /** Wait this long before every confirm. */
  delayMs?: number;
}

/** What the simulated centre does on its own, every so often (0 or absent: never). */
export interface CentreSchedule {
  clockSyncEveryMs?: number;
  checkInEveryMs?: number;
  /** Read requests on a timer, cycling through `readTypes` (default 61, 62, 63, 81). */
  readRequestEveryMs?: number;
  readTypes?: readonly number[];
}

/** Options of {@link CentreSimulator.start}. */
export interface CentreSimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** The centre's own address (source of its frames). Default 0. */
  address?: number;
  quirks?: Gb26875Quirks;
  faults?: CentreFaults;
  schedule?: CentreSchedule;
  /** Each decoded frame as readable text, both ways (`→` from a device, `←` to it). */
  print?: (line: string) => void;
  utcOffsetMinutes?: number;
  now?: () => number;
}

/** One frame a device sent, as the centre saw it. */
export interface ReceivedFrame {
  readonly frame: Gb26875Frame;
  /** The ADU decoded, when it decodes. */
  readonly adu?: Gb26875Adu;
  /** Host time when it arrived. */
  readonly at: number;
  /** How the centre answered a send-data frame. */
  readonly answer?: 'confirm' | 'deny' | 'drop' | 'corrupt';
  /** Which connection it came on (1, 2, … in accept order). */
  readonly connection: number;
}

/** Events of {@link CentreSimulator}. */
export interface CentreSimulatorEvents {
  connection: [id: number, remote: string];
  disconnect: [id: number];
  frame: [received: ReceivedFrame];
}

interface Device {
  readonly id: number;
  readonly socket: Socket;
  readonly deframer: Gb26875Deframer;
}

interface Pending {
  readonly resolve: (frame: Gb26875Frame) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * A city monitoring centre on loopback, for commissioning and tests: accepts devices over TCP,
 * confirms their send-data frames (or drops, delays, corrupts or denies them as told), sends clock
 * syncs, check-ins and read requests on demand or on a schedule, and prints every decoded frame.
 * `offline()` / `online()` simulate an outage of the centre (the port refuses, then listens again).
 */
export class CentreSimulator extends EventEmitter<CentreSimulatorEvents> {
  /** Every frame devices sent, in arrival order. */
  readonly received: ReceivedFrame[] = [];
  readonly host: string;
  #port: number;
  #server: Server | undefined;
  readonly #devices = new Map<number, Device>();
  #nextDevice = 1;
  #serial = 0;
  readonly #pending = new Map<number, Pending>();
  #faults: CentreFaults;
  readonly #options: CentreSimulatorOptions;
  readonly #timers: NodeJS.Timeout[] = [];

  private constructor(options: CentreSimulatorOptions) {
    super();
    this.#options = options;
    this.host = options.host ?? '127.0.0.1';
    this.#port = options.port ?? 0;
    this.#faults = { ...options.faults };
  }

  /** Starts listening; resolves once the port is open. */
  static async start(options: CentreSimulatorOptions = {}): Promise<CentreSimulator> {
    const centre = new CentreSimulator(options);
    await centre.online();
    centre.#startSchedule(options.schedule ?? {});
    return centre;
  }

  /** The port it listens on (fixed after the first start, so `online()` reopens the same). */
  get port(): number {
    return this.#port;
  }

  /** Connected devices now. */
  get connections(): number {
    return this.#devices.size;
  }

  /** Replaces the faults (counts start again). */
  setFaults(faults: CentreFaults): void {
    this.#faults = { ...faults };
  }

  /** The send-data frames received (the device's uploads and heartbeats), decoded. */
  uploads(): ReceivedFrame[] {
    return this.received.filter((r) => r.frame.command === Command.sendData);
  }

  /** Opens the port (again). */
  async online(): Promise<void> {
    if (this.#server) return;
    const server = createServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** A centre outage: drops every device and refuses connections until {@link online}. */
  async offline(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const device of this.#devices.values()) device.socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Drops every connection, keeps listening (the devices should redial). */
  disconnectAll(): void {
    for (const device of this.#devices.values()) device.socket.destroy();
  }

  /** Sends a clock sync (90) with `timeMs` (default now) to every device; resolves with the answers. */
  syncClock(timeMs?: number): Promise<Gb26875Frame[]> {
    const time = timeFromDate(timeMs ?? this.#now(), this.#offset());
    return this.#toAll(Command.control, { type: TypeFlag.syncClock, objects: [{ time }] });
  }

  /** Sends a check-in (查岗, 91) to every device; resolves with their confirms. */
  checkIn(timeoutMinutes = 1): Promise<Gb26875Frame[]> {
    return this.#toAll(Command.control, { type: TypeFlag.checkIn, objects: [{ timeoutMinutes }] });
  }

  /** Sends initialise (89) to every device. */
  initialise(): Promise<Gb26875Frame[]> {
    return this.#toAll(Command.control, { type: TypeFlag.initialise, objects: [{ reserved: 0 }] });
  }

  /** Sends a read request to every device; resolves with their replies (or denies). */
  request(adu: Gb26875Adu): Promise<Gb26875Frame[]> {
    return this.#toAll(Command.request, adu);
  }

  /** Sends raw ADU bytes with any command byte (to try a device with what it should deny). */
  sendRaw(command: number, adu: Uint8Array): Promise<Gb26875Frame[]> {
    return Promise.all([...this.#devices.values()].map((device) => this.#send(device, command, adu)));
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    for (const pending of this.#pending.values()) clearTimeout(pending.timer);
    this.#pending.clear();
    await this.offline();
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #offset(): number {
    return this.#options.utcOffsetMinutes ?? CHINA_UTC_OFFSET_MINUTES;
  }

  #print(line: string): void {
    this.#options.print?.(line);
  }

  #accept(socket: Socket): void {
    socket.setNoDelay(true);
    const id = this.#nextDevice++;
    const deframer = new Gb26875Deframer({
      ...(this.#options.quirks ? { quirks: this.#options.quirks } : {}),
      onReject: (rejection) => this.#print(`! device ${id}: dropped a frame: ${rejection.message}`),
    });
    const device: Device = { id, socket, deframer };
    this.#devices.set(id, device);
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    this.#print(`+ device ${id} connected from ${remote}`);
    this.emit('connection', id, remote);
    socket.on('data', (chunk) => {
      for (const frame of deframer.push(chunk)) this.#receive(device, frame);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#devices.delete(id);
      this.#print(`- device ${id} disconnected`);
      this.emit('disconnect', id);
    });
  }

  #receive(device: Device, frame: Gb26875Frame): void {
    const quirks = this.#options.quirks;
    this.#print(`→ ${describeFrame(frame, quirks ? { quirks } : {})}`);
    let adu: Gb26875Adu | undefined;
    try {
      if (frame.adu.length > 0) adu = decodeAdu(frame.adu, quirks ? { quirks } : {});
    } catch {
      adu = undefined;
    }
    const base = { frame, at: this.#now(), connection: device.id, ...(adu ? { adu } : {}) };
    if (frame.command !== Command.sendData) {
      // Answers to what the centre sent: confirm, reply or deny, matched by serial number.
      const pending = this.#pending.get(frame.serial);
      if (pending) {
        clearTimeout(pending.timer);
        this.#pending.delete(frame.serial);
        pending.resolve(frame);
      }
      this.#record(base);
      return;
    }
    const faults = this.#faults;
    const use = (key: 'dropNext' | 'denyNext' | 'corruptNext') => {
      if ((faults[key] ?? 0) <= 0) return false;
      faults[key] = (faults[key] ?? 0) - 1;
      return true;
    };
    const answer = use('dropNext')
      ? 'drop'
      : use('denyNext')
        ? 'deny'
        : use('corruptNext')
          ? 'corrupt'
          : 'confirm';
    this.#record({ ...base, answer });
    if (answer === 'drop') return;
    const reply = () => {
      if (device.socket.destroyed) return;
      const out = this.#frame(
        frame.serial,
        answer === 'deny' ? Command.deny : Command.confirm,
        new Uint8Array(0),
      );
      const bytes = this.#encode(out);
      if (answer === 'corrupt') bytes[bytes.length - 3] = (bytes[bytes.length - 3]! + 1) & 0xff;
      this.#print(`← ${describeFrame(out)}${answer === 'corrupt' ? ' (checksum corrupted on purpose)' : ''}`);
      device.socket.write(bytes);
    };
    const delay = faults.delayMs ?? 0;
    if (delay > 0) setTimeout(reply, delay).unref();
    else reply();
  }

  #record(received: ReceivedFrame): void {
    this.received.push(received);
    this.emit('frame', received);
  }

  #frame(serial: number, command: number, adu: Uint8Array): Gb26875Frame {
    return {
      serial,
      version: { major: 1, minor: 0 },
      time: timeFromDate(this.#now(), this.#offset()),
      source: this.#options.address ?? 0,
      destination: 0,
      command,
      adu,
    };
  }

  #encode(frame: Gb26875Frame): Uint8Array {
    const quirks = this.#options.quirks;
    return encodeFrame(frame, quirks ? { quirks } : {});
  }

  #toAll(command: number, adu: Gb26875Adu): Promise<Gb26875Frame[]> {
    const quirks = this.#options.quirks;
    return this.sendRaw(command, encodeAdu(adu, quirks ? { quirks } : {}));
  }

  /** Sends one frame to one device; resolves with its answer (same serial), rejects after 15 s. */
  #send(device: Device, command: number, adu: Uint8Array): Promise<Gb26875Frame> {
    const serial = this.#serial;
    this.#serial = (this.#serial + 1) & 0xffff;
    const frame = this.#frame(serial, command, adu);
    return new Promise<Gb26875Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(serial);
        reject(new Error(`device ${device.id} did not answer centre frame #${serial} within 15 s`));
      }, 15_000);
      timer.unref();
      this.#pending.set(serial, { resolve, timer });
      this.#print(`← ${describeFrame(frame)}`);
      device.socket.write(this.#encode(frame));
    });
  }

  #startSchedule(schedule: CentreSchedule): void {
    const every = (ms: number | undefined, action: () => Promise<unknown>) => {
      if (!ms) return;
      const timer = setInterval(
        () => void action().catch((error: Error) => this.#print(`! ${error.message}`)),
        ms,
      );
      timer.unref();
      this.#timers.push(timer);
    };
    every(schedule.clockSyncEveryMs, () => this.syncClock());
    every(schedule.checkInEveryMs, () => this.checkIn());
    const types = schedule.readTypes ?? [61, 62, 63, 81];
    let next = 0;
    every(schedule.readRequestEveryMs, () => {
      const type = types[next++ % types.length]!;
      return this.sendRaw(Command.request, defaultRequest(type));
    });
  }
}

/** A read request of `type` with the simplest object: system 1 address 1, component address 0. */
export function defaultRequest(type: number): Uint8Array {
  const system = [1, 1];
  switch (type) {
    case 61:
    case 65:
    case 66:
    case 68:
      return Uint8Array.from([type, 1, ...system]);
    case 62:
    case 63:
    case 67:
      return Uint8Array.from([type, 1, ...system, 0, 0, 0, 0]);
    default:
      return Uint8Array.from([type, 1, 0]);
  }
}
