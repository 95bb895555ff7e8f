import {
  type Component,
  type EventKind,
  type FireEvent,
  idSchema,
  type Location,
  type Point,
  pointIdSchema,
  type Reading,
} from '@firecode/schema';
import { devicesError } from '../errors.js';
import { panelRegisterOf } from '../profile/check.js';
import {
  type DeviceProfile,
  type PointMapping,
  type ThresholdSpec,
  type ThresholdSpecInput,
  thresholdSpecSchema,
} from '../profile/schema.js';
import {
  checkSelection,
  type ReadRequest,
  type ReadSelection,
  readPlanFor,
  selectedLoops,
} from '../read-plan.js';
import type { RegisterSnapshot } from '../snapshot.js';
import { canonicalUnitOf } from '../units.js';
import { CodeStateMachine } from './code-states.js';
import { ThresholdTracker } from './thresholds.js';
import { readRegister, transformPoint } from './transform.js';

/** Per-point changes an integrator makes without touching the profile. */
export interface PointOverride {
  /**
   * Changes the profile's thresholds (canonical unit): the fields given replace the profile's, the
   * others stay (`{ low: 70 }` keeps the profile's high alarm); `null` removes all thresholds.
   */
  thresholds?: ThresholdSpecInput | null;
  /** Replaces the plausible range; `null` removes it. */
  range?: { min: number; max: number } | null;
  name?: string;
}

/** How one device instance is normalized. */
export interface DeviceNormalizerOptions extends ReadSelection {
  /** The device's id: reading point ids are `<deviceId>.<local point id>`. */
  deviceId: string;
  /** Component id in the catalog and in events (default `deviceId`). */
  componentId?: string;
  name?: string;
  location?: Location;
  /** GB/T 26875.3 system address (which system of its type in the building). */
  systemAddress?: number;
  /** GB/T 26875.3 component address of the device. */
  componentAddress?: number;
  /** Overrides by local point id. */
  overrides?: Record<string, PointOverride>;
}

/** Something the normalizer noticed and did not turn into a reading or event; logged and counted. */
export interface Diagnostic {
  code: 'unknown-code' | 'missing-registers' | 'bad-reading';
  message: string;
  source?: Record<string, string | number>;
}

/** The outcome of one poll. */
export interface NormalizeResult {
  readings: Reading[];
  events: FireEvent[];
  diagnostics: Diagnostic[];
}

/** Counters since the normalizer was created. */
export interface NormalizerStats {
  polls: number;
  failures: number;
  unknownCodes: number;
  missingRegisters: number;
  badReadings: number;
  events: number;
}

/** Turns raw polls of one device into schema readings and events; keeps the state between polls. */
export interface DeviceNormalizer {
  readonly profile: DeviceProfile;
  readonly componentId: string;
  /** What to read each poll (same as `readPlanFor(profile, options)`). */
  readPlan(): ReadRequest[];
  /** One successful poll. */
  normalize(raw: RegisterSnapshot, time: number): NormalizeResult;
  /** A failed poll: bad readings (communication-failure) for every point, and `offline` once. */
  normalizeFailure(error: unknown, time: number): NormalizeResult;
  /** The components and points this device contributes to the gateway's catalog (birth message). */
  catalog(): { components: Component[]; points: Point[] };
  stats(): NormalizerStats;
}

interface PreparedPoint {
  mapping: PointMapping;
  /** The mapping with the instance's range override applied (built once, not per poll). */
  effective: PointMapping;
  pointId: string;
  thresholds: ThresholdTracker | undefined;
  thresholdSpec: ThresholdSpec | undefined;
  range: { min: number; max: number } | undefined;
  name: string | undefined;
}

/**
 * Creates the normalizer of one device instance.
 *
 * @throws FirecodeError `DEVICES_OPTIONS_INVALID` for ids that the schema rejects or overrides of
 *   points the profile does not have, `DEVICES_UNKNOWN_POINT` for a selection it does not have.
 */
