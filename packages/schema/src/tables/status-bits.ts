import type { EventKind } from '../event.js';
import type { CodeEntry, CodeTable } from './code-table.js';

/** One bit of a GB/T 26875.3 status word or operation byte. `code` is the bit number (0 = LSB). */
export interface StatusBit<Key extends string = string> extends CodeEntry {
  /** Property name in the decoded flags object, e.g. `fireAlarm`. */
  readonly key: Key;
  /** The event kind a change of this bit normalizes to, when there is one. */
  readonly event?: EventKind;
}

/** A table of bits with the width of the word they live in. */
export interface BitTable<Key extends string = string> extends CodeTable<StatusBit<Key>> {
  /** Word width in bits: 16 for building-system words, 8 for the transmission device's byte. */
  readonly width: 8 | 16;
}

function bit<const Key extends string>(
  code: number,
  key: Key,
  name: string,
  en: string,
  zh: string,
  event?: EventKind,
): StatusBit<Key> {
  return event === undefined ? { code, key, name, en, zh } : { code, key, name, en, zh, event };
}

/** Bit 0 of every status word: 1 = normal operation, 0 = test. Set in normal operation. */
const normal = 'Normal operation (1) / test (0)';

/** GB/T 26875.3-2011 building fire system status word (2 bytes, little-endian); bits 14-15 reserved. */
export const systemStatusBits = Object.freeze([
  bit(0, 'normal', 'normal', normal, '正常运行状态（1）/测试状态（0）'),
  bit(1, 'fireAlarm', 'fire-alarm', 'Fire alarm', '火警', 'fire'),
  bit(2, 'fault', 'fault', 'Fault', '故障', 'fault'),
  bit(3, 'shielded', 'shielded', 'Shielded (disabled)', '屏蔽', 'shielded'),
  bit(4, 'supervisory', 'supervisory', 'Supervisory', '监管', 'supervisory'),
  bit(5, 'started', 'started', 'Started (linkage on)', '启动（开启）', 'started'),
  bit(6, 'feedback', 'feedback', 'Feedback', '反馈', 'feedback'),
  bit(7, 'delay', 'delay', 'Delay', '延时状态'),
  bit(8, 'mainPowerFault', 'main-power-fault', 'Main power fault', '主电故障', 'main-power-fault'),
  bit(9, 'backupPowerFault', 'backup-power-fault', 'Backup power fault', '备电故障', 'backup-power-fault'),
  bit(10, 'busFault', 'bus-fault', 'Bus fault', '总线故障', 'bus-fault'),
  bit(11, 'manual', 'manual', 'Manual (1) / automatic (0)', '手动状态（1）/自动状态（0）'),
  bit(12, 'configurationChanged', 'configuration-changed', 'Configuration changed', '配置改变'),
  bit(13, 'reset', 'reset', 'Reset', '复位', 'reset'),
] as const);

/** GB/T 26875.3-2011 building fire system component status word (2 bytes); bits 9-15 reserved. */
export const componentStatusBits = Object.freeze([
  bit(0, 'normal', 'normal', normal, '正常运行状态（1）/测试状态（0）'),
  bit(1, 'fireAlarm', 'fire-alarm', 'Fire alarm', '火警', 'fire'),
  bit(2, 'fault', 'fault', 'Fault', '故障', 'fault'),
  bit(3, 'shielded', 'shielded', 'Shielded (disabled)', '屏蔽', 'shielded'),
  bit(4, 'supervisory', 'supervisory', 'Supervisory', '监管', 'supervisory'),
  bit(5, 'started', 'started', 'Started (on)', '启动（开启）', 'started'),
  bit(6, 'feedback', 'feedback', 'Feedback', '反馈', 'feedback'),
  bit(7, 'delay', 'delay', 'Delay', '延时状态'),
  bit(8, 'powerFault', 'power-fault', 'Power fault', '电源故障', 'power-fault'),
] as const);

