import {
  type CostModel,
  createRtuBus,
  createRtuOverTcpBus,
  createTcpBus,
  lineTiming,
  type ModbusBus,
  rtuCostModel,
  tcpCostModel,
} from '@firecode/modbus';
import type { BusConfig } from '../../../config/schema.js';

/**
 * Opens the Modbus master of one configured line. One master per physical line is what keeps a
 * single request in flight on an RS-485 pair, whatever the number of unit ids on it.
 *
 * `slowestDeviceDelayMs`: the largest inter-request delay the profiles of the line's devices ask for
 * (a quirk of slow transmitters); the line waits the larger of it and the bus's own setting.
 */
export function openBus(config: BusConfig, slowestDeviceDelayMs = 0): ModbusBus {
  const common = {
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    ...(config.breaker === undefined ? {} : { breaker: config.breaker }),
  };
  const interRequestDelayMs = Math.max(config.interRequestDelayMs, slowestDeviceDelayMs);
  switch (config.kind) {
    case 'tcp':
      return createTcpBus({ ...common, host: config.host, port: config.port });
    case 'rtu':
      return createRtuBus({
        ...common,
        path: config.path,
        interRequestDelayMs,
        baudRate: config.baud,
        dataBits: config.dataBits,
        parity: config.parity,
        stopBits: config.stopBits,
      });
    case 'rtu-over-tcp':
      return createRtuOverTcpBus({
        ...common,
        host: config.host,
        port: config.port,
        interRequestDelayMs,
        serial: {
          baudRate: config.baud,
          dataBits: config.dataBits,
          parity: config.parity,
          stopBits: config.stopBits,
        },
      });
  }
}

/**
 * What one more request costs on the line, for the read planner: on a serial line (also behind a
 * device server) the wire time at its baud rate and gaps decide; on Modbus TCP, the round trip.
 */
export function costModelOf(config: BusConfig): CostModel {
  if (config.kind === 'tcp') return tcpCostModel();
  return rtuCostModel(
    lineTiming({
      baudRate: config.baud,
      dataBits: config.dataBits,
      parity: config.parity,
      stopBits: config.stopBits,
    }),
  );
}
