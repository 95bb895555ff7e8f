import { createProfileRegistry, profiles } from '@firecode/devices';
import { isFirecodeError } from '@firecode/schema';
import type { Command } from 'commander';
import type { GatewayConfig, Gb26875Config } from '../../config/gateway-config.js';
import { formatConfigIssue, type LocatedConfigIssue } from '../../config/issues.js';
import { loadConfigWithWarnings, type ParsedConfig } from '../../config/parse.js';
import type { BusConfig, DeviceConfig } from '../../config/schema.js';
import { costModelOf } from '../../runtime/stages/buses/open-bus.js';
import type { CliDeps } from '../deps.js';
import { ExitCode, type ExitCodeValue, exitCodesHelp } from '../exit-codes.js';
import { writeJson } from '../io.js';
import { estimateLineLoad, type LineLoad, type PlannedRead, tcpFrameBytes } from '../line-utilisation.js';
import { type PlanSelection, type ReadPlanSource, readPlansFromRegistry } from '../read-plans.js';

/** The read plan and load of one bus, as `check --json` prints it. */
export interface BusReport {
  id: string;
  kind: BusConfig['kind'];
  line: string;
  /** Serial lines only (rtu, rtu-over-tcp): estimated share of the line's time in use, 1 = saturated. */
  utilisation?: number;
  requestsPerSecond?: number;
  /** Modbus TCP only: bytes per second both ways. */
  bytesPerSecond?: number;
  devices: {
    id: string;
    unit: number;
    profile: string;
    pollIntervalMs: number;
    requests?: PlannedRead[];
    pollTimeMs?: number;
    utilisation?: number;
    problem?: string;
  }[];
}

function describeLine(bus: BusConfig): string {
  const framing = (b: { baud: number; dataBits: number; parity: string; stopBits: number }) =>
    `${b.baud} ${b.dataBits}${b.parity[0]!.toUpperCase()}${b.stopBits}`;
  if (bus.kind === 'rtu') return `serial ${bus.path} ${framing(bus)}`;
  if (bus.kind === 'rtu-over-tcp') return `rtu-over-tcp ${bus.host}:${bus.port}, serial side ${framing(bus)}`;
  return `tcp ${bus.host}:${bus.port}`;
}

/** The points a device polls (all but the disabled ones) and its panel loops. */
function selectionOf(device: DeviceConfig): PlanSelection {
  const disabledPoints = Object.entries(device.overrides?.points ?? {})
    .filter(([, override]) => override.disabled === true)
    .map(([id]) => id);
  return { disabledPoints, ...(device.loops === undefined ? {} : { loops: device.loops }) };
}

/** Each bus's devices, their read plans and the line utilisation they cause. */
export function busReports(config: GatewayConfig, plans: ReadPlanSource): BusReport[] {
  return config.buses.map((bus) => {
    const devices = config.devices.filter((d) => d.bus === bus.id && d.enabled);
    const report: BusReport = {
      id: bus.id,
      kind: bus.kind,
      line: describeLine(bus),
      devices: devices.map((d) => ({
        id: d.id,
        unit: d.unit,
        profile: d.profile,
        pollIntervalMs: d.pollIntervalMs,
      })),
    };
    const planned = devices.map((d, index) => {
      const plan = plans.planFor(d.profile, selectionOf(d), costModelOf(bus));
      if (plan === undefined) report.devices[index]!.problem = `no read plan for profile "${d.profile}"`;
      return { device: d.id, plan: plan ?? [], pollIntervalMs: d.pollIntervalMs };
    });
    if (bus.kind === 'tcp') {
      let bytesPerSecond = 0;
      let requestsPerSecond = 0;
      planned.forEach((p, index) => {
        report.devices[index]!.requests = [...p.plan];
        for (const read of p.plan) {
          const { request, reply } = tcpFrameBytes(read);
          bytesPerSecond += ((request + reply) * 1000) / p.pollIntervalMs;
          requestsPerSecond += 1000 / p.pollIntervalMs;
        }
      });
      return { ...report, bytesPerSecond, requestsPerSecond };
    }
    const load: LineLoad = estimateLineLoad(planned, bus, bus.interRequestDelayMs);
    load.devices.forEach((d, index) => {
      Object.assign(report.devices[index]!, {
        requests: [...planned[index]!.plan],
        pollTimeMs: d.pollTimeMs,
        utilisation: d.utilisation,
      });
    });
    return { ...report, utilisation: load.utilisation, requestsPerSecond: load.requestsPerSecond };
  });
}

