import { type AduOptions, aduLayout, decodeAdu } from '../adu/index.js';
import { commandName, commandZh, formatTime, type Gb26875Frame, isStandardCommand } from '../frame/index.js';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

function describeValue(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'year' in value) {
    return formatTime(value as Parameters<typeof formatTime>[0]);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/**
 * One frame as readable text, the standard's Chinese terms beside English, e.g.
 * `#12 发送数据 send data (2) 110105000001 → 0 at 2026-12-03 21:22:00 — 上传建筑消防设施部件运行状态
 * Component status (2) ×1: [系统类型标志 systemType=1, …]`. An ADU that does not decode is shown in hex
 * with the reason.
 */
export function describeFrame(frame: Gb26875Frame, options: AduOptions = {}): string {
  const name = commandName(frame.command);
  const command = isStandardCommand(frame.command)
    ? `${commandZh[name as keyof typeof commandZh]} ${name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`
    : name;
  const head = `#${frame.serial} ${command} (${frame.command}) ${frame.source} → ${frame.destination} at ${formatTime(frame.time)}`;
  if (frame.adu.length === 0) return `${head} — no ADU`;
  const layout = aduLayout(frame.adu[0]!);
  let body: string;
  try {
    const adu = decodeAdu(frame.adu, options);
    const objects = (adu.objects as unknown as readonly Record<string, unknown>[]).map((object) => {
      const fields = (layout?.fields ?? []).map(
        (field) => `${field.zh} ${field.key}=${describeValue(object[field.key])}`,
      );
      return `[${fields.join(', ')}]`;
    });
    body = `${layout?.zh} ${layout?.en} (${adu.type}) ×${objects.length}${objects.length > 0 ? `: ${objects.join(' ')}` : ''}`;
  } catch (error) {
    body = `ADU ${hex(frame.adu)} (${(error as Error).message})`;
  }
  return `${head} — ${body}`;
}
