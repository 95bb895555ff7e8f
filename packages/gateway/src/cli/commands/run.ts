import type { Command } from 'commander';
import type { GatewayConfig } from '../../config/gateway-config.js';
import { formatConfigIssue } from '../../config/issues.js';
import { loadConfigWithWarnings } from '../../config/parse.js';
import { createLogger, type Logger } from '../../observability/logger.js';
import { createGatewayMetrics } from '../../observability/metrics.js';
import {
  type HealthReport,
  type ObservabilityServer,
  startObservabilityServer,
} from '../../observability/server.js';
import type { CliDeps } from '../deps.js';
import { ExitCode, type ExitCodeValue, exitCodesHelp } from '../exit-codes.js';
import { guardProcess } from '../last-resort.js';

const healthStatuses = new Set(['ok', 'degraded', 'failing']);

/**
 * `/healthz` from the runtime's status: its `health` member when it has one shaped like a
 * HealthReport, otherwise "ok" (the process runs and answers).
 */
export function healthFromStatus(status: unknown): HealthReport {
  const health = (status as { health?: unknown } | null | undefined)?.health;
  if (
    typeof health === 'object' &&
    health !== null &&
    healthStatuses.has(String((health as HealthReport).status))
  ) {
    return health as HealthReport;
  }
  return { status: 'ok', checks: { runtime: { ok: true, detail: 'running' } } };
}

/** `run --config <file>`: the long-running gateway. */
export function registerRunCommand(
  program: Command,
  deps: CliDeps,
  setExit: (code: ExitCodeValue) => void,
): void {
  program
    .command('run')
    .description('run the gateway: poll the devices, publish over MQTT, serve /metrics and /healthz')
    .requiredOption('-c, --config <file>', 'the gateway configuration (YAML)')
    .addHelpText(
      'after',
      `
Signals: SIGHUP reloads the configuration (a bad file is logged and the running one kept);
SIGTERM and SIGINT flush the outbox, close the ports and exit 0.
${exitCodesHelp}`,
    )
    .action(async (options: { config: string }) => {
      const { config, warnings } = await loadConfigWithWarnings(options.config, { env: deps.io.env });
      const logger = createLogger({ level: config.logging.level, base: { gateway: config.gateway.id } });
      for (const warning of warnings)
        logger.warn({ issue: warning }, `configuration: ${formatConfigIssue(warning)}`);
      // Node's process metrics only when /metrics is served: their GC observer runs on every garbage
      // collection (a few per second at building scale), for figures nobody would read.
      const metrics = createGatewayMetrics(undefined, { processMetrics: config.metrics.enabled });
      const unguard = deps.lastResort
        ? guardProcess(deps.lastResort, logger, metrics.unhandledErrors)
        : () => {};
      const runtime = await deps.loadRuntime();
      const gateway = await runtime.startGateway(config, { logger, metrics });
      let server: ObservabilityServer | undefined;
      try {
        if (config.metrics.enabled) {
          server = await startObservabilityServer({
            listen: config.metrics.listen,
            metrics,
            health: () => healthFromStatus(gateway.status()),
          });
          logger.info({ url: server.url }, 'serving /metrics and /healthz');
        }
      } catch (error) {
        await gateway.stop();
        throw error;
      }
      logger.info({ config: config.source.file }, 'gateway running');
      await untilStopped(
        deps,
        logger,
        options.config,
        gateway,
        () => {
          metrics.configReloads.inc({ result: 'ok' });
        },
        () => {
          metrics.configReloads.inc({ result: 'rejected' });
        },
      );
      logger.info('stopping: flushing the outbox and closing the ports');
      try {
        await gateway.stop();
      } finally {
        await server?.close();
        unguard();
      }
      logger.info('stopped');
      setExit(ExitCode.ok);
    });
}

/** Waits for SIGTERM/SIGINT; reloads on SIGHUP, one reload at a time, keeping the old config on error. */
function untilStopped(
  deps: CliDeps,
  logger: Logger,
  file: string,
  gateway: { reload(next: GatewayConfig): Promise<void> },
  reloaded: () => void,
  rejected: () => void,
): Promise<void> {
  return new Promise((resolve) => {
    let reloading = Promise.resolve();
    const reload = () => {
      reloading = reloading.then(async () => {
        logger.info({ config: file }, 'SIGHUP: reloading the configuration');
        try {
          const { config, warnings } = await loadConfigWithWarnings(file, { env: deps.io.env });
          for (const warning of warnings)
            logger.warn({ issue: warning }, `configuration: ${formatConfigIssue(warning)}`);
          await gateway.reload(config);
          reloaded();
          logger.info('configuration reloaded');
        } catch (error) {
          rejected();
          logger.error({ err: error }, 'configuration reload rejected: the running configuration is kept');
        }
      });
    };
    const stop = () => {
      deps.signals.off('SIGHUP', reload);
      deps.signals.off('SIGTERM', stop);
      deps.signals.off('SIGINT', stop);
      // Let a reload in progress finish first: stopping half-way through one would lose its work.
      void reloading.then(resolve);
    };
    deps.signals.on('SIGHUP', reload);
    deps.signals.on('SIGTERM', stop);
    deps.signals.on('SIGINT', stop);
  });
}
