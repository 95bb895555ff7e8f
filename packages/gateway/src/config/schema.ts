import { panelProtocols as devicePanelProtocols } from '@firecode/devices';
import { quirkNames } from '@firecode/gb26875';
import { buildingUseClasses, idSchema, MAX_TRANSMISSION_ADDRESS } from '@firecode/schema';
import { PUBLISHER_DEFAULTS, PUBLISHER_LIMITS } from '@firecode/uplink';
import { z } from 'zod';

/**
 * The gateway configuration file's shape, as zod schemas. Every object is strict: a misspelt key is
 * an error with a did-you-mean, never silently ignored (an ignored `pollIntervalMS` would poll at the
 * default rate for years without anybody noticing).
 *
 * Cross-references (device.bus exists, profile ids, duplicate ids, secrets) are checked afterwards in
 * `references.ts`, because they need the whole document or the outside world.
 */

/** The report strategies a point can use (see the runtime's report filter). */
export const reportStrategies = ['on-change', 'deadband', 'period', 'on-change-or-period'] as const;
/** When a polled value is worth sending. */
export type ReportStrategy = (typeof reportStrategies)[number];

/** Serial line speeds the supported devices use (the baud codes of the transmitters' registers). */
export const baudRates = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

/** pino log levels, most severe first. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** A pino log level. */
export type LogLevel = (typeof logLevels)[number];

const port = z.number().int().min(1).max(65535);
const timeoutMs = z.number().int().min(10).max(60_000);
const hostName = z.string().min(1).max(253);

/** A secret is never written in the file itself: `env:VARIABLE` or `file:/absolute/path`. */
export const secretReferenceSchema = z
  .string()
  .regex(/^(env:[A-Za-z_][A-Za-z0-9_]*|file:\/.+)$/, 'must be a secret reference');

/** Report policy with every field optional: an override at bus, device or point level. */
export const reportOverrideSchema = z.strictObject({
  strategy: z.enum(reportStrategies).optional(),
  /** Absolute change in the point's canonical unit that counts as a change for `deadband`. */
  deadband: z.number().nonnegative().optional(),
  /** For `period` and `on-change-or-period`: report at least this often. */
  periodMs: z.number().int().min(100).max(86_400_000).optional(),
  /** Report an unchanged value after this long whatever the strategy; 0 turns the heartbeat off. */
  heartbeatMs: z.number().int().min(0).max(86_400_000).optional(),
});

/** The gateway-wide report policy: the defaults every override level starts from. */
export const reportSchema = z.strictObject({
  strategy: z.enum(reportStrategies).default('on-change-or-period'),
  deadband: z.number().nonnegative().default(0),
  periodMs: z.number().int().min(100).max(86_400_000).default(60_000),
  heartbeatMs: z.number().int().min(0).max(86_400_000).default(300_000),
});

const busCommon = {
  id: idSchema,
  /** How long to wait for a reply before the request counts as failed. */
  timeoutMs: timeoutMs.default(1000),
  /** Quiet time between two requests on the line; some slaves need it (EdgeX #108). */
  interRequestDelayMs: z.number().int().min(0).max(10_000).default(0),
  /** Retries of a failed request before the device counts as not answering. */
  retries: z.number().int().min(0).max(5).default(1),
  /**
   * When a device on the line counts as dead and how often it is probed: a dead device is skipped
   * (its requests fail at once) so it never stalls the others, and probed with one real request,
   * first after `probeIntervalMs`, doubling up to `maxProbeIntervalMs`.
   */
  breaker: z
    .strictObject({
      failureThreshold: z.number().int().min(1).max(100).default(3),
      probeIntervalMs: z.number().int().min(100).max(3_600_000).default(5000),
      maxProbeIntervalMs: z.number().int().min(100).max(3_600_000).default(60_000),
    })
    .optional(),
  report: reportOverrideSchema.optional(),
};

const serialLine = {
  baud: z.union(baudRates.map((b) => z.literal(b))).default(9600),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
};

/** A Modbus TCP device or gateway. */
export const tcpBusSchema = z.strictObject({
  ...busCommon,
  kind: z.literal('tcp'),
  host: hostName,
  port: port.default(502),
});

/** An RS-485 line on a serial port of this machine. */
export const rtuBusSchema = z.strictObject({
  ...busCommon,
  kind: z.literal('rtu'),
  /** Serial device, e.g. /dev/ttyUSB0 or /dev/serial/by-id/... (stable across reboots). */
  path: z.string().min(1),
  ...serialLine,
});

