import { Command } from '../frame/command.js';
import type { FieldKind } from './fields.js';
import { type KnownTypeFlag, TypeFlag, type TypeFlagName } from './objects.js';

/** One field of an information object. */
export interface FieldLayout {
  /** Property name in the decoded object. */
  readonly key: string;
  readonly kind: FieldKind;
  /** The standard's term. */
  readonly zh: string;
}

/** Who sends a type flag. */
export type AduDirection = 'upload' | 'request' | 'command';

/** How one type flag's information objects are laid out (GB/T 26875.3 clause 8). */
export interface AduLayout {
  readonly type: KnownTypeFlag;
  readonly name: TypeFlagName;
  readonly en: string;
  readonly zh: string;
  readonly direction: AduDirection;
  /** The command byte a frame carrying it uses: send data for uploads (reply when answering a request). */
  readonly command: number;
  /** Objects one ADU may carry (table 3's limits; 1 where the standard gives none). */
  readonly maxObjects: number;
  /** The fields of one object, in wire order. */
  readonly fields: readonly FieldLayout[];
  /** For a read request: the upload type flag that answers it. */
  readonly answeredBy?: KnownTypeFlag;
}

const f = (key: string, kind: FieldKind, zh: string): FieldLayout => ({ key, kind, zh });
const system = [f('systemType', 'u8', '系统类型标志'), f('systemAddress', 'u8', '系统地址')];
const component = [...system, f('componentType', 'u8', '部件类型'), f('componentAddress', 'u32', '部件地址')];
const time = f('time', 'time', '时间标签');
const reserved = [f('reserved', 'u8', '预留')];
const records = [f('count', 'u8', '查询记录数目'), f('start', 'time', '指定的起始时间')];

function layout(
  name: TypeFlagName,
  en: string,
  zh: string,
  direction: AduDirection,
  maxObjects: number,
  fields: readonly FieldLayout[],
  answeredBy?: KnownTypeFlag,
): AduLayout {
  const command =
    direction === 'upload' ? Command.sendData : direction === 'request' ? Command.request : Command.control;
  const type = TypeFlag[name];
  return answeredBy === undefined
    ? { type, name, en, zh, direction, command, maxObjects, fields }
    : { type, name, en, zh, direction, command, maxObjects, fields, answeredBy };
}

/**
 * Every type flag's layout: the one table `encodeAdu` and `decodeAdu` are driven by. An ADU is the
 * type flag (1 byte), the object count (1 byte), then the objects back to back.
 */
