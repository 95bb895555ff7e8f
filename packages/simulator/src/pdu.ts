import type { RegisterTable } from '@firecode/modbus';
import { ExceptionCode, type ExceptionCodeValue, FunctionCode, QuantityLimit } from './modbus-codes.js';
import { exceptionFunctionCodeFor, type SlaveQuirks } from './quirks.js';
import type { RegisterBank } from './register-bank.js';

/** The slave's answer to one request PDU: a normal reply, or an exception with its code. */
export type PduAnswer =
  | { kind: 'reply'; pdu: Buffer }
  | { kind: 'exception'; pdu: Buffer; exceptionCode: ExceptionCodeValue };

/** Builds an exception PDU for `functionCode`, honouring the device's quirks. */
export function exceptionPdu(
  functionCode: number,
  code: ExceptionCodeValue,
  quirks?: SlaveQuirks,
): PduAnswer {
  return {
    kind: 'exception',
    pdu: Buffer.from([exceptionFunctionCodeFor(functionCode, quirks), code]),
    exceptionCode: code,
  };
}

/**
 * Answers one request PDU (function code + data, no unit id, no CRC/MBAP) from `bank`, the way the
 * Modbus specification orders its checks: unknown function (01), then quantity and byte counts (03),
 * then addresses (02); a bank that throws is a device failure (04).
 */
export function answerPdu(request: Uint8Array, bank: RegisterBank, quirks?: SlaveQuirks): PduAnswer {
  const functionCode = request[0] ?? 0;
  const fail = (code: ExceptionCodeValue) =>
    exceptionPdu(
      functionCode,
      code === ExceptionCode.illegalDataAddress ? (quirks?.illegalAddressCode ?? code) : code,
      quirks,
    );
  if (quirks?.supportedFunctions && !quirks.supportedFunctions.includes(functionCode)) {
    return fail(ExceptionCode.illegalFunction);
  }
  const data = Buffer.from(request.buffer, request.byteOffset, request.byteLength);
  try {
    switch (functionCode) {
      case FunctionCode.readCoils:
        return readBits(data, bank, 'coils', fail);
      case FunctionCode.readDiscreteInputs:
        return readBits(data, bank, 'discrete', fail);
      case FunctionCode.readHoldingRegisters:
        return readRegisters(data, bank, 'holding', fail, quirks);
      case FunctionCode.readInputRegisters:
        return readRegisters(data, bank, 'input', fail, quirks);
      case FunctionCode.writeSingleCoil:
        return writeSingleCoil(data, bank, fail);
      case FunctionCode.writeSingleRegister:
        return writeSingleRegister(data, bank, fail);
      case FunctionCode.writeMultipleCoils:
        return writeMultipleCoils(data, bank, fail);
      case FunctionCode.writeMultipleRegisters:
        return writeMultipleRegisters(data, bank, fail);
      default:
        return fail(ExceptionCode.illegalFunction);
    }
  } catch {
    // A bank that throws stands for a device that failed while serving the request.
    return fail(ExceptionCode.serverDeviceFailure);
  }
}

type Fail = (code: ExceptionCodeValue) => PduAnswer;

function readBits(data: Buffer, bank: RegisterBank, table: RegisterTable, fail: Fail): PduAnswer {
  if (data.length !== 5) return fail(ExceptionCode.illegalDataValue);
  const address = data.readUInt16BE(1);
  const count = data.readUInt16BE(3);
  if (count < 1 || count > QuantityLimit.readBits) return fail(ExceptionCode.illegalDataValue);
  const bits = bank.read(table, address, count);
  if (bits === undefined) return fail(ExceptionCode.illegalDataAddress);
  const byteCount = Math.ceil(count / 8);
  const reply = Buffer.alloc(2 + byteCount);
  reply[0] = data[0] as number;
  reply[1] = byteCount;
  bits.forEach((bit, i) => {
    if (bit) reply[2 + (i >> 3)] = (reply[2 + (i >> 3)] as number) | (1 << (i & 7));
  });
  return { kind: 'reply', pdu: reply };
}