/** Modbus RTU frames tunnelled through a serial device server: the serial side still sets the pace. */
export const rtuOverTcpBusSchema = z.strictObject({
  ...busCommon,
  kind: z.literal('rtu-over-tcp'),
  host: hostName,
  port: port.default(502),
  ...serialLine,
});

/** One physical line, told apart by `kind`. */
export const busSchema = z.discriminatedUnion('kind', [tcpBusSchema, rtuBusSchema, rtuOverTcpBusSchema]);

/** Per-point overrides: alarm thresholds and report policy. */
export const pointOverrideSchema = z.strictObject({
  low: z.number().optional(),
  high: z.number().optional(),
  hysteresis: z.number().nonnegative().optional(),
  strategy: z.enum(reportStrategies).optional(),
  deadband: z.number().nonnegative().optional(),
  periodMs: z.number().int().min(100).max(86_400_000).optional(),
  heartbeatMs: z.number().int().min(0).max(86_400_000).optional(),
  /** Stop reading this point (e.g. a loop that is not wired). */
  disabled: z.boolean().optional(),
});

/** One commissioned fire-panel point. */
export const panelPointSchema = z.strictObject({
  loop: z.number().int().min(0).max(255),
  address: z.number().int().min(0).max(65535),
  /**
   * GB/T 26875.3 component type: its code (40) or its name ("smoke-detector", "Manual call point",
   * "感烟火灾探测器"); see docs/schema-reference.md.
   */
  type: z.union([z.number().int().min(0).max(255), z.string().min(1)]),
  /** Where it is, e.g. "2F corridor by stair B". */
  location: z.string().min(1).optional(),
});

/** One polled device. */
export const deviceSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1).optional(),
  /** Id of the bus the device hangs on. */
  bus: idSchema,
  /** Modbus unit id; 0 is broadcast and 248-255 are reserved, so 1-247. */
  unit: z.number().int().min(1).max(247),
  /** Device profile id from the profile registry. */
  profile: z.string().min(1),
  pollIntervalMs: z.number().int().min(100).max(86_400_000).default(1000),
  location: z
    .strictObject({
      floor: z.number().int().min(-20).max(300).optional(),
      zone: z.string().min(1).optional(),
      text: z.string().min(1).optional(),
    })
    .optional(),
  /** Panels only: the detection loops to poll (default: every loop the profile maps). */
  loops: z.array(z.number().int().min(0).max(255)).min(1).optional(),
  /**
   * Panels only: what sits at each point, from the panel's programming list. A panel's Modbus card
   * reports codes only; with this, a fire alarm says "smoke detector, 2F corridor" instead of "point".
   */
  panelPoints: z.array(panelPointSchema).optional(),
  report: reportOverrideSchema.optional(),
  overrides: z.strictObject({ points: z.record(z.string(), pointOverrideSchema).default({}) }).optional(),
  /** Keep the device in the file but do not poll it. */
  enabled: z.boolean().default(true),
});

/** Fire-panel serial protocols the gateway reads: the drivers registered in @firecode/devices. */
export const panelProtocols = devicePanelProtocols;
/** A fire-panel serial protocol id, e.g. `ld128e` (CRT poll port) or `gst9000-printer` (printer port). */
export type PanelProtocol = (typeof panelProtocols)[number];

/**
 * A fire alarm control panel read over its own serial port (CRT or printer port), not Modbus. One
 * port carries one panel, so the port settings live with the panel instead of a separate bus.
 */
