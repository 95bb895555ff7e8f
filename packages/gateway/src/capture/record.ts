import type { DeviceProfile } from '@firecode/devices';
import type { ByteLink } from '@firecode/modbus';
import type { PanelProtocol } from '../config/schema.js';
import { buildGoldenCapture } from './golden-file.js';
import { pairFrames } from './pairing.js';
import { buildPanelCapture, type PanelSegment, PanelSegmenter } from './panel-segments.js';
import { RtuFrameSplitter, type TappedFrame } from './rtu-splitter.js';
import { listenOnTap, type TapOptions, type TapResult } from './tap.js';

/** What every recording needs: how to end it, and what to write in its `recording` section. */
export interface RecordOptions extends Pick<TapOptions, 'durationMs' | 'maxFrames' | 'stop' | 'onListening'> {
  origin: string;
  /** The line as the file names it, e.g. `/dev/ttyUSB0 9600 8N1`. */
  line: string;
}

/** A finished recording: the capture file's content and how the listening ended. */
export interface Recording {
  document: Record<string, unknown>;
  result: TapResult;
}

/** Records a Modbus RTU line into a golden capture of `profile` (see {@link buildGoldenCapture}). */
export async function recordModbus(
  link: ByteLink,
  options: RecordOptions & { profile: DeviceProfile; deviceId: string; unit?: number; silenceMs: number },
): Promise<Recording> {
  const { profile, silenceMs } = options;
  const splitter = new RtuFrameSplitter({ silenceMs });
  const frames: TappedFrame[] = [];
  const take = (list: TappedFrame[]) => {
    frames.push(...list);
    return list.length;
  };
  const result = await listenOnTap(link, {
    ...tapOptions(options),
    onChunk: (chunk, at) => take(splitter.push(chunk, at)),
    silence: {
      ms: silenceMs,
      check: (now) => take(splitter.silence(now)),
      holding: () => splitter.holding,
      flush: () => take(splitter.flush()),
    },
  });
  const quirk = profile.quirks.exceptionFunctionCode;
  const paired = pairFrames(frames, quirk === undefined ? {} : { exceptionFunctionCode: quirk });
  const document = buildGoldenCapture(
    paired,
    { ...info(options, result), silenceMs },
    { profile, deviceId: options.deviceId, ...(options.unit !== undefined ? { unit: options.unit } : {}) },
  );
  return { document, result };
}

/** Records a fire panel's port, cut by its driver (see {@link PanelSegmenter}). */
export async function recordPanel(
  link: ByteLink,
  options: RecordOptions & { protocol: PanelProtocol },
): Promise<Recording> {
  const segmenter = new PanelSegmenter(options.protocol);
  const segments: PanelSegment[] = [];
  const result = await listenOnTap(link, {
    ...tapOptions(options),
    onChunk: (chunk, at) => {
      const list = segmenter.push(chunk, at);
      segments.push(...list);
      return list.length;
    },
  });
  segments.push(...segmenter.flush());
  return { document: buildPanelCapture(options.protocol, segments, info(options, result)), result };
}

function tapOptions(options: RecordOptions): Omit<TapOptions, 'onChunk'> {
  return {
    ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
    ...(options.maxFrames !== undefined ? { maxFrames: options.maxFrames } : {}),
    ...(options.stop !== undefined ? { stop: options.stop } : {}),
    ...(options.onListening !== undefined ? { onListening: options.onListening } : {}),
  };
}

const info = (options: RecordOptions, result: TapResult) => ({
  origin: options.origin,
  line: options.line,
  startedAt: result.startedAt,
  durationMs: result.durationMs,
});