export function createDeviceNormalizer(
  profile: DeviceProfile,
  options: DeviceNormalizerOptions,
): DeviceNormalizer {
  const componentId = options.componentId ?? options.deviceId;
  for (const [field, id] of [
    ['deviceId', options.deviceId],
    ['componentId', componentId],
  ] as const) {
    if (!idSchema.safeParse(id).success) {
      throw devicesError(
        'DEVICES_OPTIONS_INVALID',
        `${field} "${id}" is not a valid id: use 1-64 lowercase letters, digits, ".", "_" or "-"`,
        { profile: profile.id, field },
      );
    }
  }
  checkSelection(profile, options);
  const wanted = options.points ? new Set(options.points) : undefined;
  const overrides = options.overrides ?? {};
  for (const id of Object.keys(overrides)) {
    if (!profile.points.some((p) => p.id === id)) {
      throw devicesError(
        'DEVICES_OPTIONS_INVALID',
        `override for "${id}": profile "${profile.id}" has no such point (points: ${profile.points.map((p) => p.id).join(', ')})`,
        { profile: profile.id, field: `overrides.${id}` },
      );
    }
  }
  const pointIdOf = (local: string) => {
    const id = `${options.deviceId}.${local}`;
    if (!pointIdSchema.safeParse(id).success) {
      throw devicesError(
        'DEVICES_OPTIONS_INVALID',
        `point id "${id}" is not valid (1-64 lowercase letters, digits, ".", "_", "-"): shorten deviceId`,
        { profile: profile.id, field: 'deviceId' },
      );
    }
    return id;
  };

  const points: PreparedPoint[] = profile.points
    .filter((mapping) => !wanted || wanted.has(mapping.id))
    .map((mapping) => {
      const override = overrides[mapping.id] ?? {};
      // An override replaces the fields it names and keeps the profile's others; null removes all.
      const thresholdInput =
        override.thresholds === null
          ? undefined
          : override.thresholds === undefined
            ? mapping.thresholds
            : { ...(mapping.thresholds ?? {}), ...override.thresholds };
      let thresholds: ThresholdTracker | undefined;
      let thresholdSpec: ThresholdSpec | undefined;
      if (thresholdInput) {
        const parsed = thresholdSpecSchema.safeParse(thresholdInput);
        if (
          !parsed.success ||
          (parsed.data.low !== undefined &&
            parsed.data.high !== undefined &&
            parsed.data.low >= parsed.data.high)
        ) {
          throw devicesError(
            'DEVICES_OPTIONS_INVALID',
            `overrides.${mapping.id}.thresholds: ${parsed.success ? 'low must be below high' : parsed.error.issues.map((i) => i.message).join('; ')}`,
            { profile: profile.id, field: `overrides.${mapping.id}.thresholds` },
          );
        }
        thresholds = new ThresholdTracker(parsed.data);
        thresholdSpec = parsed.data;
      }
      const range = override.range === undefined ? mapping.range : (override.range ?? undefined);
      const effective: PointMapping = { ...mapping };
      if (range) effective.range = range;
      else delete effective.range;
      return {
        mapping,
        effective,
        pointId: pointIdOf(mapping.id),
        thresholds,
        thresholdSpec,
        range,
        name: override.name ?? mapping.name,
      };
    });
  const events = profile.events.filter(
    (event) =>
      !wanted || wanted.has(event.id) || (event.statePoint !== undefined && wanted.has(event.statePoint)),
  );
  const statePointIds = new Map(
    events.flatMap((e) => (e.statePoint ? [[e.id, pointIdOf(e.statePoint)] as const] : [])),
  );
  const loops = selectedLoops(profile, options);
  const codeStates = new CodeStateMachine<string | number>();
  const stats: NormalizerStats = {
    polls: 0,
    failures: 0,
    unknownCodes: 0,
    missingRegisters: 0,
    badReadings: 0,
    events: 0,
  };
  let offline = false;

  const baseEvent = (time: number, kind: EventKind, active: boolean, componentType: number) => ({
    time,
    kind,
    active,
    component: componentId,
    systemType: profile.systemType,
    componentType,
  });

  function normalize(raw: RegisterSnapshot, time: number): NormalizeResult {
    stats.polls++;
    const result: NormalizeResult = { readings: [], events: [], diagnostics: [] };
    if (offline) {
      offline = false;
      result.events.push({
        ...baseEvent(time, 'offline', false, profile.componentType),
        description: 'answering again',
      });
    }
    // Pass 1: every selected point's value; pass 2: thresholds, which may read other points' values.
    const values = new Map<string, number | null>();
    for (const point of points) {
      const transformed = transformPoint(profile, point.effective, raw);
      values.set(point.mapping.id, transformed.quality.level === 'good' ? transformed.value : null);
      result.readings.push({
        point: point.pointId,
        time,
        value: transformed.value,
        quality: transformed.quality,
      });
      if (transformed.quality.level === 'bad') {
        stats.badReadings++;
        result.diagnostics.push({
          code: 'bad-reading',
          message: `${point.pointId}: ${transformed.problem ?? 'bad reading'}`,
          source: { point: point.pointId },
        });
      }
    }
    const referenceValue = (id: string | undefined): number | undefined => {
      if (id === undefined) return undefined;
      if (!values.has(id)) {
        const mapping = profile.points.find((p) => p.id === id)!;
        const transformed = transformPoint(profile, mapping, raw);
        values.set(id, transformed.quality.level === 'good' ? transformed.value : null);
      }
      return values.get(id) ?? undefined;
    };
    points.forEach((point, index) => {
      const reading = result.readings[index]!;
      const spec = point.thresholdSpec;
      if (!point.thresholds || !spec || reading.value === null || reading.quality.level === 'bad') return;
      const { mapping } = point;
      const limits = {
        low: spec.lowFrom === undefined ? spec.low : (referenceValue(spec.lowFrom) ?? spec.low),
        high: spec.highFrom === undefined ? spec.high : (referenceValue(spec.highFrom) ?? spec.high),
      };
      const value = reading.value;
      const unit = canonicalUnitOf(mapping.kind);
      for (const change of point.thresholds.update(value, limits)) {
        result.events.push({
          ...baseEvent(time, change.kind, change.active, mapping.componentType ?? profile.componentType),
          point: point.pointId,
          source: { value, threshold: change.threshold },
          description: change.active
            ? `${mapping.name ?? mapping.id} ${value} ${unit} ${change.side === 'low' ? 'at or below' : 'at or above'} ${change.threshold} ${unit}`
            : `${mapping.name ?? mapping.id} back to ${value} ${unit}`,
        });
      }
    });
    for (const event of events) {
      const spec = profile.registers[event.register]!;
      const code = readRegister(raw, spec);
      const statePoint = statePointIds.get(event.id);
      if (code === undefined) {
        stats.missingRegisters++;
        result.diagnostics.push({
          code: 'missing-registers',
          message: `event "${event.id}": register "${event.register}" was not read`,
          source: { register: spec.address },
        });
        if (statePoint)
          result.readings.push({
            point: statePoint,
            time,
            value: null,
            quality: { level: 'bad', reason: 'communication-failure' },
          });
        continue;
      }
      if (statePoint)
        result.readings.push({ point: statePoint, time, value: code, quality: { level: 'good' } });
      const update = codeStates.update(event.id, code, event.codes);
      if (update.unknown) {
        if (update.changed) {
          stats.unknownCodes++;
          result.diagnostics.push({
            code: 'unknown-code',
            message: `event "${event.id}": code ${code} in register ${spec.address} is not in the profile's table`,
            source: { register: spec.address, value: code },
          });
        }
        continue;
      }
      for (const change of update.changes) {
        result.events.push({
          ...baseEvent(time, change.kind, change.active, event.componentType ?? profile.componentType),
          source: { event: event.id, register: spec.address, value: code },
          ...(change.description || event.name ? { description: change.description ?? event.name } : {}),
        });
      }
    }
    const panel = profile.panel;
    if (panel) {
      let missing = 0;
      for (const loop of loops) {
        for (let address = panel.addresses.min; address <= panel.addresses.max; address++) {
          const register = panelRegisterOf(panel, loop, address);
          const code = raw.get(panel.table, register);
          if (code === undefined) {
            missing++;
            continue;
          }
          const update = codeStates.update(register, code, panel.codes);
          if (update.unknown) {
            if (update.changed) {
              stats.unknownCodes++;
              result.diagnostics.push({
                code: 'unknown-code',
                message: `panel loop ${loop} address ${address}: code ${code} (register ${register}) is not in the profile's table`,
                source: { register, value: code, loop, address },
              });
            }
            continue;
          }
          for (const change of update.changes) {
            result.events.push({
              ...baseEvent(time, change.kind, change.active, panel.componentType),
              loop,
              address,
              source: { register, value: code },
              ...(change.description ? { description: change.description } : {}),
            });
          }
        }
      }
      if (missing > 0) {
        stats.missingRegisters += missing;
        result.diagnostics.push({
          code: 'missing-registers',
          message: `${missing} panel point register(s) were not read: their events wait for the next poll`,
          source: { missing },
        });
      }
    }
    stats.events += result.events.length;
    return result;
  }

  function normalizeFailure(error: unknown, time: number): NormalizeResult {
    stats.failures++;
    const quality = { level: 'bad', reason: 'communication-failure' } as const;
    const readings: Reading[] = [
      ...points.map((point) => ({ point: point.pointId, time, value: null, quality })),
      ...[...statePointIds.values()].map((point) => ({ point, time, value: null, quality })),
    ];
    const events: FireEvent[] = [];
    if (!offline) {
      offline = true;
      const reason = error instanceof Error ? error.message : String(error);
      events.push({
        ...baseEvent(time, 'offline', true, profile.componentType),
        description: reason.slice(0, 200),
      });
      stats.events++;
    }
    stats.badReadings += readings.length;
    return { readings, events, diagnostics: [] };
  }

  function catalog(): { components: Component[]; points: Point[] } {
    const component: Component = {
      id: componentId,
      systemType: profile.systemType,
      componentType: profile.componentType,
      vendor: profile.vendor,
      model: profile.model,
      ...(options.name ? { name: options.name } : {}),
      ...(options.location ? { location: options.location } : {}),
      ...(options.systemAddress === undefined ? {} : { systemAddress: options.systemAddress }),
      ...(options.componentAddress === undefined ? {} : { componentAddress: options.componentAddress }),
    };
    const catalogPoints: Point[] = points.map((point) => {
      const spec = point.thresholdSpec;
      return {
        id: point.pointId,
        kind: point.mapping.kind,
        unit: canonicalUnitOf(point.mapping.kind),
        component: componentId,
        ...(point.name ? { name: point.name } : {}),
        ...(point.range ? { range: point.range } : {}),
        ...(spec
          ? {
              thresholds: {
                ...(spec.low === undefined ? {} : { low: spec.low }),
                ...(spec.high === undefined ? {} : { high: spec.high }),
                ...(spec.hysteresis === undefined ? {} : { hysteresis: spec.hysteresis }),
              },
            }
          : {}),
        ...(point.mapping.analogType === undefined ? {} : { analogType: point.mapping.analogType }),
      };
    });
    for (const event of events) {
      const pointId = statePointIds.get(event.id);
      if (pointId) {
        catalogPoints.push({
          id: pointId,
          kind: 'state',
          unit: '',
          component: componentId,
          ...(event.name ? { name: event.name } : {}),
        });
      }
    }
    return { components: [component], points: catalogPoints };
  }

  return {
    profile,
    componentId,
    readPlan: () => readPlanFor(profile, options),
    normalize,
    normalizeFailure,
    catalog,
    stats: () => ({ ...stats }),
  };
}
