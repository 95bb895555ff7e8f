import type { Gb26875Time } from '../frame/time.js';

/**
 * The information-object type flags (信息体类型标志, GB/T 26875.3 table 3) this package reads and
 * writes: every one the standard defines. 22, 23, 27, 9-20, 29-60, 69-80, 82, 83, 87, 92-127 are
 * reserved; 128-254 user-defined.
 */
export const TypeFlag = Object.freeze({
  // Uploads from the building's fire systems (建筑消防设施), sent or replied by the device.
  systemStatus: 1,
  componentStatus: 2,
  analogValue: 3,
  systemOperation: 4,
  systemSoftwareVersion: 5,
  systemConfiguration: 6,
  componentConfiguration: 7,
  systemTime: 8,
  // Uploads about the transmission device itself (用户信息传输装置).
  transmissionStatus: 21,
  transmissionOperation: 24,
  transmissionSoftwareVersion: 25,
  transmissionConfiguration: 26,
  transmissionTime: 28,
  // The centre's read requests (读…), answered with the upload type 60 below (61 → 1, 81 → 21).
  readSystemStatus: 61,
  readComponentStatus: 62,
  readAnalogValue: 63,
  readSystemOperations: 64,
  readSystemSoftwareVersion: 65,
  readSystemConfiguration: 66,
  readComponentConfiguration: 67,
  readSystemTime: 68,
  readTransmissionStatus: 81,
  readTransmissionOperations: 84,
  readTransmissionSoftwareVersion: 85,
  readTransmissionConfiguration: 86,
  readTransmissionTime: 88,
  // The centre's commands.
  initialise: 89,
  syncClock: 90,
  checkIn: 91,
} as const);

/** A type flag's name, e.g. `componentStatus`. */
export type TypeFlagName = keyof typeof TypeFlag;

/** The building fire system an object belongs to. */
export interface SystemRef {
  /** System type code (系统类型标志, table 4), e.g. 1 fire alarm system. */
  readonly systemType: number;
  /** System address (系统地址) 0-255, e.g. the panel's number. */
  readonly systemAddress: number;
}

/** A component of a building fire system. */
export interface ComponentRef extends SystemRef {
  /** Component type code (部件类型, table 5), e.g. 40-44 smoke detectors. */
  readonly componentType: number;
  /** Component address (部件地址), 4 bytes; how loop and point pack into it is the panel's business. */
  readonly componentAddress: number;
}