function readRegisters(
  data: Buffer,
  bank: RegisterBank,
  table: RegisterTable,
  fail: Fail,
  quirks: SlaveQuirks | undefined,
): PduAnswer {
  if (data.length !== 5) return fail(ExceptionCode.illegalDataValue);
  const address = data.readUInt16BE(1);
  const count = data.readUInt16BE(3);
  const limit = Math.min(
    QuantityLimit.readRegisters,
    quirks?.maxRegistersPerRequest ?? QuantityLimit.readRegisters,
  );
  if (count < 1 || count > limit) return fail(ExceptionCode.illegalDataValue);
  const values = bank.read(table, address, count);
  if (values === undefined) return fail(ExceptionCode.illegalDataAddress);
  const reply = Buffer.alloc(2 + 2 * count);
  reply[0] = data[0] as number;
  reply[1] = 2 * count;
  values.forEach((value, i) => {
    reply.writeUInt16BE(value & 0xffff, 2 + 2 * i);
  });
  return { kind: 'reply', pdu: reply };
}

function writeSingleCoil(data: Buffer, bank: RegisterBank, fail: Fail): PduAnswer {
  if (data.length !== 5) return fail(ExceptionCode.illegalDataValue);
  const address = data.readUInt16BE(1);
  const value = data.readUInt16BE(3);
  if (value !== 0x0000 && value !== 0xff00) return fail(ExceptionCode.illegalDataValue);
  if (!bank.write('coils', address, [value === 0xff00 ? 1 : 0]))
    return fail(ExceptionCode.illegalDataAddress);
  return { kind: 'reply', pdu: Buffer.from(data) };
}

function writeSingleRegister(data: Buffer, bank: RegisterBank, fail: Fail): PduAnswer {
  if (data.length !== 5) return fail(ExceptionCode.illegalDataValue);
  const address = data.readUInt16BE(1);
  if (!bank.write('holding', address, [data.readUInt16BE(3)])) {
    return fail(ExceptionCode.illegalDataAddress);
  }
  return { kind: 'reply', pdu: Buffer.from(data) };
}

function writeMultipleCoils(data: Buffer, bank: RegisterBank, fail: Fail): PduAnswer {
  if (data.length < 6) return fail(ExceptionCode.illegalDataValue);
  const address = data.readUInt16BE(1);
  const count = data.readUInt16BE(3);
  const byteCount = data[5] as number;
  if (
    count < 1 ||
    count > QuantityLimit.writeBits ||
    byteCount !== Math.ceil(count / 8) ||
    data.length !== 6 + byteCount
  ) {
    return fail(ExceptionCode.illegalDataValue);
  }
  const bits = Array.from({ length: count }, (_, i) => ((data[6 + (i >> 3)] as number) >> (i & 7)) & 1);
  if (!bank.write('coils', address, bits)) return fail(ExceptionCode.illegalDataAddress);
  return { kind: 'reply', pdu: Buffer.from(data.subarray(0, 5)) };
}

function writeMultipleRegisters(data: Buffer, bank: RegisterBank, fail: Fail): PduAnswer {
  if (data.length < 6) return fail(ExceptionCode.illegalDataValue);
  const address = data.readUInt16BE(1);
  const count = data.readUInt16BE(3);
  const byteCount = data[5] as number;
  if (
    count < 1 ||
    count > QuantityLimit.writeRegisters ||
    byteCount !== 2 * count ||
    data.length !== 6 + byteCount
  ) {
    return fail(ExceptionCode.illegalDataValue);
  }
  const values = Array.from({ length: count }, (_, i) => data.readUInt16BE(6 + 2 * i));
  if (!bank.write('holding', address, values)) return fail(ExceptionCode.illegalDataAddress);
  return { kind: 'reply', pdu: Buffer.from(data.subarray(0, 5)) };
}
