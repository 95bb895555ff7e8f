import { createRtuBus, createRtuOverTcpBus, createTcpBus, type ModbusBus } from '@firecode/modbus';
import type { BusConfig } from '../config/schema.js';

/**
 * Opens the Modbus master of one configured line. One master per physical line is what keeps a
 * single request in flight on an RS-485 pair, whatever the number of unit ids on it.
 */
export function openBus(config: BusConfig): ModbusBus {
  const common = { timeoutMs: config.timeoutMs, retries: config.retries };
  switch (config.kind) {
    case 'tcp':
      return createTcpBus({ ...common, host: config.host, port: config.port });
    case 'rtu':
      return createRtuBus({
        ...common,
        path: config.path,
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
        serial: {
          baudRate: config.baud,
          dataBits: config.dataBits,
          parity: config.parity,
          stopBits: config.stopBits,
        },
      });
  }
}
