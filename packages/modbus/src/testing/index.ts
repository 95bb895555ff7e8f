/**
 * `@firecode/modbus/testing`: test doubles shipped beside the real thing (serialport's MockBinding
 * style) — a Modbus slave with faults (`TestSlave`) served over TCP, RTU or RTU-over-TCP, an in-memory
 * serial line pair, a serialport MockBinding slave (needs the optional peer `@serialport/binding-mock`)
 * and a partial master for unit tests. Kept out of the main entry so an installation does not load them.
 */
export {
  createLinkPair,
  type LineFrame,
  type LineMonitor,
  type LinkPairOptions,
} from './link-pair.js';
export { mockBindingWithSlave } from './mock-binding-slave.js';
export { type ModbusMasterParts, partialModbusMaster } from './partial-master.js';
export {
  type RtuSlaveCounters,
  type ServedRtu,
  type ServeRtuOptions,
  serveRtu,
} from './serve-rtu.js';
export { serveRtuOverTcp } from './serve-rtu-over-tcp.js';
export { type ServeTcpOptions, serveTcp, type TcpTestServer } from './serve-tcp.js';
export { type SlaveFault, TestSlave, type TestUnitOptions } from './test-slave.js';
