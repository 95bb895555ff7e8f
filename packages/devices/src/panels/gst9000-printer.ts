import type { FireEvent } from '@firecode/schema';
import iconv from 'iconv-lite';
import { gst9000DeviceTexts, gst9000KindFallbacks, gst9000KindTexts } from './gst9000-texts.js';
import { type UnknownFrame, unknownFrame } from './unknown-frames.js';

/*
 * GST9000 printer port (serial, text, GB2312). Each event:
 *   ESC '6' <date time> LF <LLL-PPP> LF ESC '9' <kind> LF <location> LF <device kind> LF LF
 * ESC '6'/'9' are the printer's font commands; we use ESC '6' as the record start, which GB2312 text
 * can never contain (its bytes are >= 0xA1), so a garbled record cannot hide the next one.
 */

const ESC = 0x1b;
const START = 0x36; // '6'
const TEXT = 0x39; // '9'
const LF = 0x0a;
/** A record longer than this is not a printout: it is dropped as an unknown frame (and counted). */
const MAX_RECORD_BYTES = 1024;

/** One decoded printout record. */
export interface Gst9000Record {
  /** Date and time as printed (the panel's clock, e.g. "08/12/02  17:24"). */
  printedTime: string;
  loop: number;
  point: number;
  /** Event-kind line, e.g. 首次火警. */
  kindText: string;
  location: string;
  deviceText: string;
}

/** What a feed produced. */
export interface Gst9000Output {
  records: Gst9000Record[];
  unknown: UnknownFrame[];
}

function decodeLine(bytes: Uint8Array): string {
  return iconv.decode(Buffer.from(bytes), 'gb2312').replace(/\r$/, '').trim();
}

function splitLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === LF) {
      lines.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

/**
 * Parses one record (the bytes after ESC '6', without the terminating blank line). Strict on the
 * structure (time line, LLL-PPP line, three text lines); lenient on CR before LF, extra spaces, and a
 * missing ESC '9' (some firmware omits the font command).
 */
export function parseGst9000Record(body: Uint8Array): Gst9000Record | string {
  const lines = splitLines(body);
  const printedTime = lines[0] ? decodeLine(lines[0]) : '';
  if (!/^\d{2}\/\d{2}\/\d{2}\s+\d{1,2}:\d{2}(:\d{2})?$/.test(printedTime))
    return `bad date/time line "${printedTime}"`;
  const address = lines[1] ? decodeLine(lines[1]) : '';
  const match = /^(\d{1,3})-(\d{1,3})$/.exec(address);
  if (!match) return `bad loop-point line "${address}" (expected LLL-PPP)`;
  const textLines = lines.slice(2);
  if (textLines[0] && textLines[0][0] === ESC && textLines[0][1] === TEXT)
    textLines[0] = textLines[0].subarray(2);
  const texts = textLines.map(decodeLine).filter((line) => line !== '');
  if (texts.length < 1) return 'no event-kind line';
  return {
    printedTime,
    loop: Number(match[1]),
    point: Number(match[2]),
    kindText: texts[0]!,
    location: texts[1] ?? '',
    deviceText: texts[2] ?? '',
  };
}

/**
 * Stream parser for the printer port: feed bytes as they arrive, get records. A record ends at its
 * blank line, or when the next ESC '6' starts (a lost terminator), or at `flush()`. Bytes outside
 * records and records that do not parse come back as unknown frames.
 */
export class Gst9000PrinterParser {
  private buffer: number[] = [];
  /** True while inside a record (the buffer starts after its ESC '6'). */
  private inRecord = false;
  private escPending = false;

  feed(chunk: Uint8Array): Gst9000Output {
    const out: Gst9000Output = { records: [], unknown: [] };
    for (const byte of chunk) this.push(byte, out);
    return out;
  }

  /** Ends the stream (or an idle gap): whatever is pending is judged now. */
  flush(): Gst9000Output {
    const out: Gst9000Output = { records: [], unknown: [] };
    if (this.escPending) {
      this.buffer.push(ESC);
      this.escPending = false;
    }
    this.finish(out, 'record cut off');
    return out;
  }

  private push(byte: number, out: Gst9000Output): void {
    if (this.escPending) {
      this.escPending = false;
      if (byte === START) {
        this.finish(out, 'record cut off by the next ESC 6');
        this.inRecord = true;
        return;
      }
      this.buffer.push(ESC);
    }
    if (byte === ESC) {
      this.escPending = true;
      return;
    }
    this.buffer.push(byte);
    const n = this.buffer.length;
    if (this.inRecord && byte === LF && n >= 2 && this.buffer[n - 2] === LF) {
      this.finish(out, 'malformed record');
    } else if (n > MAX_RECORD_BYTES) {
      this.finish(out, this.inRecord ? 'record too long' : 'bytes outside any record');
    }
  }

  /** Judges the buffer: a record, or unknown bytes (whitespace between records is not news). */
  private finish(out: Gst9000Output, reason: string): void {
    const bytes = Uint8Array.from(this.buffer);
    this.buffer = [];
    if (this.inRecord) {
      this.inRecord = false;
      const parsed = parseGst9000Record(bytes);
      if (typeof parsed === 'string')
        out.unknown.push(unknownFrame(Uint8Array.of(ESC, START, ...bytes), `${reason}: ${parsed}`));
      else out.records.push(parsed);
      return;
    }
    if (bytes.some((b) => b !== LF && b !== 0x0d && b !== 0x20 && b !== 0x00)) {
      out.unknown.push(unknownFrame(bytes, 'bytes outside any record'));
    }
  }
}

/** Options of {@link gst9000RecordToEvent}. */
export interface Gst9000EventOptions {
  componentId: string;
  time: number;
}

/**
 * A printout record as a schema event. Kind lines are matched exactly, then by the fallback
 * substrings; `undefined` when neither knows the line (report the record as unknown).
 */
export function gst9000RecordToEvent(
  record: Gst9000Record,
  options: Gst9000EventOptions,
): FireEvent | undefined {
  const meaning =
    gst9000KindTexts[record.kindText] ??
    gst9000KindFallbacks.find(([text]) => record.kindText.includes(text))?.[1];
  if (!meaning) return undefined;
  const panelLevel = record.loop === 0 && record.point === 0;
  return {
    time: options.time,
    kind: meaning.kind,
    active: meaning.active,
    component: options.componentId,
    systemType: 1,
    componentType: panelLevel ? 1 : (gst9000DeviceTexts[record.deviceText] ?? 0),
    ...(panelLevel ? {} : { loop: record.loop, address: record.point }),
    source: { printedTime: record.printedTime, kind: record.kindText, device: record.deviceText },
    description: [record.kindText, record.location, record.deviceText].filter((t) => t !== '').join(' '),
  };
}

/** Encodes a record as the panel prints it (for simulators and tests). */
export function encodeGst9000Record(record: Gst9000Record): Uint8Array {
  const text = (s: string) => iconv.encode(s, 'gb2312');
  const loopPoint = `${String(record.loop).padStart(3, '0')}-${String(record.point).padStart(3, '0')}`;
  return Uint8Array.from(
    Buffer.concat([
      Buffer.from([ESC, START]),
      Buffer.from(`${record.printedTime}\n  ${loopPoint}\n`, 'latin1'),
      Buffer.from([ESC, TEXT]),
      text(`${record.kindText}\n${record.location}\n${record.deviceText}\n\n`),
    ]),
  );
}
