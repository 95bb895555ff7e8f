import { MODBUS_EXCEPTION_NAMES, modbusError } from './errors.js';

/** Function codes this master speaks. */
export const FunctionCode = {
  readCoils: 0x01,
  readDiscreteInputs: 0x02,
  readHoldingRegisters: 0x03,
  readInputRegisters: 0x04,
  writeSingleCoil: 0x05,
  writeSingleRegister: 0x06,
  writeMultipleCoils: 0x0f,
  writeMultipleRegisters: 0x10,
} as const;

/** Protocol limits (Modbus Application Protocol v1.1b3, section 6). */
export const MODBUS_LIMITS = {
  maxReadRegisters: 125,
  maxReadBits: 2000,
  maxWriteRegisters: 123,
  maxWriteBits: 1968,
  maxAddress: 0xffff,
} as const;

function checkRange(what: string, address: number, count: number, max: number): void {
  if (!Number.isInteger(address) || address < 0 || address > MODBUS_LIMITS.maxAddress) {
    throw modbusError('MODBUS_INVALID_ARGUMENT', `${what}: address ${address} is not 0-65535`, { address });
  }
  if (!Number.isInteger(count) || count < 1 || count > max) {
    throw modbusError('MODBUS_INVALID_ARGUMENT', `${what}: count ${count} is not 1-${max}`, {
      address,
      count,
    });
  }
  if (address + count - 1 > MODBUS_LIMITS.maxAddress) {
    throw modbusError(
      'MODBUS_INVALID_ARGUMENT',
      `${what}: range ${address}+${count} runs past address 65535`,
      {
        address,
        count,
      },
    );
  }
}

/** A read request PDU (function code + address + count). */
export function readRequest(functionCode: 1 | 2 | 3 | 4, address: number, count: number): Uint8Array {
  const isBits = functionCode <= 2;
  checkRange(
    `read (function ${functionCode})`,
    address,
    count,
    isBits ? MODBUS_LIMITS.maxReadBits : MODBUS_LIMITS.maxReadRegisters,
  );
  return Uint8Array.of(functionCode, address >> 8, address & 0xff, count >> 8, count & 0xff);
}

/** Write single register (06). */
export function writeSingleRegisterRequest(address: number, value: number): Uint8Array {
  checkRange('write register', address, 1, 1);
  checkWord(value, 0);
  return Uint8Array.of(6, address >> 8, address & 0xff, value >> 8, value & 0xff);
}

/** Write single coil (05): ON is 0xFF00, OFF 0x0000. */
export function writeSingleCoilRequest(address: number, value: boolean): Uint8Array {
  checkRange('write coil', address, 1, 1);
  return Uint8Array.of(5, address >> 8, address & 0xff, value ? 0xff : 0, 0);
}

function checkWord(value: number, index: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw modbusError(
      'MODBUS_INVALID_ARGUMENT',
      `register value ${value} at index ${index} is not 0-65535; encode signed or wide values with encodeRegisters()`,
      { index, value },
    );
  }
}

/** Write multiple registers (16). */
export function writeMultipleRegistersRequest(address: number, values: ArrayLike<number>): Uint8Array {
  checkRange('write registers', address, values.length, MODBUS_LIMITS.maxWriteRegisters);
  const pdu = new Uint8Array(6 + values.length * 2);
  pdu.set([0x10, address >> 8, address & 0xff, values.length >> 8, values.length & 0xff, values.length * 2]);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    checkWord(v, i);
    pdu[6 + i * 2] = v >> 8;
    pdu[7 + i * 2] = v & 0xff;
  }
  return pdu;
}

/** Write multiple coils (15). */
export function writeMultipleCoilsRequest(address: number, values: ArrayLike<boolean>): Uint8Array {
  checkRange('write coils', address, values.length, MODBUS_LIMITS.maxWriteBits);
  const byteCount = Math.ceil(values.length / 8);
  const pdu = new Uint8Array(6 + byteCount);
  pdu.set([0x0f, address >> 8, address & 0xff, values.length >> 8, values.length & 0xff, byteCount]);
  for (let i = 0; i < values.length; i++) if (values[i]) pdu[6 + (i >> 3)]! |= 1 << (i & 7);
  return pdu;
}

/**
 * Length of the normal response PDU to `request`, known before it arrives: used to size RTU reads, to
 * add the response's wire time to the timeout, and by the planner's cost model.
 */