export const panelSchema = z.strictObject({
  /** Component id of the panel: its events and catalog entry carry it. */
  id: idSchema,
  name: z.string().min(1).optional(),
  /** `ld128e`: the gateway polls (0x20) the CRT port; `gst9000-printer`: it listens to the printer port. */
  protocol: z.enum(panelProtocols),
  /** Serial device, e.g. /dev/ttyUSB1 or /dev/serial/by-id/... (stable across reboots). */
  path: z.string().min(1),
  ...serialLine,
  /** LD128E only: time between two polls; the vendor document says about 200 ms. */
  pollIntervalMs: z.number().int().min(50).max(10_000).default(200),
  /** LD128E only: polls without any answer before the panel counts as offline. */
  offlineAfterPolls: z.number().int().min(1).max(1000).default(5),
  /** GST9000 printer only: quiet time after which an unterminated printout is judged. */
  idleFlushMs: z.number().int().min(100).max(60_000).default(2000),
  /** First wait before reopening a port that failed or vanished; doubles up to `reopenMaxMs`. */
  reopenMinMs: z.number().int().min(50).max(600_000).default(1000),
  reopenMaxMs: z.number().int().min(50).max(3_600_000).default(30_000),
  /** GB/T 26875.3 system type of the panel's events (table 4); 1 is the fire alarm system. */
  systemType: z.number().int().min(0).max(255).default(1),
  location: z
    .strictObject({
      floor: z.number().int().min(-20).max(300).optional(),
      zone: z.string().min(1).optional(),
      text: z.string().min(1).optional(),
    })
    .optional(),
  /**
   * What sits at each loop/address, from the panel's programming list: events of a listed point carry
   * its component type and location; other points carry what the protocol says (or 0, general).
   */
  panelPoints: z.array(panelPointSchema).optional(),
  /** Keep the panel in the file but do not open its port. */
  enabled: z.boolean().default(true),
});

