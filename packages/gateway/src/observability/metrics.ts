import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The gateway's Prometheus metrics as typed handles: the runtime updates them, `/metrics` serves them.
 * Label names are part of the type, so a misspelt label is a compile error, not a silent new series.
 */
export interface GatewayMetrics {
  /** The registry `/metrics` serves. */
  readonly registry: Registry;
  /** Modbus requests sent, per bus. */
  readonly busRequests: Counter<'bus'>;
  /** Failed requests per bus and kind (`timeout`, `exception`, `crc`, `connection`, ...). */
  readonly busErrors: Counter<'bus' | 'kind'>;
  /** Share of time the line was busy with frames and gaps since the previous scrape, 0-1. */
  readonly busLineUtilisation: Gauge<'bus'>;
  /** 1 when the device answered its last poll, 0 when it is offline. */
  readonly deviceOnline: Gauge<'bus' | 'device'>;
  /** Messages waiting in the durable outbox, per priority lane (`alarm`, `routine`). */
  readonly outboxDepth: Gauge<'lane'>;
  /** Bytes the outbox holds on disk. */
  readonly outboxBytes: Gauge;
  /** Messages the outbox had to drop (overflow policy), per lane and reason: never silent. */
  readonly outboxDropped: Counter<'lane' | 'reason'>;
  /** Readings dropped before the outbox (e.g. a value that failed to encode), per reason. */
  readonly readingsDropped: Counter<'reason'>;
  /** Publishes acknowledged by the broker (QoS 1). */
  readonly publishes: Counter<'lane'>;
  /** Seconds from a fire alarm's detection (its reading time) to the broker's acknowledgement. */
  readonly alarmLatency: Histogram;
  /** Configuration reloads, by result (`ok`, `rejected`). */
  readonly configReloads: Counter<'result'>;
  /** Errors no code handled (`rejection`, `exception`): each one is a bug to report. */
  readonly unhandledErrors: Counter<'kind'>;
  /** Record a publish acknowledged now (or at `timeMs`); feeds `firecode_last_publish_age_seconds`. */
  markPublished(timeMs?: number): void;
  /**
   * Read `busRequests` and `busLineUtilisation` from the buses' own statistics at each scrape instead
   * of updating them by hand, e.g.
   * `metrics.trackBuses(() => [...buses].map(([id, bus]) => ({ bus: id, ...bus.stats() })))`.
   * The modbus package's `BusStats` has every field a sample needs.
   */
  trackBuses(source: () => Iterable<BusStatsSample>): void;
}

/** What {@link GatewayMetrics.trackBuses} reads from each bus (a subset of the modbus `BusStats`). */
export interface BusStatsSample {
  bus: string;
  /** Attempts put on the wire since the bus was created. */
  requests: number;
  /** Time with a request on the line since the bus was created, ms. */
  busyMs: number;
  /** Time since the bus was created, ms. */
  elapsedMs: number;
}

/** Options of {@link createGatewayMetrics}. */
export interface GatewayMetricsOptions {
  /** Also export Node's process metrics (RSS, CPU, event-loop lag); default true. */
  processMetrics?: boolean;
  /** Clock for the publish age, in ms; default `Date.now`. */
  now?: () => number;
}

