import type { EventKind, FireEvent } from '@firecode/schema';
import { type UnknownFrame, unknownFrame } from './unknown-frames.js';

/*
 * LD128E CRT port, poll protocol (9600 8N1): the host sends 0x20 about every 200 ms; the panel answers
 * 0x7F when it has nothing, or three bytes [event, loop, address].
 */

/** The byte the host sends to poll. */
export const LD128E_POLL = 0x20;
/** The panel's "nothing to report" answer. */
export const LD128E_IDLE = 0x7f;

/** What one LD128E event code means. `point` tells whether loop/address name a field device. */
export interface Ld128eCodeMeaning {
  kind: EventKind;
  active: boolean;
  point: boolean;
  description: string;
}

/** Event codes of the LD128E CRT protocol (vendor document). */
export const ld128eEventCodes: Readonly<Record<number, Ld128eCodeMeaning>> = {
  1: { kind: 'fire', active: true, point: true, description: 'fire' },
  2: { kind: 'fault', active: true, point: true, description: 'fault' },
  5: { kind: 'fault', active: false, point: true, description: 'fault restored' },
  9: { kind: 'feedback', active: true, point: true, description: 'feedback' },
  11: { kind: 'feedback', active: false, point: true, description: 'feedback cleared' },
  18: { kind: 'main-power-fault', active: true, point: false, description: 'main power fault' },
  19: { kind: 'backup-power-fault', active: true, point: false, description: 'backup power fault' },
  48: { kind: 'silenced', active: true, point: false, description: 'silence' },
  // A linkage request is the panel asking to start an output: reported as started, described apart.
  64: { kind: 'started', active: true, point: true, description: 'linkage request' },
  68: { kind: 'started', active: true, point: true, description: 'linkage started' },
  80: { kind: 'reset', active: true, point: false, description: 'reset' },
};

/** One decoded panel record. */
export interface Ld128eRecord {
  code: number;
  loop: number;
  address: number;
}

/** What one poll reply held. */
export interface Ld128eReply {
  records: Ld128eRecord[];
  /** Number of 0x7F idle markers. */
  idle: number;
  unknown: UnknownFrame[];
}

/** The three bytes a panel sends for a record (for simulators). */
export function encodeLd128eRecord(record: Ld128eRecord): Uint8Array {
  return Uint8Array.of(record.code & 0xff, record.loop & 0xff, record.address & 0xff);
}

/**
 * Scans bytes for idle markers and records. With `holdTail`, an incomplete record at the end is not
 * judged but returned as `rest` (stream mode); otherwise it is an unknown frame.
 */
function scan(bytes: Uint8Array, holdTail: boolean): { reply: Ld128eReply; rest: Uint8Array } {
  const reply: Ld128eReply = { records: [], idle: 0, unknown: [] };
  let junkStart = -1;
  const flushJunk = (end: number) => {
    if (junkStart >= 0) {
      reply.unknown.push(
        unknownFrame(bytes.subarray(junkStart, end), 'bytes that are neither 0x7F nor a known 3-byte record'),
      );
      junkStart = -1;
    }
  };
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    if (byte === LD128E_IDLE) {
      flushJunk(i);
      reply.idle++;
      i++;
    } else if (ld128eEventCodes[byte] && i + 2 < bytes.length) {
      flushJunk(i);
      reply.records.push({ code: byte, loop: bytes[i + 1]!, address: bytes[i + 2]! });
      i += 3;
    } else if (ld128eEventCodes[byte] && holdTail) {
      flushJunk(i);
      return { reply, rest: bytes.slice(i) };
    } else {
      if (junkStart < 0) junkStart = i;
      i++;
    }
  }
  flushJunk(bytes.length);
  return { reply, rest: new Uint8Array(0) };
}

/**
 * Parses the bytes answering ONE poll. Strict: a record starts with a known event code and has three
 * bytes; 0x7F is idle. Lenient (seen on real panels): several records, or a record followed by 0x7F,
 * in one reply. Bytes that fit neither are returned as unknown frames.
 */
export function parseLd128eReply(bytes: Uint8Array): Ld128eReply {
  return scan(bytes, false).reply;
}

/**
 * Parses a byte stream whose poll boundaries are unknown (a tap on the line, or a panel pushing
 * records unasked): same rules as {@link parseLd128eReply}, carrying a partial record across chunks.
 * Without boundaries a garbage byte equal to an event code can swallow the next two bytes: prefer the
 * poller, which frames by poll.
 */
export class Ld128eStreamParser {
  private pending: Uint8Array = new Uint8Array(0);

  /** Feeds received bytes; returns the complete records and unknown bytes found so far. */
  feed(chunk: Uint8Array): Ld128eReply {
    const bytes = new Uint8Array(this.pending.length + chunk.length);
    bytes.set(this.pending);
    bytes.set(chunk, this.pending.length);
    const { reply, rest } = scan(bytes, true);
    this.pending = rest;
    return reply;
  }

  /** Ends the stream: a held incomplete record becomes an unknown frame. */
  flush(): Ld128eReply {
    const reply = scan(this.pending, false).reply;
    this.pending = new Uint8Array(0);
    return reply;
  }
}

/** Options of {@link ld128eRecordToEvent}. */
export interface Ld128eEventOptions {
  /** Component id of the panel. */
  componentId: string;
  time: number;
  /** GB/T 26875.3 component type of field devices (the protocol does not say): default 0 (general). */
  pointComponentType?: number;
}

/** A record as a schema event; `undefined` for a code the table does not know (report it as unknown). */
export function ld128eRecordToEvent(
  record: Ld128eRecord,
  options: Ld128eEventOptions,
): FireEvent | undefined {
  const meaning = ld128eEventCodes[record.code];
  if (!meaning) return undefined;
  return {
    time: options.time,
    kind: meaning.kind,
    active: meaning.active,
    component: options.componentId,
    systemType: 1,
    componentType: meaning.point ? (options.pointComponentType ?? 0) : 1,
    ...(meaning.point ? { loop: record.loop, address: record.address } : {}),
    source: { code: record.code, loop: record.loop, address: record.address },
    description: meaning.description,
  };
}