/** The GB/T 26875.3 uplink in one line, as `check` prints it. */
export function describeGb26875(gb: Gb26875Config): string {
  const quirks = gb.quirks.length > 0 ? gb.quirks.join(', ') : 'none';
  return (
    `GB/T 26875.3 uplink to ${gb.host}:${gb.port} as device ${gb.sourceAddress} → centre ${gb.destinationAddress}: ` +
    `heartbeat every ${gb.heartbeatSeconds} s, confirm within ${gb.timeoutMs} ms, ${gb.retries} retries, ` +
    `quirks ${quirks}, check-in answered ${gb.checkIn.answer === 'auto' ? 'by the gateway' : `by a person within ${gb.checkIn.withinSeconds} s`}, ` +
    `queue ${gb.outbox.path} (${(gb.outbox.maxBytes / 1024 / 1024).toFixed(0)} MiB)`
  );
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

function printText(
  deps: CliDeps,
  file: string,
  config: GatewayConfig,
  warnings: LocatedConfigIssue[],
  buses: BusReport[],
) {
  const out = (line = '') => deps.io.stdout.write(`${line}\n`);
  out(
    `${file}: valid — building ${config.building.id}, gateway ${config.gateway.id}, ${config.buses.length} buses, ${config.devices.length} devices, ${config.panels.length} serial panels`,
  );
  for (const warning of warnings) out(`warning: ${formatConfigIssue(warning)}`);
  for (const bus of buses) {
    out();
    out(`bus ${bus.id} (${bus.line}): ${bus.devices.length} devices`);
    for (const d of bus.devices) {
      const reads = (d.requests ?? []).map((r) => `${r.table} ${r.address}+${r.count}`).join(', ');
      const cost =
        d.utilisation === undefined
          ? ''
          : `, ${d.pollTimeMs?.toFixed(1)} ms of line per poll = ${percent(d.utilisation)}`;
      out(
        `  ${d.id}  unit ${d.unit}  ${d.profile}  every ${d.pollIntervalMs} ms: ${d.requests?.length ?? 0} requests [${reads}]${cost}${d.problem ? `  (${d.problem})` : ''}`,
      );
    }
    if (bus.utilisation !== undefined) {
      out(
        `  line utilisation: ${percent(bus.utilisation)} (${bus.requestsPerSecond?.toFixed(1)} requests/s; frames and 3.5-character gaps, device processing time not included)`,
      );
      if (bus.utilisation > 1)
        out(
          '  warning: the line cannot keep up: polls will be late — raise pollIntervalMs, the baud rate, or split the line',
        );
      else if (bus.utilisation > 0.7)
        out('  warning: above 70 %: retries and slow devices will make polls late');
    } else if (bus.bytesPerSecond !== undefined) {
      out(
        `  ${bus.requestsPerSecond?.toFixed(1)} requests/s, ${(bus.bytesPerSecond / 1000).toFixed(2)} kB/s on the network`,
      );
    }
  }
  const gb = config.uplinks?.gb26875;
  if (gb) {
    out();
    out(describeGb26875(gb));
  }
  for (const panel of config.panels) {
    out();
    const commissioned = panel.panelPoints?.length ?? 0;
    out(
      `panel ${panel.id} (${panel.protocol} on ${panel.path}, ${panel.baud} baud)${panel.enabled ? '' : ' — disabled'}: ${commissioned} commissioned points`,
    );
  }
}

/** `check --config <file> [--json]` */
export function registerCheckCommand(
  program: Command,
  deps: CliDeps,
  setExit: (code: ExitCodeValue) => void,
): void {
  program
    .command('check')
    .description(
      'validate a configuration file and print the read plan and estimated line utilisation of each bus',
    )
    .requiredOption('-c, --config <file>', 'the gateway configuration (YAML)')
    .option('--json', 'print one JSON document on stdout (problems too, with exit code 2)')
    .addHelpText('after', exitCodesHelp)
    .action(async (options: { config: string; json?: boolean }) => {
      let parsed: ParsedConfig;
      try {
        parsed = await loadConfigWithWarnings(options.config, { env: deps.io.env });
      } catch (error) {
        if (options.json && isFirecodeError(error) && error.code.startsWith('GATEWAY_CONFIG_')) {
          const problems = (error.details?.issues as LocatedConfigIssue[] | undefined) ?? [
            { message: error.message },
          ];
          writeJson(deps.io, { ok: false, file: options.config, code: error.code, problems });
          setExit(ExitCode.usage);
          return;
        }
        throw error;
      }
      const registry = createProfileRegistry(parsed.profiles ?? profiles);
      const buses = busReports(parsed.config, readPlansFromRegistry(registry));
      if (options.json) {
        writeJson(deps.io, {
          ok: true,
          file: options.config,
          warnings: parsed.warnings,
          buses,
          config: parsed.config,
        });
      } else {
        printText(deps, options.config, parsed.config, parsed.warnings, buses);
      }
      setExit(ExitCode.ok);
    });
}
