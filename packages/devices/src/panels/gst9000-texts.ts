import type { EventKind } from '@firecode/schema';

/** What an event-kind line of the GST9000 printout means. */
export interface Gst9000KindMeaning {
  kind: EventKind;
  active: boolean;
}

/**
 * Event-kind lines (GB2312 text) of the GST9000 printer port, matched exactly after trimming. The
 * sample in the vendor document is 首次火警 ("first fire alarm"); the others are the panel's usual
 * wording. Order matters for {@link gst9000KindFallbacks} only.
 */
export const gst9000KindTexts: Readonly<Record<string, Gst9000KindMeaning>> = {
  首次火警: { kind: 'fire', active: true },
  火警: { kind: 'fire', active: true },
  故障: { kind: 'fault', active: true },
  故障恢复: { kind: 'fault', active: false },
  反馈: { kind: 'feedback', active: true },
  反馈撤销: { kind: 'feedback', active: false },
  启动: { kind: 'started', active: true },
  停动: { kind: 'started', active: false },
  停止: { kind: 'started', active: false },
  屏蔽: { kind: 'shielded', active: true },
  取消屏蔽: { kind: 'shielded', active: false },
  监管: { kind: 'supervisory', active: true },
  监管撤销: { kind: 'supervisory', active: false },
  主电故障: { kind: 'main-power-fault', active: true },
  主电恢复: { kind: 'main-power-fault', active: false },
  备电故障: { kind: 'backup-power-fault', active: true },
  备电恢复: { kind: 'backup-power-fault', active: false },
  总线故障: { kind: 'bus-fault', active: true },
  总线恢复: { kind: 'bus-fault', active: false },
  复位: { kind: 'reset', active: true },
  系统复位: { kind: 'reset', active: true },
  消音: { kind: 'silenced', active: true },
};

/**
 * When no exact text matches, these substrings still classify the line (e.g. "二次火警"), so an alarm
 * worded differently by another firmware is not lost. Checked in order: "restored" wording first.
 */
export const gst9000KindFallbacks: readonly [string, Gst9000KindMeaning][] = [
  ['恢复', { kind: 'fault', active: false }],
  ['火警', { kind: 'fire', active: true }],
  ['故障', { kind: 'fault', active: true }],
  ['启动', { kind: 'started', active: true }],
  ['反馈', { kind: 'feedback', active: true }],
];

/** Device-kind lines → GB/T 26875.3 component type (table 5). */
export const gst9000DeviceTexts: Readonly<Record<string, number>> = {
  感烟探测器: 40,
  光电感烟探测器: 41,
  感温探测器: 30,
  点型感温探测器: 31,
  手动报警按钮: 23,
  手报: 23,
  消火栓按钮: 24,
  火灾探测器: 25,
  输入模块: 85,
  输出模块: 86,
  模块: 84,
  声光警报器: 121,
  讯响器: 121,
};