/** Type 1: a building fire system's status word (系统状态), bits in the schema's `systemStatusTable`. */
export interface SystemStatusObject extends SystemRef {
  readonly status: number;
  readonly time: Gb26875Time;
}
/** Type 2: a component's status word (部件运行状态) and description, bits in `componentStatusTable`. */
export interface ComponentStatusObject extends ComponentRef {
  readonly status: number;
  /** Component description (部件说明), at most 31 bytes of GB18030. */
  readonly description: string;
  readonly time: Gb26875Time;
}
/** Type 3: a component's analog value (部件模拟量值): analog type (table 6) and a signed 16-bit value. */
export interface AnalogValueObject extends ComponentRef {
  readonly analogType: number;
  /** The raw value in the analog type's unit (e.g. 0.1 kPa for type 5). */
  readonly value: number;
  readonly time: Gb26875Time;
}
/** Type 4: an operation at a building fire system (操作信息), flags in `systemOperationTable`. */
export interface SystemOperationObject extends SystemRef {
  readonly operation: number;
  /** Operator number (操作员编号) 0-255. */
  readonly operator: number;
  readonly time: Gb26875Time;
}
/** Type 5: a building fire system's software version (软件版本). */
export interface SystemSoftwareVersionObject extends SystemRef {
  readonly major: number;
  readonly minor: number;
}
/** Type 6: a building fire system's configuration text (系统配置情况), at most 255 bytes of GB18030. */
export interface SystemConfigurationObject extends SystemRef {
  readonly configuration: string;
}
/** Type 7: a component's configuration (部件配置情况): its identity and description. */
export interface ComponentConfigurationObject extends ComponentRef {
  readonly description: string;
}
/** Type 8: a building fire system's clock (系统时间). */
export interface SystemTimeObject extends SystemRef {
  readonly time: Gb26875Time;
}
/** Type 21: the transmission device's run status byte (运行状态), bits in `transmissionStatusTable`. */
export interface TransmissionStatusObject {
  readonly status: number;
  readonly time: Gb26875Time;
}
/** Type 24: an operation at the transmission device, flags in `transmissionOperationTable`. */
export interface TransmissionOperationObject {
  readonly operation: number;
  readonly operator: number;
  readonly time: Gb26875Time;
}
/** Type 25: the transmission device's software version. */
export interface TransmissionSoftwareVersionObject {
  readonly major: number;
  readonly minor: number;
}
/** Type 26: the transmission device's configuration text. */
export interface TransmissionConfigurationObject {
  readonly configuration: string;
}
/** Type 28: the transmission device's clock. */
export interface TransmissionTimeObject {
  readonly time: Gb26875Time;
}
/** Types 62, 63, 67: which component the centre asks about. */
export interface ComponentQuery extends SystemRef {
  readonly componentAddress: number;
}
/** Type 64: the centre asks for `count` operation records from `start` on. */
export interface SystemRecordsQuery extends SystemRef {
  /** Number of records asked for (查询记录数目). */
  readonly count: number;
  /** Records from this time on (指定的起始时间). */
  readonly start: Gb26875Time;
}
/** Type 84: the same for the transmission device's own operation records. */
export interface RecordsQuery {
  readonly count: number;
  readonly start: Gb26875Time;
}
/** Types 81, 85, 86, 88, 89: one reserved byte (预留), 0 when sent. */
export interface ReservedObject {
  readonly reserved: number;
}
/** Type 90: the centre's clock (同步时钟). */
export interface ClockSyncObject {
  readonly time: Gb26875Time;
}
/** Type 91: check-in (查岗): answer within this many minutes (应答超时时间). */
export interface CheckInObject {
  readonly timeoutMinutes: number;
}

/** The object shape each type flag carries. */
export interface AduObjectMap {
  1: SystemStatusObject;
  2: ComponentStatusObject;
  3: AnalogValueObject;
  4: SystemOperationObject;
  5: SystemSoftwareVersionObject;
  6: SystemConfigurationObject;
  7: ComponentConfigurationObject;
  8: SystemTimeObject;
  21: TransmissionStatusObject;
  24: TransmissionOperationObject;
  25: TransmissionSoftwareVersionObject;
  26: TransmissionConfigurationObject;
  28: TransmissionTimeObject;
  61: SystemRef;
  62: ComponentQuery;
  63: ComponentQuery;
  64: SystemRecordsQuery;
  65: SystemRef;
  66: SystemRef;
  67: ComponentQuery;
  68: SystemRef;
  81: ReservedObject;
  84: RecordsQuery;
  85: ReservedObject;
  86: ReservedObject;
  88: ReservedObject;
  89: ReservedObject;
  90: ClockSyncObject;
  91: CheckInObject;
}

/** A type flag this package knows. */
export type KnownTypeFlag = keyof AduObjectMap;

/**
 * An application data unit (应用数据单元): a type flag and its information objects. Discriminated by
 * `type`, so `if (adu.type === TypeFlag.componentStatus) adu.objects[0].description` type-checks.
 */
export type Gb26875Adu = {
  [T in KnownTypeFlag]: { readonly type: T; readonly objects: readonly AduObjectMap[T][] };
}[KnownTypeFlag];

/** The ADU type for one flag. */
export type AduOf<T extends KnownTypeFlag> = Extract<Gb26875Adu, { type: T }>;