/** The MQTT uplink and its durable outbox. */
export const uplinkSchema = z.strictObject({
  /** Broker URL: mqtt://, mqtts://, ws:// or wss://. */
  url: z.string().min(1),
  /** MQTT client id; defaults to `firecode-<gateway id>`. */
  clientId: z.string().min(1).max(128).optional(),
  topicPrefix: z
    .string()
    .regex(
      /^[^#+/\s]+(\/[^#+/\s]+)*$/,
      'must be topic levels joined by "/", without "#", "+", spaces or empty levels',
    )
    .default(PUBLISHER_DEFAULTS.topicPrefix),
  keepaliveSec: z
    .number()
    .int()
    .min(PUBLISHER_LIMITS.keepaliveSeconds.min)
    .max(PUBLISHER_LIMITS.keepaliveSeconds.max)
    .default(PUBLISHER_DEFAULTS.keepaliveSeconds),
  tls: z
    .strictObject({
      /** PEM files; relative paths are resolved against the config file's folder. */
      ca: z.string().min(1).optional(),
      cert: z.string().min(1).optional(),
      key: z.string().min(1).optional(),
      rejectUnauthorized: z.boolean().default(true),
    })
    .optional(),
  /** Plain text or a secret reference (`env:VAR`, `file:/path`). */
  username: z.string().min(1).optional(),
  /** Only as a secret reference: `env:VAR` or `file:/path`. */
  password: secretReferenceSchema.optional(),
  outbox: z.strictObject({
    /** Folder of the durable outbox; relative paths resolve against the config file's folder. */
    path: z.string().min(1),
    /** Disk budget of the outbox, in bytes. */
    maxBytes: z
      .number()
      .int()
      .min(1024 * 1024)
      .default(256 * 1024 * 1024),
    /** fsync every write: survives power cuts at the cost of flash wear. */
    fsync: z.boolean().default(true),
  }),
});

/** A GB/T 26875.3 transmission-device address: 6 bytes, written as a decimal integer. */
const transmissionAddress = z.number().int().min(0).max(MAX_TRANSMISSION_ADDRESS);

/**
 * The GB/T 26875.3-2011 uplink to a city's fire remote-monitoring centre, beside MQTT (see
 * docs/gb26875.md). It has its own durable queue, so a centre that is down never holds MQTT back.
 */
export const gb26875UplinkSchema = z.strictObject({
  /** The monitoring centre's host name or address. */
  host: hostName,
  port,
  /** This gateway's address as the centre knows it (the user-information transmission device's). */
  sourceAddress: transmissionAddress,
  /** The centre's address; many centres accept 0. */
  destinationAddress: transmissionAddress.default(0),
  /** A link check (transmission-device status, type 21) when nothing else was sent for this long. */
  heartbeatSeconds: z.number().int().min(5).max(3600).default(30),
  /** How long to wait for a confirm before sending again; the standard recommends at most 10 s. */
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  /** Sends again after a timeout before the link is dropped and dialled anew (the standard: 3). */
  retries: z.number().int().min(0).max(10).default(3),
  /** Named vendor deviations the centre needs (docs/gb26875.md, "Quirks"); none by default. */
  quirks: z.array(z.enum(quirkNames)).default([]),
  /** Who answers the centre's check-in (查岗): the gateway at once, or a person within `withinSeconds`. */
  checkIn: z
    .strictObject({
      answer: z.enum(['auto', 'operator']).default('auto'),
      withinSeconds: z.number().int().min(1).max(3600).default(60),
    })
    .default({ answer: 'auto', withinSeconds: 60 }),
  /** Its own durable queue; default: the MQTT outbox's folder with `-gb26875` appended. */
  outbox: z
    .strictObject({
      path: z.string().min(1).optional(),
      maxBytes: z
        .number()
        .int()
        .min(1024 * 1024)
        .default(64 * 1024 * 1024),
    })
    .optional(),
});

/** The whole configuration file (see docs/configuration.md). */
export const gatewayConfigSchema = z.strictObject({
  building: z.strictObject({
    /** The building's fire-code id as issued by the programme. */
    id: z.string().min(1).max(64),
    name: z.string().min(1),
    address: z.string().min(1).optional(),
    height: z.number().positive().max(1000).optional(),
    useClass: z.enum(buildingUseClasses).optional(),
  }),
  gateway: z.strictObject({
    id: idSchema,
    name: z.string().min(1).optional(),
  }),
  /** Extra folders of device profiles (YAML/JSON) besides the built-in ones. */
  profiles: z.strictObject({ dirs: z.array(z.string().min(1)).default([]) }).optional(),
  /** Modbus lines; may be empty (`[]`) when the gateway reads only panels. */
  buses: z.array(busSchema),
  devices: z.array(deviceSchema).default([]),
  /** Fire panels read over their own serial protocols (CRT / printer ports). */
  panels: z.array(panelSchema).default([]),
  uplink: uplinkSchema,
  /** Uplinks beside MQTT, each fed the same events and readings. */
  uplinks: z.strictObject({ gb26875: gb26875UplinkSchema.optional() }).optional(),
  report: reportSchema.default({
    strategy: 'on-change-or-period',
    deadband: 0,
    periodMs: 60_000,
    heartbeatMs: 300_000,
  }),
  batch: z
    .strictObject({
      maxAgeMs: z
        .number()
        .int()
        .min(PUBLISHER_LIMITS.batchMaxAgeMs.min)
        .max(PUBLISHER_LIMITS.batchMaxAgeMs.max)
        .default(PUBLISHER_DEFAULTS.batch.maxAgeMs),
      maxReadings: z
        .number()
        .int()
        .min(PUBLISHER_LIMITS.batchMaxReadings.min)
        .max(PUBLISHER_LIMITS.batchMaxReadings.max)
        .default(PUBLISHER_DEFAULTS.batch.maxReadings),
    })
    .default({ ...PUBLISHER_DEFAULTS.batch }),
  logging: z.strictObject({ level: z.enum(logLevels).default('info') }).default({ level: 'info' }),
  metrics: z
    .strictObject({
      /** host:port of the /metrics and /healthz HTTP server; keep it on loopback. */
      listen: z
        .string()
        .regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d+$/, 'must be host:port, e.g. 127.0.0.1:9464')
        .default('127.0.0.1:9464'),
      enabled: z.boolean().default(true),
    })
    .default({ listen: '127.0.0.1:9464', enabled: true }),
});

/** The configuration as written in the file (defaults applied, secrets still references). */
export type RawGatewayConfig = z.output<typeof gatewayConfigSchema>;
/** One bus of the configuration. */
export type BusConfig = z.output<typeof busSchema>;
/** A Modbus TCP bus. */
export type TcpBusConfig = z.output<typeof tcpBusSchema>;
/** A Modbus RTU serial bus. */
export type RtuBusConfig = z.output<typeof rtuBusSchema>;
/** Modbus RTU through a serial device server. */
export type RtuOverTcpBusConfig = z.output<typeof rtuOverTcpBusSchema>;
/** One polled device. */
export type DeviceConfig = z.output<typeof deviceSchema>;
/** One commissioned fire-panel point. */
export type PanelPointConfig = z.output<typeof panelPointSchema>;
/** Overrides of one point of a device. */
export type PointOverride = z.output<typeof pointOverrideSchema>;
/** A partial report policy (bus or device level). */
export type ReportOverride = z.output<typeof reportOverrideSchema>;
/** The GB/T 26875.3 uplink's settings. */
export type Gb26875UplinkConfig = z.output<typeof gb26875UplinkSchema>;
/** A fire panel read over its own serial protocol. */
export type PanelConfig = z.output<typeof panelSchema>;