export function expectedResponseLength(request: Uint8Array): number {
  const fc = request[0];
  const count = ((request[3] ?? 0) << 8) | (request[4] ?? 0);
  switch (fc) {
    case 1:
    case 2:
      return 2 + Math.ceil(count / 8);
    case 3:
    case 4:
      return 2 + count * 2;
    case 5:
    case 6:
    case 15:
    case 16:
      return 5;
    default:
      throw modbusError('MODBUS_INVALID_ARGUMENT', `function code ${fc} is not supported by this master`, {
        fc,
      });
  }
}

/**
 * Length of a response PDU judged from its first bytes (function code and byte count), or `undefined`
 * when too few bytes have arrived, or `null` when the function code is unknown (then only line silence
 * can end the frame). Used to find frame ends in an RTU byte stream.
 */
export function responseLengthFromHeader(
  pdu: Uint8Array,
  offset = 0,
  available = pdu.length - offset,
): number | null | undefined {
  if (available < 1) return undefined;
  const fc = pdu[offset]!;
  if (fc & 0x80) return 2;
  switch (fc) {
    case 1:
    case 2:
    case 3:
    case 4:
      return available < 2 ? undefined : 2 + pdu[offset + 1]!;
    case 5:
    case 6:
    case 15:
    case 16:
      return 5;
    default:
      return null;
  }
}

/** What a response carried, decoded against its request. */
export type ResponseData =
  | { kind: 'registers'; values: Uint16Array }
  | { kind: 'bits'; values: boolean[] }
  | { kind: 'write' };

/**
 * Throws the exception carried by `response` if it is one. The arc-fault detector family answers
 * every exception with function code 0x80 instead of request|0x80 (shared/domain/devices.md), so any
 * code with the high bit set whose low bits are the request's or zero counts.
 */
export function throwIfException(request: Uint8Array, response: Uint8Array, unit: number): void {
  const fc = response[0]!;
  if ((fc & 0x80) === 0) return;
  const requested = request[0]!;
  if ((fc & 0x7f) !== requested && fc !== 0x80) {
    throw modbusError(
      'MODBUS_WRONG_FUNCTION',
      `unit ${unit} answered exception function 0x${fc.toString(16)} to function ${requested}`,
      {
        unit,
        functionCode: requested,
        received: fc,
      },
    );
  }
  const exceptionCode = response[1] ?? 0;
  const name = MODBUS_EXCEPTION_NAMES[exceptionCode] ?? 'unknown exception';
  throw modbusError(
    'MODBUS_EXCEPTION',
    `unit ${unit} answered exception ${exceptionCode} (${name}) to function ${requested}`,
    { unit, functionCode: requested, exceptionCode, exceptionName: name },
  );
}

function bad(unit: number, fc: number, why: string): never {
  throw modbusError('MODBUS_BAD_RESPONSE', `unit ${unit}, function ${fc}: ${why}`, {
    unit,
    functionCode: fc,
  });
}

/**
 * Checks `response` against `request` (function code, byte count, echoed address/value) and decodes it.
 * @throws FirecodeError MODBUS_EXCEPTION, MODBUS_WRONG_FUNCTION or MODBUS_BAD_RESPONSE.
 */
export function decodeResponse(request: Uint8Array, response: Uint8Array, unit: number): ResponseData {
  throwIfException(request, response, unit);
  const fc = request[0]!;
  if (response[0] !== fc) {
    throw modbusError(
      'MODBUS_WRONG_FUNCTION',
      `unit ${unit} answered function ${response[0]} to function ${fc}`,
      {
        unit,
        functionCode: fc,
        received: response[0],
      },
    );
  }
  const expected = expectedResponseLength(request);
  if (response.length !== expected)
    bad(unit, fc, `response has ${response.length} bytes, expected ${expected}`);
  const count = (request[3]! << 8) | request[4]!;
  switch (fc) {
    case 1:
    case 2: {
      if (response[1] !== Math.ceil(count / 8))
        bad(unit, fc, `byte count ${response[1]} does not match ${count} bits`);
      const values = new Array<boolean>(count);
      for (let i = 0; i < count; i++) values[i] = (response[2 + (i >> 3)]! & (1 << (i & 7))) !== 0;
      return { kind: 'bits', values };
    }
    case 3:
    case 4: {
      if (response[1] !== count * 2)
        bad(unit, fc, `byte count ${response[1]} does not match ${count} registers`);
      const values = new Uint16Array(count);
      for (let i = 0; i < count; i++) values[i] = (response[2 + i * 2]! << 8) | response[3 + i * 2]!;
      return { kind: 'registers', values };
    }
    default:
      // Writes echo address and value (05/06) or address and quantity (15/16).
      for (let i = 1; i < 5; i++)
        if (response[i] !== request[i]) bad(unit, fc, 'write echo does not match the request');
      return { kind: 'write' };
  }
}