export const aduLayouts: readonly AduLayout[] = Object.freeze([
  layout('systemStatus', 'Building fire system status', '上传建筑消防设施系统状态', 'upload', 102, [
    ...system,
    f('status', 'u16', '系统状态'),
    time,
  ]),
  layout('componentStatus', 'Component status', '上传建筑消防设施部件运行状态', 'upload', 22, [
    ...component,
    f('status', 'u16', '部件状态'),
    f('description', 'text31', '部件说明'),
    time,
  ]),
  layout('analogValue', 'Component analog value', '上传建筑消防设施部件模拟量值', 'upload', 63, [
    ...component,
    f('analogType', 'u8', '模拟量类型'),
    f('value', 'i16', '模拟量值'),
    time,
  ]),
  layout('systemOperation', 'Building fire system operation', '上传建筑消防设施操作信息', 'upload', 102, [
    ...system,
    f('operation', 'u8', '操作标志'),
    f('operator', 'u8', '操作员编号'),
    time,
  ]),
  layout(
    'systemSoftwareVersion',
    'Building fire system software version',
    '上传建筑消防设施软件版本',
    'upload',
    1,
    [...system, f('major', 'u8', '主版本号'), f('minor', 'u8', '次版本号')],
  ),
  layout(
    'systemConfiguration',
    'Building fire system configuration',
    '上传建筑消防设施系统配置情况',
    'upload',
    3,
    [...system, f('configuration', 'text8', '系统配置说明')],
  ),
  layout('componentConfiguration', 'Component configuration', '上传建筑消防设施部件配置情况', 'upload', 26, [
    ...component,
    f('description', 'text31', '部件说明'),
  ]),
  layout('systemTime', 'Building fire system time', '上传建筑消防设施系统时间', 'upload', 1, [
    ...system,
    time,
  ]),
  layout('transmissionStatus', 'Transmission device status', '上传用户信息传输装置运行状态', 'upload', 1, [
    f('status', 'u8', '运行状态'),
    time,
  ]),
  layout(
    'transmissionOperation',
    'Transmission device operation',
    '上传用户信息传输装置操作信息',
    'upload',
    127,
    [f('operation', 'u8', '操作标志'), f('operator', 'u8', '操作员编号'), time],
  ),
  layout(
    'transmissionSoftwareVersion',
    'Transmission device software version',
    '上传用户信息传输装置软件版本',
    'upload',
    1,
    [f('major', 'u8', '主版本号'), f('minor', 'u8', '次版本号')],
  ),
  layout(
    'transmissionConfiguration',
    'Transmission device configuration',
    '上传用户信息传输装置配置情况',
    'upload',
    1,
    [f('configuration', 'text8', '配置说明')],
  ),
  layout('transmissionTime', 'Transmission device time', '上传用户信息传输装置系统时间', 'upload', 1, [time]),
  layout(
    'readSystemStatus',
    'Read building fire system status',
    '读建筑消防设施系统状态',
    'request',
    1,
    system,
    1,
  ),
  layout(
    'readComponentStatus',
    'Read component status',
    '读建筑消防设施部件运行状态',
    'request',
    1,
    [...system, f('componentAddress', 'u32', '部件地址')],
    2,
  ),
  layout(
    'readAnalogValue',
    'Read component analog value',
    '读建筑消防设施部件模拟量值',
    'request',
    1,
    [...system, f('componentAddress', 'u32', '部件地址')],
    3,
  ),
  layout(
    'readSystemOperations',
    'Read building fire system operation records',
    '读建筑消防设施操作信息记录',
    'request',
    1,
    [...system, ...records],
    4,
  ),
  layout(
    'readSystemSoftwareVersion',
    'Read building fire system software version',
    '读建筑消防设施软件版本',
    'request',
    1,
    system,
    5,
  ),
  layout(
    'readSystemConfiguration',
    'Read building fire system configuration',
    '读建筑消防设施系统配置情况',
    'request',
    1,
    system,
    6,
  ),
  layout(
    'readComponentConfiguration',
    'Read component configuration',
    '读建筑消防设施部件配置情况',
    'request',
    1,
    [...system, f('componentAddress', 'u32', '部件地址')],
    7,
  ),
  layout(
    'readSystemTime',
    'Read building fire system time',
    '读建筑消防设施系统时间',
    'request',
    1,
    system,
    8,
  ),
  layout(
    'readTransmissionStatus',
    'Read transmission device status',
    '读用户信息传输装置运行状态',
    'request',
    1,
    reserved,
    21,
  ),
  layout(
    'readTransmissionOperations',
    'Read transmission device operation records',
    '读用户信息传输装置操作信息记录',
    'request',
    1,
    records,
    24,
  ),
  layout(
    'readTransmissionSoftwareVersion',
    'Read transmission device software version',
    '读用户信息传输装置软件版本',
    'request',
    1,
    reserved,
    25,
  ),
  layout(
    'readTransmissionConfiguration',
    'Read transmission device configuration',
    '读用户信息传输装置配置情况',
    'request',
    1,
    reserved,
    26,
  ),
  layout(
    'readTransmissionTime',
    'Read transmission device time',
    '读用户信息传输装置系统时间',
    'request',
    1,
    reserved,
    28,
  ),
  layout(
    'initialise',
    'Initialise the transmission device',
    '初始化用户信息传输装置',
    'command',
    1,
    reserved,
  ),
  layout('syncClock', 'Synchronise the transmission device clock', '同步用户信息传输装置时钟', 'command', 1, [
    time,
  ]),
  layout('checkIn', 'Check-in (is someone on duty?)', '查岗命令', 'command', 1, [
    f('timeoutMinutes', 'u8', '超时时间'),
  ]),
]);

const byType = new Map<number, AduLayout>(aduLayouts.map((entry) => [entry.type, entry]));

/** The layout of a type flag, or undefined for reserved and user-defined flags. */
export function aduLayout(type: number): AduLayout | undefined {
  return byType.get(type);
}

/** True for the type flags this package knows (every one the standard defines). */
export function isKnownTypeFlag(type: number): type is KnownTypeFlag {
  return byType.has(type);
}
