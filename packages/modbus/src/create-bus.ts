import type { ByteLink } from './byte-link.js';
import { lineTiming, type SerialFormat } from './line-timing.js';
import { MbapTransport, type MbapTransportOptions } from './mbap-transport.js';
import { type BusOptions, ModbusBus } from './modbus-bus.js';
import { asciiFraming } from './serial-framing.js';
import { type SerialBinding, SerialLink } from './serial-link.js';
import { SerialTransport, type SerialTransportOptions } from './serial-transport.js';
import { TcpLink } from './tcp-link.js';

/** Options of {@link createTcpBus}. */
export interface TcpBusOptions extends BusOptions, MbapTransportOptions {
  host: string;
  /** Default 502. */
  port?: number;
  connectTimeoutMs?: number;
}

/**
 * A Modbus TCP master for one device (one host:port, one connection, reconnected on failure).
 * Opens lazily on the first request.
 */
export function createTcpBus(options: TcpBusOptions): ModbusBus {
  const link = new TcpLink({
    host: options.host,
    port: options.port ?? 502,
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
  });
  return new ModbusBus(new MbapTransport(link, options), options);
}

/** Options of {@link createRtuBus}. */
export interface RtuBusOptions
  extends BusOptions,
    SerialFormat,
    Omit<SerialTransportOptions, 'timing' | 'kind'> {
  /** Serial device path; required unless `link` is given. */
  path?: string;
  /** serialport binding, e.g. `MockBinding` in tests. */
  binding?: SerialBinding;
  /** Any byte link instead of a serial port (e.g. an in-memory pair from `createLinkPair()`). */
  link?: ByteLink;
}

/** A Modbus RTU master for one RS-485 line: serial path (or an injected link), baud and character format. */
export function createRtuBus(options: RtuBusOptions): ModbusBus {
  return new ModbusBus(
    new SerialTransport(serialLinkFor(options), { ...options, timing: lineTiming(options), kind: 'rtu' }),
    options,
  );
}

/** A Modbus ASCII master for one serial line (often 7 data bits, even parity). Same options as RTU. */
export function createAsciiBus(options: RtuBusOptions): ModbusBus {
  const transport = new SerialTransport(serialLinkFor(options), {
    ...options,
    timing: lineTiming(options),
    kind: 'ascii',
    framing: asciiFraming,
  });
  return new ModbusBus(transport, options);
}

function serialLinkFor(options: RtuBusOptions): ByteLink {
  let link = options.link;
  if (!link) {
    if (!options.path)
      throw new TypeError('createRtuBus: give `path` (e.g. /dev/ttyUSB0) or an injected `link`');
    link = new SerialLink({
      path: options.path,
      baudRate: options.baudRate,
      ...(options.dataBits === undefined ? {} : { dataBits: options.dataBits }),
      ...(options.parity === undefined ? {} : { parity: options.parity }),
      ...(options.stopBits === undefined ? {} : { stopBits: options.stopBits }),
      ...(options.binding === undefined ? {} : { binding: options.binding }),
    });
  }
  return link;
}

/** Options of {@link createRtuOverTcpBus}. */
export interface RtuOverTcpBusOptions extends BusOptions, Omit<SerialTransportOptions, 'timing' | 'kind'> {
  host: string;
  port: number;
  connectTimeoutMs?: number;
  /** The serial side's format, if known: sets the inter-frame gap and adds wire time to timeouts. */
  serial?: SerialFormat;
  /** Any byte link instead of a TCP socket (tests). */
  link?: ByteLink;
}

/** A Modbus RTU master through a serial device server (RTU frames inside a TCP stream). */
export function createRtuOverTcpBus(options: RtuOverTcpBusOptions): ModbusBus {
  const link =
    options.link ??
    new TcpLink({
      host: options.host,
      port: options.port,
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    });
  const transportOptions: SerialTransportOptions = { ...options, kind: 'rtu-over-tcp' };
  if (options.serial) transportOptions.timing = lineTiming(options.serial);
  return new ModbusBus(new SerialTransport(link, transportOptions), options);
}
