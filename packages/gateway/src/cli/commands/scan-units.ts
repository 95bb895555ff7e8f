import type { RegisterTable } from '@firecode/modbus';
import { isFirecodeError } from '@firecode/schema';
import type { CommissioningMaster } from '../master.js';

/** What one unit id did when asked. */
export type UnitAnswer =
  /** It answered with data. */
  | { unit: number; status: 'answered'; words: number[] }
  /** It answered with a Modbus exception: a device is there, the register is not. */
  | { unit: number; status: 'exception'; exceptionCode: number; detail: string }
  /** Bytes came back but not a valid frame: often a wrong baud rate or parity, or two devices on one id. */
  | { unit: number; status: 'garbled'; detail: string };

/** Modbus TCP gateways answer for absent serial slaves with these exceptions (gateway path / target). */
const GATEWAY_NO_TARGET = new Set([10, 11]);
const GARBLED = new Set([
  'MODBUS_CRC',
  'MODBUS_WRONG_UNIT',
  'MODBUS_WRONG_FUNCTION',
  'MODBUS_TRUNCATED',
  'MODBUS_BAD_RESPONSE',
]);
const ABSENT = new Set(['MODBUS_TIMEOUT', 'MODBUS_CIRCUIT_OPEN']);

/** Options of {@link scanUnits}. */
export interface ScanOptions {
  table: RegisterTable;
  address: number;
  count: number;
  /** Called after each unit with how many were tried and found so far. */
  onProgress?: (tried: number, found: number) => void;
}

/**
 * Asks each unit id for a register and keeps those that answer (data, exception or garbled). Units
 * are asked one after another: on RS-485 two requests at once would collide. A dead link (not a dead
 * unit) stops the scan by rejecting.
 */
export async function scanUnits(
  master: CommissioningMaster,
  units: readonly number[],
  options: ScanOptions,
): Promise<UnitAnswer[]> {
  const found: UnitAnswer[] = [];
  let tried = 0;
  for (const unit of units) {
    const answer = await askUnit(master, unit, options);
    if (answer !== undefined) found.push(answer);
    tried++;
    options.onProgress?.(tried, found.length);
  }
  return found;
}

async function askUnit(
  master: CommissioningMaster,
  unit: number,
  options: ScanOptions,
): Promise<UnitAnswer | undefined> {
  try {
    const words = await master.read(unit, options.table, options.address, options.count);
    return { unit, status: 'answered', words };
  } catch (error) {
    if (!isFirecodeError(error)) throw error;
    if (error.code === 'MODBUS_EXCEPTION') {
      const exceptionCode = Number(error.details?.exceptionCode ?? 0);
      if (GATEWAY_NO_TARGET.has(exceptionCode)) return undefined;
      return { unit, status: 'exception', exceptionCode, detail: error.message };
    }
    if (GARBLED.has(error.code)) return { unit, status: 'garbled', detail: error.message };
    if (ABSENT.has(error.code)) return undefined;
    throw error;
  }
}
