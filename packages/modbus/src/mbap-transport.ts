import type { ByteLink } from './byte-link.js';
import { modbusError } from './errors.js';
import { LinkTransport } from './link-transport.js';
import { ReceiveBuffer } from './receive-buffer.js';
import type { ModbusTransport, TransportKind, TransportRequest } from './transport.js';

/** Options of {@link MbapTransport}. */
export interface MbapTransportOptions {
  /**
   * Requests outstanding at once on the connection, matched by transaction id (default 1: many
   * devices and gateways handle one at a time).
   */
  maxInFlight?: number;
  /** Consecutive timeouts (no answer to anything) after which the connection is dropped and re-opened (default 3). */
  reconnectAfterTimeouts?: number;
}

interface PendingTransaction {
  unit: number;
  resolve(pdu: Uint8Array): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

const MBAP_HEADER = 7;
/** Largest MBAP length field: unit id + 253-byte PDU. */
const MAX_MBAP_LENGTH = 254;

/**
 * Modbus TCP (MBAP header) over a {@link ByteLink}. Transaction ids are matched, so an answer that
 * arrives after its timeout is recognised and counted instead of being taken for the next request's.
 * A stream that stops making sense (bad protocol id or length) cannot be re-synchronised on TCP: only
 * then is the connection dropped, and the bus reconnects.
 */
export class MbapTransport extends LinkTransport implements ModbusTransport {
  readonly kind: TransportKind = 'tcp';
  readonly broadcastUnit0 = false;
  readonly maxInFlight: number;
  private readonly pending = new Map<number, PendingTransaction>();
  private nextTransactionId = 1;
  private readonly received = new ReceiveBuffer(1024);
  private consecutiveTimeouts = 0;
  private readonly reconnectAfterTimeouts: number;
  private dropReason: Error | undefined;

  constructor(link: ByteLink, options: MbapTransportOptions = {}) {
    super(link);
    this.maxInFlight = options.maxInFlight ?? 1;
    if (!Number.isInteger(this.maxInFlight) || this.maxInFlight < 1 || this.maxInFlight > 1000) {
      throw new TypeError(`MbapTransport: maxInFlight ${options.maxInFlight} must be an integer 1-1000`);
    }
    this.reconnectAfterTimeouts = options.reconnectAfterTimeouts ?? 3;
  }

  /** {@inheritDoc ModbusTransport.exchange} */
  exchange(request: TransportRequest): Promise<Uint8Array> {
    const id = this.allocateTransactionId();
    const frame = new Uint8Array(MBAP_HEADER + request.pdu.length);
    const length = request.pdu.length + 1;
    frame.set([id >> 8, id & 0xff, 0, 0, length >> 8, length & 0xff, request.unit]);
    frame.set(request.pdu, MBAP_HEADER);
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => this.onTimeout(id), request.timeoutMs);
      this.pending.set(id, { unit: request.unit, resolve, reject, timer });
      this.counts.bytesOut += frame.length;
      this.link.write(frame).catch((error: Error) => this.fail(id, error));
    });
  }

  private allocateTransactionId(): number {
    for (;;) {
      const id = this.nextTransactionId;
      this.nextTransactionId = id === 0xffff ? 1 : id + 1;
      if (!this.pending.has(id)) return id;
    }
  }

  protected onData(chunk: Uint8Array): void {
    this.counts.bytesIn += chunk.length;
    this.received.append(chunk);
    let offset = 0;
    while (this.received.length - offset >= MBAP_HEADER) {
      const rx = this.received.bytes;
      const protocol = (rx[offset + 2]! << 8) | rx[offset + 3]!;
      const length = (rx[offset + 4]! << 8) | rx[offset + 5]!;
      if (protocol !== 0 || length < 2 || length > MAX_MBAP_LENGTH) {
        this.desync(`protocol id ${protocol}, length ${length}`);
        return;
      }
      const frameLength = 6 + length;
      if (this.received.length - offset < frameLength) break;
      const id = (rx[offset]! << 8) | rx[offset + 1]!;
      const unit = rx[offset + 6]!;
      const pdu = rx.slice(offset + MBAP_HEADER, offset + frameLength);
      offset += frameLength;
      this.deliver(id, unit, pdu, frameLength);
    }
    this.received.consume(offset);
  }

  private deliver(id: number, unit: number, pdu: Uint8Array, frameLength: number): void {
    const pending = this.pending.get(id);
    if (!pending) {
      this.counts.lateResponses++;
      this.counts.unsolicitedBytes += frameLength;
      return;
    }
    this.pending.delete(id);
    clearTimeout(pending.timer);
    this.consecutiveTimeouts = 0;
    if (unit !== pending.unit) {
      pending.reject(
        modbusError(
          'MODBUS_WRONG_UNIT',
          `${this.lineName}: asked unit ${pending.unit}, unit ${unit} answered`,
          {
            line: this.lineName,
            unit: pending.unit,
            received: unit,
          },
        ),
      );
      return;
    }
    pending.resolve(pdu);
  }

  private onTimeout(id: number): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (this.received.length > 0) {
      // Part of a frame arrived and the rest never will: on a TCP stream the framing is lost for good.
      pending.reject(
        modbusError(
          'MODBUS_TRUNCATED',
          `${this.lineName}: answer of unit ${pending.unit} stopped after ${this.received.length} byte(s)`,
          {
            line: this.lineName,
            unit: pending.unit,
            transactionId: id,
          },
        ),
      );
      this.desync('truncated frame');
      return;
    }
    pending.reject(
      modbusError('MODBUS_TIMEOUT', `${this.lineName}: unit ${pending.unit} did not answer in time`, {
        line: this.lineName,
        unit: pending.unit,
        transactionId: id,
      }),
    );
    this.consecutiveTimeouts++;
    if (this.consecutiveTimeouts >= this.reconnectAfterTimeouts) {
      // Nothing answers at all: the connection is probably half-open. Drop it so the bus reconnects.
      this.consecutiveTimeouts = 0;
      this.counts.resyncs++;
      this.dropConnection(
        new Error(`no answer to ${this.reconnectAfterTimeouts} requests in a row; reconnecting`),
      );
    }
  }

  private desync(why: string): void {
    this.counts.resyncs++;
    this.counts.unsolicitedBytes += this.received.clear();
    this.dropConnection(new Error(`MBAP stream out of step (${why}); reconnecting`));
  }

  /** Closes the link on our own initiative; its `closed` callback then reports `reason` to listeners. */
  private dropConnection(reason: Error): void {
    this.dropReason = reason;
    void this.link.close();
  }

  private fail(id: number, error: Error): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  protected failPending(error: Error): void {
    for (const [id] of this.pending) this.fail(id, error);
  }

  protected clearReceived(): void {
    this.received.clear();
  }

  /** A connection we dropped because its stream stopped making sense says why, not just "closed". */
  protected override closeCause(linkError: Error | undefined): Error | undefined {
    const error = this.dropReason ?? linkError;
    this.dropReason = undefined;
    return error;
  }
}
