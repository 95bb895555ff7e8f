/**
 * The status a data batch carries (body key 3): the same fields from a gateway and from a vendor's
 * device on the SDK. The spec's table (docs/wire-format.md, "Batch status") is checked against
 * {@link BATCH_STATUS_FIELDS} and against real messages by `test/wire-status-spec.test.ts`, so a field
 * renamed here and not there (or the other way round) fails the build.
 */
export interface BatchStatus {
  /**
   * The GB/T 26875.3 transmission-device status byte when the batch was built: bit 0 normal, 1 fire
   * alarm, 2 fault, 3 main power fault, 4 backup power fault, 5 link to the centre down, 6
   * monitoring line fault (`decodeTransmissionStatus` in `@firecode/schema`).
   */
  readonly transmissionStatus: number;
  /** Messages the sender's outbox dropped since the device started (evicted or refused), all classes. */
  readonly droppedTotal: number;
  /** Messages dropped since the previous batch; present only when some were. */
  readonly droppedMessages?: number;
  /** Their bytes (record headers included); present only when some were dropped. */
  readonly droppedBytes?: number;
}

/** One field of {@link BatchStatus} as the spec lists it. */
export interface BatchStatusField {
  readonly name: keyof BatchStatus;
  /** CBOR type: all are unsigned integers. */
  readonly type: 'uint';
  /** `always`, or `when dropped` (only when messages were dropped since the previous batch). */
  readonly presence: 'always' | 'when dropped';
}

/** Every field of {@link BatchStatus}, in the order of the spec's table. */
export const BATCH_STATUS_FIELDS: readonly BatchStatusField[] = [
  { name: 'transmissionStatus', type: 'uint', presence: 'always' },
  { name: 'droppedTotal', type: 'uint', presence: 'always' },
  { name: 'droppedMessages', type: 'uint', presence: 'when dropped' },
  { name: 'droppedBytes', type: 'uint', presence: 'when dropped' },
];
