/**
 * `@firecode/devices/testing`: test support shipped beside the device library (not part of the
 * runtime API; the golden runners need vitest) — the golden-capture runners that check a profile or a
 * panel driver against recorded frames (the format of hardware/captures/*.yaml), the independent RTU
 * frame reader they use, and an in-memory byte link for panel drivers. Kept out of the main entry so
 * a gateway does not load them.
 */
export {
  checkGoldenExchange,
  checkGoldenPolls,
  type GoldenCapture,
  type GoldenExchange,
} from './golden-runner.js';
export { createMemoryBytePair, type MemoryByteStream } from './memory-byte-pair.js';
export { checkPanelCapture, type PanelCapture } from './panel-golden.js';
export {
  checkedPdu,
  crc16Modbus,
  hexToBytes,
  parseRtuReply,
  parseRtuRequest,
  type RtuReply,
  type RtuRequest,
} from './rtu-frames.js';
