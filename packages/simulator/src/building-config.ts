import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { simulatorError } from './errors.js';
import { formatPath, scenarioSchema } from './scenario-schema.js';

/** "host:port" → parts; port 0 means any free port. */
export function parseHostPort(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw simulatorError(
      'SIM_OPTIONS_INVALID',
      `"${text}" is not host:port (e.g. 127.0.0.1:1502, [::1]:1502)`,
    );
  }
  return { host: (match[1] ?? match[2]) as string, port };
}

const hostPort = z.string().refine((text) => {
  try {
    parseHostPort(text);
    return true;
  } catch {
    return false;
  }
}, 'use host:port, e.g. 127.0.0.1:1502');

/** A serial side: a device path, or `pty` for a fresh socat pty pair (the master end is printed). */
const serialSchema = z.strictObject({
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(9600),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
});

const deviceSchema = z.strictObject({
  /** Name scenarios use. */
  name: z.string().min(1),
  unit: z.number().int().min(1).max(255),
  /** Built-in device profile id (see `firecode-sim list`). */
  profile: z.string().min(1),
  /** Initial point values in canonical units. */
  points: z.record(z.string(), z.number()).default({}),
  /** Initial raw values of named registers. */
  registers: z.record(z.string(), z.number().int()).default({}),
  unmapped: z.enum(['exception', 'zero']).default('exception'),
});

const lineSchema = z
  .strictObject({
    name: z.string().optional(),
    /** Modbus TCP on host:port. */
    tcp: hostPort.optional(),
    /** RTU frames over TCP (serial device server) on host:port. */
    rtuOverTcp: hostPort.optional(),
    /** RTU on a serial port. */
    rtu: serialSchema.optional(),
    /**
     * Emulate the serial line's timing (RTU and RTU over TCP): true, or the slave's turnaround in ms
     * and, for RTU over TCP, the baud rate of the serial side behind the device server (default 9600).
     */
    timing: z
      .union([
        z.boolean(),
        z.strictObject({
          turnaroundMs: z.number().nonnegative().default(0),
          baudRate: z.number().int().positive().default(9600),
        }),
      ])
      .default(false),
    devices: z.array(deviceSchema).min(1),
  })
  .superRefine((line, ctx) => {
    const kinds = [line.tcp, line.rtuOverTcp, line.rtu].filter((k) => k !== undefined).length;
    if (kinds !== 1)
      ctx.addIssue({ code: 'custom', message: 'a line has exactly one of tcp, rtuOverTcp, rtu' });
    const units = line.devices.map((d) => d.unit);
    const duplicate = units.find((u, i) => units.indexOf(u) !== i);
    if (duplicate !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['devices'],
        message: `unit ${duplicate} is used twice on this line`,
      });
  });

const panelSchema = z.strictObject({
  name: z.string().min(1),
  protocol: z.enum(['ld128e', 'gst9000-printer']),
  ...serialSchema.shape,
  /** GST9000 printout location texts by "loop-address". */
  locations: z.record(z.string(), z.string()).optional(),
});

/** A simulated building: Modbus lines with devices, serial panels, and an optional scenario. */
export const buildingConfigSchema = z
  .strictObject({
    name: z.string().optional(),
    lines: z.array(lineSchema).default([]),
    panels: z.array(panelSchema).default([]),
    /** A scenario file (relative to the config file) or an inline scenario. */
    scenario: z.union([z.string(), scenarioSchema]).optional(),
  })
  .superRefine((config, ctx) => {
    const names = [
      ...config.lines.flatMap((l) => l.devices.map((d) => d.name)),
      ...config.panels.map((p) => p.name),
    ];
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined)
      ctx.addIssue({
        code: 'custom',
        message: `device name "${duplicate}" is used twice: names must be unique`,
      });
    if (names.length === 0)
      ctx.addIssue({ code: 'custom', message: 'nothing to simulate: add lines with devices, or panels' });
  });

/** A building config as written. */
export type BuildingConfigInput = z.input<typeof buildingConfigSchema>;
/** A validated building config. */
export type BuildingConfig = z.output<typeof buildingConfigSchema>;
/** One validated Modbus line. */
export type LineConfig = BuildingConfig['lines'][number];
/** One validated device. */
export type DeviceConfig = LineConfig['devices'][number];
/** One validated serial panel. */
export type PanelConfig = BuildingConfig['panels'][number];

/** Validates a building config; `SIM_CONFIG_INVALID` lists every problem with its path. */
export function parseBuildingConfig(input: unknown, where = 'building config'): BuildingConfig {
  const result = buildingConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
    throw simulatorError(
      'SIM_CONFIG_INVALID',
      `${where} is not a valid building config:\n${problems.join('\n')}`,
      {
        details: { where },
      },
    );
  }
  return result.data;
}

/** Reads a YAML/JSON building config; a scenario path in it is resolved against the file's folder. */
export function loadBuildingConfig(path: string): BuildingConfig {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw simulatorError(
      'SIM_CONFIG_INVALID',
      `cannot read building config ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const config = parseBuildingConfig(data, path);
  if (typeof config.scenario === 'string') config.scenario = resolve(dirname(path), config.scenario);
  return config;
}
