import type { ByteLink } from './byte-link.js';
import { nowMs, sleepAtLeast } from './clock.js';
import { modbusError } from './errors.js';
import { hex } from './hex.js';
import type { LineTiming } from './line-timing.js';
import { LinkTransport } from './link-transport.js';
import { expectedResponseLength } from './pdu.js';
import { ReceiveBuffer } from './receive-buffer.js';
import { rtuFraming, type SerialFraming } from './serial-framing.js';
import type { ModbusTransport, TransportKind, TransportRequest } from './transport.js';

/** Options of {@link SerialTransport}. */
export interface SerialTransportOptions {
  /**
   * Timing of the serial line (from `lineTiming()`). Sets the inter-frame silence and the wire time
   * added to timeouts. For RTU over TCP give the serial side's format if known; without it only
   * `minSilenceMs` separates frames.
   */
  timing?: LineTiming;
  /** Silence after a broadcast before the next request, so slaves can act on it (default 100 ms). */
  broadcastTurnaroundMs?: number;
  /**
   * Silence inside a frame after which a partial frame is declared truncated (default 50 ms for serial,
   * 200 ms for RTU over TCP: USB adapters and networks deliver bytes in bursts).
   */
  interCharTimeoutMs?: number;
  /**
   * Extra silence after a timeout before the next request (default 20 ms), so that a slave answering
   * just too late is heard and discarded instead of being taken for the answer to the next request:
   * RTU has no transaction id to tell them apart.
   */
  afterTimeoutSilenceMs?: number;
  /** Inter-frame silence when no `timing` is given (default 2 ms). */
  minSilenceMs?: number;
  /**
   * Extra quiet time before every request, on top of the inter-frame silence (default 0). Some slaves
   * (slow transmitters, cheap RS-485 converters) need it to turn their driver around (EdgeX #108).
   */
  interRequestDelayMs?: number;
  /** `'rtu-over-tcp'` for serial device servers; default `'rtu'`. */
  kind?: Extract<TransportKind, 'rtu' | 'rtu-over-tcp' | 'ascii'>;
  /** Frame format (default RTU); `asciiFraming` for Modbus ASCII. */
  framing?: SerialFraming;
}

interface PendingExchange {
  unit: number;
  resolve(pdu: Uint8Array): void;
  reject(error: Error): void;
  deadlineTimer: ReturnType<typeof setTimeout>;
  silenceTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Modbus RTU (or ASCII, with `framing: asciiFraming`) over any {@link ByteLink}: a serial port, or a
 * TCP socket to a serial device server. RTU frames end by length (derived from the function code and
 * byte count), every CRC/LRC is checked, and the line is re-synchronised by waiting for silence: bytes
 * that arrive outside an exchange, or after a bad frame, are counted and discarded before the next
 * request is sent, instead of resetting the port.
 */
export class SerialTransport extends LinkTransport implements ModbusTransport {
  readonly kind: TransportKind;
  readonly maxInFlight = 1;
  readonly broadcastUnit0 = true;
  private readonly received = new ReceiveBuffer(512);
  private lastRxAt = Number.NEGATIVE_INFINITY;
  /** Earliest time the next request may start (end of our last frame plus gap, or broadcast turnaround). */
  private lineFreeAt = Number.NEGATIVE_INFINITY;
  private pending: PendingExchange | undefined;
  private readonly silenceMs: number;
  private readonly interCharTimeoutMs: number;
  private readonly afterTimeoutSilenceMs: number;
  private readonly broadcastTurnaroundMs: number;
  private readonly framing: SerialFraming;

  constructor(
    link: ByteLink,
    private readonly options: SerialTransportOptions = {},
  ) {
    super(link);
    this.framing = options.framing ?? rtuFraming;
    this.kind = options.kind ?? (this.framing.name === 'ascii' ? 'ascii' : 'rtu');
    this.silenceMs =
      (options.timing?.interFrameMs ?? options.minSilenceMs ?? 2) + (options.interRequestDelayMs ?? 0);
    // ASCII allows up to 1 s between characters (Modbus over Serial Line v1.02 §2.5.2.1).
    this.afterTimeoutSilenceMs = options.afterTimeoutSilenceMs ?? 20;
    this.interCharTimeoutMs =
      options.interCharTimeoutMs ?? (this.kind === 'ascii' ? 1000 : this.kind === 'rtu' ? 50 : 200);
    this.broadcastTurnaroundMs = options.broadcastTurnaroundMs ?? 100;
  }

  private wireMs(bytes: number): number {
    return this.options.timing?.wireMs(bytes) ?? 0;
  }

  /** {@inheritDoc ModbusTransport.exchange} */
  async exchange(request: TransportRequest): Promise<Uint8Array> {
    if (this.pending) {
      throw modbusError(
        'MODBUS_INVALID_ARGUMENT',
        `${this.lineName}: an RTU line carries one request at a time; queue through the bus`,
        {
          line: this.lineName,
        },
      );
    }
    await this.waitForSilence(request);
    const frame = this.framing.encode(request.unit, request.pdu);

    const broadcast = request.unit === 0;
    const sentAt = nowMs();
    const txEnd = sentAt + this.wireMs(frame.length);
    this.lineFreeAt = txEnd + (broadcast ? this.broadcastTurnaroundMs : this.silenceMs);
    this.counts.bytesOut += frame.length;
    if (broadcast) {
      await this.link.write(frame);
      return new Uint8Array(0);
    }
    const responseBytes = this.framing.frameBytes(expectedResponseLength(request.pdu));
    const waitMs = txEnd - sentAt + request.timeoutMs + this.wireMs(responseBytes);
    const result = new Promise<Uint8Array>((resolve, reject) => {
      this.pending = {
        unit: request.unit,
        resolve,
        reject,
        deadlineTimer: setTimeout(() => this.onDeadline(), waitMs),
        silenceTimer: undefined,
      };
    });
    try {
      await this.link.write(frame);
    } catch (error) {
      this.failPending(error as Error);
    }
    return result;
  }

