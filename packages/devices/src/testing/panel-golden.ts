/**
 * Runs a panel capture (hardware/captures/panels/*.yaml, written by `firecode-gateway capture
 * --panel`) through its driver's stream parser: fed segment by segment in order, each segment must
 * give exactly the records it lists, and bytes the driver rejected must be rejected again.
 */
import { expect } from 'vitest';
import { Gst9000PrinterParser } from '../panels/gst9000-printer.js';
import { Ld128eStreamParser } from '../panels/ld128e.js';
import { hexToBytes } from './rtu-frames.js';

/** A panel capture file. */
export interface PanelCapture {
  panel: 'gst9000-printer' | 'ld128e';
  recording?: Record<string, unknown>;
  segments: {
    /** Ms since the recording started (not checked). */
    at?: number;
    bytes: string;
    records?: unknown[];
    /** Why the driver rejected bytes of this segment. */
    unknown?: string[];
    idle?: number;
  }[];
}

/** Checks every segment of a panel capture against its driver. */
export function checkPanelCapture(capture: PanelCapture): void {
  expect(['gst9000-printer', 'ld128e'], 'panel protocol').toContain(capture.panel);
  const parser = capture.panel === 'gst9000-printer' ? new Gst9000PrinterParser() : new Ld128eStreamParser();
  capture.segments.forEach((segment, index) => {
    const out = parser.feed(hexToBytes(segment.bytes));
    const last = index === capture.segments.length - 1;
    const tail = last ? parser.flush() : { records: [], unknown: [] };
    const name = `segment ${index} at ${segment.at ?? '?'} ms`;
    expect([...out.records, ...tail.records], `${name}: records`).toEqual(segment.records ?? []);
    expect(
      [...out.unknown, ...tail.unknown].map((u) => u.reason),
      `${name}: rejected bytes`,
    ).toEqual(segment.unknown ?? []);
  });
}