/** Creates the gateway's metrics in `registry` (a new one by default). */
export function createGatewayMetrics(
  registry: Registry = new Registry(),
  options: GatewayMetricsOptions = {},
): GatewayMetrics {
  const now = options.now ?? Date.now;
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'firecode_' });
  // Before the first publish the age counts from start-up, so "never published" alerts like "stopped".
  let lastPublishMs = now();
  // Computed at scrape time: an age kept in a gauge would freeze exactly when publishing stops.
  new Gauge({
    name: 'firecode_last_publish_age_seconds',
    help: 'Seconds since the broker last acknowledged a publish (before the first one: since start-up).',
    registers,
    collect() {
      this.set(Math.max(0, (now() - lastPublishMs) / 1000));
    },
  });
  let busSource: (() => Iterable<BusStatsSample>) | undefined;
  const previousBusy = new Map<string, { busyMs: number; elapsedMs: number }>();
  return {
    registry,
    busRequests: new Counter({
      name: 'firecode_bus_requests_total',
      help: 'Modbus requests sent.',
      labelNames: ['bus'],
      registers,
      collect() {
        if (busSource === undefined) return;
        // The buses count for themselves: mirror their totals (a bus reopened on reload restarts at 0,
        // which Prometheus treats as a counter reset).
        this.reset();
        for (const sample of busSource()) this.inc({ bus: sample.bus }, Math.max(0, sample.requests));
      },
    }),
    busErrors: new Counter({
      name: 'firecode_bus_errors_total',
      help: 'Failed Modbus requests by kind.',
      labelNames: ['bus', 'kind'],
      registers,
    }),
    busLineUtilisation: new Gauge({
      name: 'firecode_bus_line_utilisation_ratio',
      help: 'Share of time the line is busy (frames and gaps) since the previous scrape, 0-1.',
      labelNames: ['bus'],
      registers,
      collect() {
        if (busSource === undefined) return;
        this.reset();
        for (const sample of busSource()) {
          const before = previousBusy.get(sample.bus);
          const span =
            before !== undefined && sample.elapsedMs > before.elapsedMs
              ? { busy: sample.busyMs - before.busyMs, elapsed: sample.elapsedMs - before.elapsedMs }
              : { busy: sample.busyMs, elapsed: sample.elapsedMs };
          previousBusy.set(sample.bus, { busyMs: sample.busyMs, elapsedMs: sample.elapsedMs });
          if (span.elapsed > 0)
            this.set({ bus: sample.bus }, Math.min(1, Math.max(0, span.busy / span.elapsed)));
        }
      },
    }),
    deviceOnline: new Gauge({
      name: 'firecode_device_online',
      help: '1 when the device answered its last poll, 0 when offline.',
      labelNames: ['bus', 'device'],
      registers,
    }),
    outboxDepth: new Gauge({
      name: 'firecode_outbox_messages',
      help: 'Messages waiting in the outbox.',
      labelNames: ['lane'],
      registers,
    }),
    outboxBytes: new Gauge({
      name: 'firecode_outbox_bytes',
      help: 'Bytes held by the outbox on disk.',
      registers,
    }),
    outboxDropped: new Counter({
      name: 'firecode_outbox_dropped_total',
      help: 'Messages dropped by the outbox overflow policy.',
      labelNames: ['lane', 'reason'],
      registers,
    }),
    readingsDropped: new Counter({
      name: 'firecode_readings_dropped_total',
      help: 'Readings dropped before reaching the outbox.',
      labelNames: ['reason'],
      registers,
    }),
    publishes: new Counter({
      name: 'firecode_publishes_total',
      help: 'Publishes acknowledged by the broker.',
      labelNames: ['lane'],
      registers,
    }),
    alarmLatency: new Histogram({
      name: 'firecode_alarm_latency_seconds',
      help: 'From a fire alarm reading to the broker acknowledgement.',
      // The law asks for 10 s end to end (GB 26875.1); the buckets resolve the sub-second range we aim at.
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 20],
      registers,
    }),
    configReloads: new Counter({
      name: 'firecode_config_reloads_total',
      help: 'Configuration reloads by result.',
      labelNames: ['result'],
      registers,
    }),
    unhandledErrors: new Counter({
      name: 'firecode_unhandled_errors_total',
      help: 'Errors that reached no handler, by kind (rejection: logged and survived; exception: logged, then exit 1).',
      labelNames: ['kind'],
      registers,
    }),
    markPublished(timeMs = now()) {
      lastPublishMs = timeMs;
    },
    trackBuses(source) {
      busSource = source;
      previousBusy.clear();
    },
  };
}
