import { isAbsolute, resolve } from 'node:path';
import { componentTypes, findByCode, findByName } from '@firecode/schema';
import { didYouMean } from './did-you-mean.js';
import type { ConfigIssue } from './issues.js';
import type { ProfileCatalog } from './profile-catalog.js';
import type {
  BusConfig,
  PanelPointConfig,
  PointOverride,
  RawGatewayConfig,
  ReportOverride,
} from './schema.js';

/** What the reference checks need from outside the document. */
export interface ReferenceContext {
  /** Folder relative paths in the file are resolved against (the config file's folder). */
  baseDir: string;
  /** Whether a file or folder exists and can be read. */
  pathExists(path: string): boolean;
  /** Known device profiles; `undefined` skips the profile checks (with a warning). */
  profiles: ProfileCatalog | undefined;
}

/** Errors make the configuration unusable; warnings are printed by `check` and logged by `run`. */
export interface ReferenceFindings {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

const mqttProtocols = ['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:', 'ssl:'];

/** Checks what needs the whole document or the outside world: references, duplicates, files, URLs. */
export function checkReferences(config: RawGatewayConfig, context: ReferenceContext): ReferenceFindings {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  checkBuses(config, errors);
  checkDevices(config, context, errors, warnings);
  checkPanels(config, errors);
  checkUplink(config, context, errors, warnings);
  checkMetrics(config, errors, warnings);
  checkProfileDirs(config, context, errors);
  return { errors, warnings };
}

/** Resolves a path written in the file against the file's folder. */
export function resolveConfigPath(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

/** Two bus entries for one physical line would put two schedulers on it: requests would collide. */
function physicalLine(bus: BusConfig): string {
  return bus.kind === 'rtu' ? `serial ${bus.path}` : `${bus.host}:${bus.port}`;
}

function checkBuses(config: RawGatewayConfig, errors: ConfigIssue[]): void {
  const ids = new Map<string, number>();
  const lines = new Map<string, number>();
  config.buses.forEach((bus, index) => {
    const first = ids.get(bus.id);
    if (first !== undefined) {
      errors.push({
        path: ['buses', index, 'id'],
        message: `bus id "${bus.id}" is already used by buses[${first}]`,
        hint: 'give every bus its own id',
      });
    } else ids.set(bus.id, index);
    const line = physicalLine(bus);
    const sameLine = lines.get(line);
    if (sameLine !== undefined && bus.kind !== 'tcp') {
      errors.push({
        path: ['buses', index, bus.kind === 'rtu' ? 'path' : 'host'],
        message: `buses[${sameLine}] already drives the line ${line}`,
        hint: 'one RS-485 line is one bus: put all its devices on the same bus entry',
      });
    } else lines.set(line, index);
    checkReportOverride(bus.report, ['buses', index, 'report'], errors);
    if (bus.breaker && bus.breaker.probeIntervalMs > bus.breaker.maxProbeIntervalMs) {
      errors.push({
        path: ['buses', index, 'breaker', 'probeIntervalMs'],
        message: `probeIntervalMs ${bus.breaker.probeIntervalMs} is above maxProbeIntervalMs ${bus.breaker.maxProbeIntervalMs}`,
        hint: 'the first probe comes after probeIntervalMs and the wait doubles up to maxProbeIntervalMs: make probeIntervalMs the smaller',
      });
    }
  });
}

function checkReportOverride(
  report: ReportOverride | PointOverride | undefined,
  path: (string | number)[],
  errors: ConfigIssue[],
): void {
  if (report?.strategy === 'deadband' && report.deadband === 0) {
    errors.push({
      path: [...path, 'deadband'],
      message: 'strategy "deadband" with a deadband of 0 reports every change',
      hint: 'set a deadband above 0, or use strategy "on-change"',
    });
  }
}

function checkDevices(
  config: RawGatewayConfig,
  context: ReferenceContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): void {
  const busIds = config.buses.map((b) => b.id);
  const ids = new Map<string, number>();
  const units = new Map<string, number>();
  if (context.profiles === undefined && config.devices.length > 0) {
    warnings.push({
      path: ['devices'],
      message: 'profile ids were not checked: no profile registry is available',
      hint: 'the gateway will report unknown profiles when it starts',
    });
  }
  config.devices.forEach((device, index) => {
    const first = ids.get(device.id);
    if (first !== undefined) {
      errors.push({
        path: ['devices', index, 'id'],
        message: `device id "${device.id}" is already used by devices[${first}]`,
        hint: 'give every device its own id: it names its points on the wire',
      });
    } else ids.set(device.id, index);

    if (!busIds.includes(device.bus)) {
      const panel = config.panels.findIndex((p) => p.id === device.bus);
      errors.push({
        path: ['devices', index, 'bus'],
        message: `bus "${device.bus}" is not defined`,
        hint:
          panel >= 0
            ? `"${device.bus}" is panels[${panel}], a fire panel on its own serial port: devices hang on Modbus buses, a panel's points go under its "panelPoints:"`
            : busIds.length > 0
              ? didYouMean(device.bus, busIds)
              : 'define the bus under "buses:"',
      });
    } else if (device.enabled) {
      const key = `${device.bus}/${device.unit}`;
      const other = units.get(key);
      if (other !== undefined) {
        errors.push({
          path: ['devices', index, 'unit'],
          message: `unit ${device.unit} on bus "${device.bus}" is already devices[${other}]`,
          hint: 'two devices cannot share a unit id on one line: set a different address on one of them',
        });
      } else units.set(key, index);
    }

    const pointIds = context.profiles?.pointIds(device.profile);
    if (context.profiles !== undefined && pointIds === undefined) {
      errors.push({
        path: ['devices', index, 'profile'],
        message: `profile "${device.profile}" is not known`,
        hint: `${didYouMean(device.profile, context.profiles.ids())} (list them with \`firecode-gateway profiles\`)`,
      });
    }
    if (device.loops !== undefined && context.profiles !== undefined && pointIds !== undefined) {
      const range = context.profiles.panelLoops?.(device.profile);
      if (range === undefined) {
        errors.push({
          path: ['devices', index, 'loops'],
          message: `profile "${device.profile}" is not a fire panel: it has no loops`,
          hint: 'remove "loops"',
        });
      } else {
        device.loops.forEach((loop, loopIndex) => {
          if (loop < range.min || loop > range.max) {
            errors.push({
              path: ['devices', index, 'loops', loopIndex],
              message: `loop ${loop} is outside the loops ${range.min}-${range.max} of profile "${device.profile}"`,
              hint: `use loop numbers ${range.min}-${range.max}`,
            });
          }
        });
      }
    }
    checkPanelPoints(device, index, context, errors);
    checkReportOverride(device.report, ['devices', index, 'report'], errors);
    for (const [pointId, override] of Object.entries(device.overrides?.points ?? {})) {
      const path = ['devices', index, 'overrides', 'points', pointId];
      if (pointIds !== undefined && pointIds.length > 0 && !pointIds.includes(pointId)) {
        errors.push({
          path,
          at: 'key',
          message: `profile "${device.profile}" has no point "${pointId}"`,
          hint: didYouMean(pointId, pointIds),
        });
      }
      if (override.low !== undefined && override.high !== undefined && override.low >= override.high) {
        errors.push({
          path: [...path, 'low'],
          message: `low threshold ${override.low} is not below high threshold ${override.high}`,
          hint: 'swap them, or remove one',
        });
      }
      checkReportOverride(override, path, errors);
    }
    const bus = config.buses.find((b) => b.id === device.bus);
    if (bus !== undefined) {
      if (device.pollIntervalMs < bus.timeoutMs) {
        warnings.push({
          path: ['devices', index, 'pollIntervalMs'],
          message: `poll interval ${device.pollIntervalMs} ms is shorter than the bus timeout (${bus.timeoutMs} ms)`,
          hint: 'while the device does not answer it will be polled less often than configured',
        });
      }
    }
  });
}

function checkUplink(
  config: RawGatewayConfig,
  context: ReferenceContext,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): void {
  const { uplink } = config;
  let url: URL | undefined;
  try {
    url = new URL(uplink.url);
  } catch {
    errors.push({
      path: ['uplink', 'url'],
      message: `"${uplink.url}" is not a URL`,
      hint: 'write e.g. mqtts://broker.example.com:8883 or mqtt://127.0.0.1:1883',
    });
  }
  if (url !== undefined) {
    if (!mqttProtocols.includes(url.protocol)) {
      errors.push({
        path: ['uplink', 'url'],
        message: `"${url.protocol}" is not an MQTT transport`,
        hint: `use one of ${mqttProtocols.map((p) => p.replace(':', '://')).join(', ')}`,
      });
    }
    if (url.hostname === '') {
      errors.push({
        path: ['uplink', 'url'],
        message: 'the URL has no host',
        hint: 'write mqtts://host:port',
      });
    }
    if (url.username !== '' || url.password !== '') {
      errors.push({
        path: ['uplink', 'url'],
        message: 'the URL carries credentials',
        hint: 'remove them from the URL; use uplink.username and uplink.password (env: or file:)',
      });
    }
    const secure = url.protocol === 'mqtts:' || url.protocol === 'wss:' || url.protocol === 'ssl:';
    if (!secure && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      warnings.push({
        path: ['uplink', 'url'],
        message: `${url.protocol}// sends alarms and the password unencrypted over the network`,
        hint: 'use mqtts:// (TLS) for a broker outside this machine',
      });
    }
    if (!secure && uplink.tls !== undefined) {
      errors.push({
        path: ['uplink', 'tls'],
        message: `TLS files are given but the URL is ${url.protocol}//`,
        hint: 'use mqtts:// or wss://, or remove "tls"',
      });
    }
  }
  const tls = uplink.tls;
  if (tls !== undefined) {
    for (const key of ['ca', 'cert', 'key'] as const) {
      const file = tls[key];
      if (file !== undefined && !context.pathExists(resolveConfigPath(context.baseDir, file))) {
        errors.push({
          path: ['uplink', 'tls', key],
          message: `file ${resolveConfigPath(context.baseDir, file)} does not exist or cannot be read`,
          hint: "fix the path (relative paths start at the config file's folder) or the file permissions",
        });
      }
    }
    if ((tls.cert === undefined) !== (tls.key === undefined)) {
      errors.push({
        path: ['uplink', 'tls', tls.cert === undefined ? 'key' : 'cert'],
        message: 'a client certificate needs both "cert" and "key"',
        hint: `add "${tls.cert === undefined ? 'cert' : 'key'}:"`,
      });
    }
    if (!tls.rejectUnauthorized) {
      warnings.push({
        path: ['uplink', 'tls', 'rejectUnauthorized'],
        message: "the broker's certificate is not verified",
        hint: 'give the broker\'s CA in "ca:" and remove rejectUnauthorized: false',
      });
    }
  }
  if (uplink.password !== undefined && uplink.username === undefined) {
    errors.push({
      path: ['uplink', 'password'],
      message: 'a password without a username',
      hint: 'add "username:"',
    });
  }
}

function checkMetrics(config: RawGatewayConfig, errors: ConfigIssue[], warnings: ConfigIssue[]): void {
  const { host, port } = splitListen(config.metrics.listen);
  if (!(port >= 1 && port <= 65535)) {
    errors.push({
      path: ['metrics', 'listen'],
      message: `port ${port} is out of range 1-65535`,
      hint: 'use e.g. 127.0.0.1:9464 (the Prometheus port registered for this exporter)',
    });
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    warnings.push({
      path: ['metrics', 'listen'],
      message: `metrics listen on ${host}, reachable from the network`,
      hint: 'keep them on 127.0.0.1 and let a local Prometheus agent or an SSH tunnel fetch them',
    });
  }
}

/** `127.0.0.1:9464` or `[::1]:9464` into host and port. */
export function splitListen(listen: string): { host: string; port: number } {
  const cut = listen.lastIndexOf(':');
  const host = listen.slice(0, cut).replace(/^\[|\]$/g, '');
  return { host, port: Number(listen.slice(cut + 1)) };
}

function checkProfileDirs(config: RawGatewayConfig, context: ReferenceContext, errors: ConfigIssue[]): void {
  config.profiles?.dirs.forEach((dir, index) => {
    const full = resolveConfigPath(context.baseDir, dir);
    if (!context.pathExists(full)) {
      errors.push({
        path: ['profiles', 'dirs', index],
        message: `profile folder ${full} does not exist`,
        hint: 'fix the path or remove the entry',
      });
    }
  });
}

/** Commissioned panel points: a panel profile, loops it polls, known component types, no point twice. */
function checkPanelPoints(
  device: RawGatewayConfig['devices'][number],
  index: number,
  context: ReferenceContext,
  errors: ConfigIssue[],
): void {
  if (device.panelPoints === undefined) return;
  const range = context.profiles?.panelLoops?.(device.profile);
  if (
    context.profiles !== undefined &&
    context.profiles.pointIds(device.profile) !== undefined &&
    range === undefined
  ) {
    errors.push({
      path: ['devices', index, 'panelPoints'],
      message: `profile "${device.profile}" is not a fire panel: it has no panel points`,
      hint: 'remove "panelPoints"',
    });
    return;
  }
  const polled = device.loops ?? (range ? undefined : []);
  checkPanelPointEntries(device.panelPoints, ['devices', index, 'panelPoints'], errors);
  device.panelPoints.forEach((point, pointIndex) => {
    const path = ['devices', index, 'panelPoints', pointIndex];
    if (range && (point.loop < range.min || point.loop > range.max)) {
      errors.push({
        path: [...path, 'loop'],
        message: `loop ${point.loop} is outside the loops ${range.min}-${range.max} of profile "${device.profile}"`,
        hint: `use loop numbers ${range.min}-${range.max}`,
      });
    } else if (polled !== undefined && polled.length > 0 && !polled.includes(point.loop)) {
      errors.push({
        path: [...path, 'loop'],
        message: `loop ${point.loop} is not polled (loops: [${polled.join(', ')}])`,
        hint: `add ${point.loop} to "loops" or fix the loop number`,
      });
    }
  });
}

/** What holds for every commissioned point list (Modbus panel device or serial panel): no point twice, known types. */
function checkPanelPointEntries(
  points: readonly PanelPointConfig[],
  listPath: (string | number)[],
  errors: ConfigIssue[],
): void {
  const seen = new Set<string>();
  points.forEach((point, pointIndex) => {
    const path = [...listPath, pointIndex];
    const key = `${point.loop}-${point.address}`;
    if (seen.has(key)) {
      errors.push({
        path,
        message: `loop ${point.loop} address ${point.address} is listed twice`,
        hint: 'keep one entry per panel point',
      });
    }
    seen.add(key);
    if (resolveComponentType(point.type) === undefined) {
      errors.push({
        path: [...path, 'type'],
        message: `"${point.type}" is not a GB/T 26875.3 component type`,
        hint: `use a code or name from docs/schema-reference.md, e.g. 40 or "smoke-detector"; ${didYouMean(
          String(point.type),
          componentTypes.map((t) => t.name),
        )}`,
      });
    }
  });
}

/**
 * Serial panels: ids unique among panels and devices (both are catalog components), one owner per
 * serial port (a panel's port shared with a Modbus line or another panel would garble both), sane
 * reopen backoff, commissioned points, and something to read at all.
 */
function checkPanels(config: RawGatewayConfig, errors: ConfigIssue[]): void {
  if (config.buses.length === 0 && config.panels.length === 0) {
    errors.push({
      path: ['buses'],
      message: 'no buses and no panels: the gateway would read nothing',
      hint: 'add a Modbus line under "buses:" or a fire panel under "panels:"',
    });
  }
  const deviceIds = new Map(config.devices.map((d, index) => [d.id, index]));
  const panelIds = new Map<string, number>();
  const ports = new Map<string, string>();
  config.buses.forEach((bus, index) => {
    if (bus.kind === 'rtu') ports.set(bus.path, `buses[${index}]`);
  });
  config.panels.forEach((panel, index) => {
    const device = deviceIds.get(panel.id);
    const first = panelIds.get(panel.id);
    if (first !== undefined || device !== undefined) {
      errors.push({
        path: ['panels', index, 'id'],
        message: `panel id "${panel.id}" is already used by ${first !== undefined ? `panels[${first}]` : `devices[${device}]`}`,
        hint: 'give every panel and device its own id: it names the component on the wire',
      });
    } else panelIds.set(panel.id, index);
    if (panel.enabled) {
      const owner = ports.get(panel.path);
      if (owner !== undefined) {
        errors.push({
          path: ['panels', index, 'path'],
          message: `${owner} already uses the serial port ${panel.path}`,
          hint: 'a panel needs its own serial port: give it another adapter, or fix the path',
        });
      } else ports.set(panel.path, `panels[${index}]`);
    }
    if (panel.reopenMinMs > panel.reopenMaxMs) {
      errors.push({
        path: ['panels', index, 'reopenMinMs'],
        message: `reopenMinMs ${panel.reopenMinMs} is above reopenMaxMs ${panel.reopenMaxMs}`,
        hint: 'the first wait before reopening the port must not exceed the longest one: swap them',
      });
    }
    if (panel.panelPoints !== undefined) {
      checkPanelPointEntries(panel.panelPoints, ['panels', index, 'panelPoints'], errors);
    }
  });
}

/** A component type given as a code or a name (machine name, English or Chinese) → its code. */
export function resolveComponentType(type: number | string): number | undefined {
  return (typeof type === 'number' ? findByCode(componentTypes, type) : findByName(componentTypes, type))
    ?.code;
}
