import type { ByteLink } from './byte-link.js';
import { modbusError } from './errors.js';
import { emptyCounters, type TransportCounters } from './transport.js';

/**
 * What every transport over a {@link ByteLink} shares: opening and closing the link, counters, and
 * turning a link that closes by itself into MODBUS_DISCONNECTED for the pending exchanges and the
 * `onDisconnect` listeners (not on our own `close()`). Framing and matching are the subclass's.
 */
export abstract class LinkTransport {
  protected readonly counts: TransportCounters = emptyCounters();
  private closing = false;
  private readonly disconnectListeners: ((error: Error) => void)[] = [];

  constructor(protected readonly link: ByteLink) {
    link.setReceiver({ data: (chunk) => this.onData(chunk), closed: (error) => this.onLinkClosed(error) });
  }

  /** {@inheritDoc ModbusTransport.lineName} */
  get lineName(): string {
    return this.link.name;
  }

  /** {@inheritDoc ModbusTransport.isOpen} */
  get isOpen(): boolean {
    return this.link.isOpen;
  }

  /** {@inheritDoc ModbusTransport.open} */
  open(): Promise<void> {
    this.closing = false;
    return this.link.open();
  }

  /** {@inheritDoc ModbusTransport.close} */
  async close(): Promise<void> {
    this.closing = true;
    this.failPending(modbusError('MODBUS_CLOSED', `${this.lineName} was closed`, { line: this.lineName }));
    await this.link.close();
  }

  /** {@inheritDoc ModbusTransport.counters} */
  counters(): TransportCounters {
    return { ...this.counts };
  }

  /** {@inheritDoc ModbusTransport.onDisconnect} */
  onDisconnect(listener: (error: Error) => void): void {
    this.disconnectListeners.push(listener);
  }

  /** Bytes from the link. */
  protected abstract onData(chunk: Uint8Array): void;
  /** Fails every exchange still waiting for its answer. */
  protected abstract failPending(error: Error): void;
  /** Forgets partly received bytes (the link is gone, so is the frame). */
  protected abstract clearReceived(): void;

  /** Why the link closed: the link's own error, unless the subclass dropped it on purpose and knows better. */
  protected closeCause(linkError: Error | undefined): Error | undefined {
    return linkError;
  }

  private onLinkClosed(linkError?: Error): void {
    const error = this.closeCause(linkError);
    const reason = modbusError(
      'MODBUS_DISCONNECTED',
      `${this.lineName} closed: ${error?.message ?? 'closed'}`,
      { line: this.lineName },
      error,
    );
    this.failPending(reason);
    this.clearReceived();
    if (!this.closing) for (const listener of this.disconnectListeners) listener(reason);
  }
}
