/**
 * @packageDocumentation
 * GB/T 26875.3-2011 for Firecode: the frame codec, a streaming deframer, the application data units
 * and the mapping from the schema, so a gateway can report to a city's existing fire monitoring
 * centre as its user-information transmission device (用户信息传输装置); the session engine, the
 * uplink with its own durable queue, and a monitoring-centre simulator. The codec and the mapping use
 * no Node-only API; the session, the uplink and the centre simulator use Node (net, the disk outbox).
 */

export * from './adu/index.js';
export * from './centre/index.js';
export {
  GB26875_ERROR_CODES,
  type Gb26875Error,
  type Gb26875ErrorCode,
  gb26875Error,
  isGb26875Error,
} from './errors.js';
export * from './frame/index.js';
export * from './mapping/index.js';
// The session, the uplink and the centre simulator use Node (net, the disk outbox).
export * from './session/index.js';
export * from './uplink/index.js';