/** GB/T 26875.3-2011 user-information transmission device run status (1 byte); bit 7 reserved. */
export const transmissionStatusBits = Object.freeze([
  bit(0, 'normal', 'normal', 'Normal monitoring (1) / test (0)', '正常监视状态（1）/测试状态（0）'),
  bit(1, 'fireAlarm', 'fire-alarm', 'Fire alarm', '火警', 'fire'),
  bit(2, 'fault', 'fault', 'Fault', '故障', 'fault'),
  bit(3, 'mainPowerFault', 'main-power-fault', 'Main power fault', '主电故障', 'main-power-fault'),
  bit(4, 'backupPowerFault', 'backup-power-fault', 'Backup power fault', '备电故障', 'backup-power-fault'),
  bit(5, 'centreLinkFault', 'centre-link-fault', 'Link to monitoring centre fault', '与监控中心通信信道故障'),
  bit(6, 'monitoringLineFault', 'monitoring-line-fault', 'Monitoring line fault', '监测连接线路故障'),
] as const);

/** GB/T 26875.3-2011 building fire system operation information (1 byte); bit 7 reserved. */
export const systemOperationFlags = Object.freeze([
  bit(0, 'reset', 'reset', 'Reset', '复位', 'reset'),
  bit(1, 'silence', 'silence', 'Silence', '消音', 'silenced'),
  bit(2, 'manualAlarm', 'manual-alarm', 'Manual alarm', '手动报警'),
  bit(3, 'alarmCleared', 'alarm-cleared', 'Alarm cleared', '警情消除'),
  bit(4, 'selfTest', 'self-test', 'Self-test', '自检'),
  bit(5, 'confirm', 'confirm', 'Confirm', '确认'),
  bit(6, 'test', 'test', 'Test', '测试'),
] as const);

/** GB/T 26875.3-2011 transmission device operation information (1 byte); bit 7 reserved. */
export const transmissionOperationFlags = Object.freeze([
  bit(0, 'reset', 'reset', 'Reset', '复位', 'reset'),
  bit(1, 'silence', 'silence', 'Silence', '消音', 'silenced'),
  bit(2, 'manualAlarm', 'manual-alarm', 'Manual alarm', '手动报警'),
  bit(3, 'alarmCleared', 'alarm-cleared', 'Alarm cleared', '警情消除'),
  bit(4, 'selfTest', 'self-test', 'Self-test', '自检'),
  bit(5, 'checkInAnswered', 'check-in-answered', 'Check-in answered', '查岗应答'),
  bit(6, 'test', 'test', 'Test', '测试'),
] as const);

const source =
  'GB/T 26875.3-2011 (status and operation bit figures, checked against three public implementations)';

/** Building fire system status word bits with their source. */
export const systemStatusTable: BitTable<(typeof systemStatusBits)[number]['key']> = {
  id: 'systemStatusBits',
  title: 'System status bits',
  source,
  width: 16,
  entries: systemStatusBits,
};
/** Component status word bits with their source. */
export const componentStatusTable: BitTable<(typeof componentStatusBits)[number]['key']> = {
  id: 'componentStatusBits',
  title: 'Component status bits',
  source,
  width: 16,
  entries: componentStatusBits,
};
/** Transmission device run status bits with their source. */
export const transmissionStatusTable: BitTable<(typeof transmissionStatusBits)[number]['key']> = {
  id: 'transmissionStatusBits',
  title: 'Transmission device status bits',
  source,
  width: 8,
  entries: transmissionStatusBits,
};
/** Building fire system operation flags with their source. */
export const systemOperationTable: BitTable<(typeof systemOperationFlags)[number]['key']> = {
  id: 'systemOperationFlags',
  title: 'System operation flags',
  source,
  width: 8,
  entries: systemOperationFlags,
};
/** Transmission device operation flags with their source. */
export const transmissionOperationTable: BitTable<(typeof transmissionOperationFlags)[number]['key']> = {
  id: 'transmissionOperationFlags',
  title: 'Transmission device operation flags',
  source,
  width: 8,
  entries: transmissionOperationFlags,
};
