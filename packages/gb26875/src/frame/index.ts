export { ADDRESS_BYTES, readAddress, writeAddress } from './address.js';
export {
  Command,
  type CommandName,
  commandName,
  commandZh,
  isStandardCommand,
  mayBeEmpty,
  type StandardCommand,
} from './command.js';
export {
  type DeframerOptions,
  type DeframerStats,
  Gb26875Deframer,
  type Rejection,
  type RejectReason,
} from './deframer.js';
export {
  checksum,
  declaredAduLength,
  decodeFrame,
  END_BYTE,
  encodeFrame,
  FRAME_OVERHEAD,
  type FrameOptions,
  type Gb26875Frame,
  HEADER_BYTES,
  MAX_ADU_BYTES,
  MAX_FRAME_BYTES,
  PROTOCOL_MAJOR,
  START_BYTE,
} from './frame.js';
export { type Gb26875Quirks, quirkNames, STRICT } from './quirks.js';
export {
  CHINA_UTC_OFFSET_MINUTES,
  formatTime,
  type Gb26875Time,
  readTime,
  TIME_BYTES,
  timeFromDate,
  timeProblem,
  timeToEpochMs,
  writeTime,
} from './time.js';
