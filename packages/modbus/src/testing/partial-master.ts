import { modbusError } from '../errors.js';
import type { ModbusMaster } from '../modbus-bus.js';

/** The request and statistics methods of a {@link ModbusMaster}, any of which a test may supply. */
export type ModbusMasterParts = Partial<Omit<ModbusMaster, 'lineName' | 'kind' | 'close'>>;

/**
 * A {@link ModbusMaster} test double from only the methods a test needs: every other request rejects
 * (and `stats()` throws) with a message naming the method, so a code path that reaches further than
 * the test expected fails loudly instead of reading zeros. `close()` resolves; the line is `memory`
 * over `tcp` unless told otherwise.
 *
 * ```ts
 * const master = partialModbusMaster({
 *   readHoldingRegisters: async (_unit, address, count) => registers.slice(address, address + count),
 * });
 * ```
 */
export function partialModbusMaster(
  parts: ModbusMasterParts,
  line: Partial<Pick<ModbusMaster, 'lineName' | 'kind'>> = {},
): ModbusMaster {
  const unexpected = (method: string) => () => {
    throw modbusError(
      'MODBUS_INVALID_ARGUMENT',
      `${method} was called on a partial test master that was not given it: add it to partialModbusMaster({ ... })`,
    );
  };
  const rejecting = (method: string) => async (): Promise<never> => unexpected(method)();
  return {
    lineName: line.lineName ?? 'memory',
    kind: line.kind ?? 'tcp',
    readHoldingRegisters: parts.readHoldingRegisters ?? rejecting('readHoldingRegisters'),
    readInputRegisters: parts.readInputRegisters ?? rejecting('readInputRegisters'),
    readCoils: parts.readCoils ?? rejecting('readCoils'),
    readDiscreteInputs: parts.readDiscreteInputs ?? rejecting('readDiscreteInputs'),
    writeRegister: parts.writeRegister ?? rejecting('writeRegister'),
    writeRegisters: parts.writeRegisters ?? rejecting('writeRegisters'),
    writeCoil: parts.writeCoil ?? rejecting('writeCoil'),
    writeCoils: parts.writeCoils ?? rejecting('writeCoils'),
    stats: parts.stats ?? unexpected('stats'),
    close: async () => {},
  };
}
