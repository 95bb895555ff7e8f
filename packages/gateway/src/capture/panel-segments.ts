import { Gst9000PrinterParser, Ld128eStreamParser, type UnknownFrame } from '@firecode/devices';
import type { PanelProtocol } from '../config/schema.js';

/** The bytes a panel port sent between two of its driver's frame ends, with what the driver read. */
export interface PanelSegment {
  /** Ms since the recording started, when the segment's first byte arrived. */
  at: number;
  bytes: Uint8Array;
  /** Records the driver decoded (GST9000 printout records, LD128E 3-byte records). */
  records: unknown[];
  unknown: UnknownFrame[];
  /** LD128E 0x7F idle markers. */
  idle?: number;
}

interface DriverOutput {
  records: unknown[];
  unknown: UnknownFrame[];
  idle?: number;
}

interface StreamDriver {
  feed(chunk: Uint8Array): DriverOutput;
  flush(): DriverOutput;
}

/** The panel driver's own stream parser: its framing decides where a segment ends. */
export function panelDriver(protocol: PanelProtocol): StreamDriver {
  return protocol === 'gst9000-printer' ? new Gst9000PrinterParser() : new Ld128eStreamParser();
}

/**
 * Cuts a panel port's byte stream into segments where its driver completes a record or rejects
 * bytes, so each recorded segment holds exactly the raw bytes of what the driver made of them.
 */
export class PanelSegmenter {
  private readonly driver: StreamDriver;
  private pending: number[] = [];
  private firstAt = 0;

  constructor(protocol: PanelProtocol) {
    this.driver = panelDriver(protocol);
  }

  push(chunk: Uint8Array, at: number): PanelSegment[] {
    const out: PanelSegment[] = [];
    // Byte by byte, so that two records in one read become two segments.
    for (const byte of chunk) {
      if (this.pending.length === 0) this.firstAt = at;
      this.pending.push(byte);
      const result = this.driver.feed(Uint8Array.of(byte));
      if (result.records.length > 0 || result.unknown.length > 0 || (result.idle ?? 0) > 0) {
        out.push(this.segment(result));
      }
    }
    return out;
  }

  /** End of the recording: what the driver still holds is judged now. */
  flush(): PanelSegment[] {
    const result = this.driver.flush();
    if (this.pending.length === 0 && result.records.length === 0 && result.unknown.length === 0) return [];
    return [this.segment(result)];
  }

  private segment(result: DriverOutput): PanelSegment {
    const segment: PanelSegment = {
      at: this.firstAt,
      bytes: Uint8Array.from(this.pending),
      records: result.records,
      unknown: result.unknown,
      ...(result.idle ? { idle: result.idle } : {}),
    };
    this.pending = [];
    return segment;
  }
}

/** A panel recording as YAML-ready data (hardware/captures/panels/*.yaml). */
export function buildPanelCapture(
  protocol: PanelProtocol,
  segments: readonly PanelSegment[],
  info: { origin: string; line: string; startedAt: number; durationMs: number },
): Record<string, unknown> {
  return {
    panel: protocol,
    recording: {
      origin: info.origin,
      line: info.line,
      startedAt: new Date(info.startedAt).toISOString(),
      durationMs: Math.round(info.durationMs),
      segments: segments.length,
      records: segments.reduce((n, s) => n + s.records.length, 0),
      unknown: segments.reduce((n, s) => n + s.unknown.length, 0),
    },
    segments: segments.map((s) => ({
      at: Math.round(s.at * 10) / 10,
      bytes: Array.from(s.bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' '),
      ...(s.records.length > 0 ? { records: s.records } : {}),
      ...(s.unknown.length > 0 ? { unknown: s.unknown.map((u) => u.reason) } : {}),
      ...(s.idle ? { idle: s.idle } : {}),
    })),
  };
}