  /**
   * Waits until the line has been silent for the inter-frame gap since our last frame and since the last
   * byte received; anything that arrived meanwhile is stale (late, garbage, unsolicited) and dropped.
   */
  private async waitForSilence(request: TransportRequest): Promise<void> {
    // Our own turnaround waits are known; only bytes from elsewhere can keep the line busy for long.
    const giveUpAt = Math.max(nowMs(), this.lineFreeAt) + request.timeoutMs;
    for (;;) {
      const readyAt = Math.max(this.lineFreeAt, this.lastRxAt + this.silenceMs);
      const now = nowMs();
      const wait = readyAt - now;
      if (wait <= 0) break;
      if (now > giveUpAt) {
        this.counts.unsolicitedBytes += this.received.clear();
        throw modbusError(
          'MODBUS_TIMEOUT',
          `${this.lineName}: the line never fell silent for ${this.silenceMs.toFixed(2)} ms within ${request.timeoutMs} ms; is another master or a babbling device on it?`,
          { line: this.lineName, unit: request.unit, waitingForSilence: true },
        );
      }
      await sleepAtLeast(Math.min(wait, giveUpAt - now + 1));
    }
    if (this.received.length > 0) {
      this.counts.unsolicitedBytes += this.received.clear();
      this.counts.resyncs++;
    }
  }

  protected onData(chunk: Uint8Array): void {
    this.lastRxAt = nowMs();
    this.counts.bytesIn += chunk.length;
    this.received.append(chunk);
    if (this.pending) this.tryCompleteFrame(this.pending);
  }

  private tryCompleteFrame(pending: PendingExchange): void {
    const frameLength = this.framing.frameLength(this.received.bytes, this.received.length);
    if (frameLength === undefined || frameLength === null || this.received.length < frameLength)
      this.armSilenceTimer(pending);
    else this.finishFrame(pending, frameLength);
  }

  /** Judges the first `frameLength` received bytes as the response; later bytes wait for the resync. */
  private finishFrame(pending: PendingExchange, frameLength: number): void {
    const frame = this.received.bytes.slice(0, frameLength);
    this.received.consume(frameLength);
    this.settle(pending);
    const decoded = this.framing.decode(frame);
    if (!decoded) {
      const check = this.framing.name === 'ascii' ? 'LRC' : 'CRC';
      pending.reject(
        modbusError(
          'MODBUS_CRC',
          `${this.lineName}: response to unit ${pending.unit} failed the ${check} check`,
          {
            line: this.lineName,
            unit: pending.unit,
            frame: hex(frame),
          },
        ),
      );
      return;
    }
    if (decoded.unit !== pending.unit) {
      pending.reject(
        modbusError(
          'MODBUS_WRONG_UNIT',
          `${this.lineName}: asked unit ${pending.unit}, unit ${decoded.unit} answered`,
          {
            line: this.lineName,
            unit: pending.unit,
            received: decoded.unit,
          },
        ),
      );
      return;
    }
    pending.resolve(decoded.pdu);
  }

  private armSilenceTimer(pending: PendingExchange): void {
    if (this.received.length === 0) return;
    if (pending.silenceTimer) clearTimeout(pending.silenceTimer);
    pending.silenceTimer = setTimeout(() => this.onSilence(pending), this.interCharTimeoutMs);
  }

  /** Bytes stopped mid-frame: a frame of unknown length ends here, a frame of known length is truncated. */
  private onSilence(pending: PendingExchange): void {
    if (this.pending !== pending) return;
    const knownLength = this.framing.frameLength(this.received.bytes, this.received.length);
    if (knownLength === null && this.received.length >= this.framing.minFrameBytes) {
      this.finishFrame(pending, this.received.length);
      return;
    }
    this.failTruncated(pending);
  }

  private onDeadline(): void {
    const pending = this.pending;
    if (!pending) return;
    if (this.received.length > 0) {
      this.failTruncated(pending);
      return;
    }
    this.settle(pending);
    this.lineFreeAt = Math.max(this.lineFreeAt, nowMs() + this.afterTimeoutSilenceMs);
    pending.reject(
      modbusError('MODBUS_TIMEOUT', `${this.lineName}: unit ${pending.unit} did not answer in time`, {
        line: this.lineName,
        unit: pending.unit,
      }),
    );
  }

  private failTruncated(pending: PendingExchange): void {
    const received = this.received.bytes.slice(0, this.received.length);
    // The partial bytes stay in the buffer: the next waitForSilence() discards and counts them.
    this.settle(pending);
    pending.reject(
      modbusError(
        'MODBUS_TRUNCATED',
        `${this.lineName}: response from unit ${pending.unit} stopped after ${received.length} byte(s)`,
        { line: this.lineName, unit: pending.unit, frame: hex(received) },
      ),
    );
  }

  private settle(pending: PendingExchange): void {
    clearTimeout(pending.deadlineTimer);
    if (pending.silenceTimer) clearTimeout(pending.silenceTimer);
    if (this.pending === pending) this.pending = undefined;
  }

  protected failPending(error: Error): void {
    const pending = this.pending;
    if (!pending) return;
    this.settle(pending);
    pending.reject(error);
  }

  protected clearReceived(): void {
    this.received.clear();
  }
}
