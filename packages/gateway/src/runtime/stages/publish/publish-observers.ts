import type { Publisher } from '@firecode/uplink';
import type { Logger } from '../../../observability/logger.js';
import type { GatewayMetrics } from '../../../observability/metrics.js';

/** Logs what the publisher reports and counts it in the metrics (publishes, drops, alarm latency). */
export function observePublisher(
  publisher: Publisher,
  logger: Logger,
  metrics: GatewayMetrics | undefined,
  now: () => number,
): void {
  publisher.on('connect', (info) =>
    logger.info({ url: info.url, protocol: info.protocolVersion }, 'uplink connected'),
  );
  publisher.on('offline', (info) =>
    logger.warn(
      { url: info.url, retryInMs: info.retryInMs, error: info.error?.message },
      'uplink offline, retrying',
    ),
  );
  // The uplink's errors and the messages the outbox did not accept (counted as refused drops too):
  // the gateway keeps running.
  publisher.on('error', (error) => {
    const code = (error as { code?: string }).code;
    if (code?.startsWith('OUTBOX_'))
      logger.error({ code, error: error.message }, 'message not accepted into the outbox');
    else logger.warn({ code, error: error.message }, 'uplink error');
  });
  publisher.on('drop', (report) => {
    logger.error(
      { cls: report.cls, reason: report.reason, messages: report.messages },
      'outbox dropped messages',
    );
    metrics?.outboxDropped.inc({ lane: report.cls, reason: report.reason }, report.messages);
  });
  publisher.on('delivered', (message) => {
    metrics?.publishes.inc({ lane: message.cls });
    metrics?.markPublished(now());
    if (message.cls === 'alarm' && message.raisedAt !== undefined) {
      metrics?.alarmLatency.observe((now() - message.raisedAt) / 1000);
    }
  });
}

/** Copies the outbox's depth and size into the metrics every second; returns the stop function. */
export function trackOutbox(publisher: Publisher, metrics: GatewayMetrics | undefined): () => void {
  const timer = setInterval(() => {
    const stats = publisher.uplink.stats().outbox;
    metrics?.outboxBytes.set(stats.bytes);
    for (const [lane, cls] of Object.entries(stats.byClass)) metrics?.outboxDepth.set({ lane }, cls.messages);
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
