/**
 * The command byte (控制单元 命令字节, GB/T 26875.3 table 2). 7-127 are reserved and 128-255
 * user-defined: the frame layer carries any byte (a session answers what it does not know with a
 * deny), {@link isStandardCommand} tells the defined ones apart.
 */
export const Command = Object.freeze({
  /** 控制: the centre commands the device (initialise, clock sync, check-in). */
  control: 1,
  /** 发送数据: the device sends data and expects a confirm. */
  sendData: 2,
  /** 确认: acknowledges a control or send-data frame (same serial number). */
  confirm: 3,
  /** 请求: the centre asks for data (read requests 61-88). */
  request: 4,
  /** 应答: the device answers a request (same serial number). */
  reply: 5,
  /** 否认: refuses a frame (same serial number). */
  deny: 6,
} as const);

/** A command byte's name, e.g. `sendData`. */
export type CommandName = keyof typeof Command;
/** One of the defined command bytes 1-6. */
export type StandardCommand = (typeof Command)[CommandName];

const names: Record<number, CommandName> = Object.fromEntries(
  Object.entries(Command).map(([name, code]) => [code, name as CommandName]),
);

/** Chinese terms for the defined commands, as the standard prints them (for logs and the simulator). */
export const commandZh: Readonly<Record<CommandName, string>> = Object.freeze({
  control: '控制',
  sendData: '发送数据',
  confirm: '确认',
  request: '请求',
  reply: '应答',
  deny: '否认',
});

/** True for the command bytes the standard defines (1-6). */
export function isStandardCommand(byte: number): byte is StandardCommand {
  return names[byte] !== undefined;
}

/** The name of a command byte, or `reserved-N` / `user-N` for bytes the standard does not define. */
export function commandName(byte: number): CommandName | `reserved-${number}` | `user-${number}` {
  return names[byte] ?? (byte >= 128 ? `user-${byte}` : `reserved-${byte}`);
}

/**
 * Commands whose frames may carry an empty ADU: confirm and deny. A send-data frame with an empty ADU
 * (a vendor heartbeat) is only accepted under the `emptyAduHeartbeat` quirk.
 */
export function mayBeEmpty(byte: number): boolean {
  return byte === Command.confirm || byte === Command.deny;
}
