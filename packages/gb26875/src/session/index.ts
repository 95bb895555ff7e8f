export { checkReconnect, type ReconnectOptions, reconnectDelay } from './backoff.js';
export { fixedResponder } from './fixed-responder.js';
export { CONTROL_TYPES, isReadRequestType } from './link.js';
export type { CentreResponder, ResponderContext } from './responder.js';
export {
  type CheckInPolicy,
  Gb26875Session,
  type Gb26875SessionEvents,
  type Gb26875SessionOptions,
  type Gb26875SessionStats,
  type SessionCounter,
} from './session.js';
export { createSocketPair, type MemorySocket } from './socket-pair.js';
export {
  nextState,
  SESSION_STATES,
  SESSION_TRANSITIONS,
  type SessionInput,
  type SessionState,
} from './states.js';
export { type CentreSocket, type ConnectCentre, tcpCentre } from './transport.js';
