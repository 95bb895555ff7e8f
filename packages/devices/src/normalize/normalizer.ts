import {
  type Component,
  type EventKind,
  type FireEvent,
  GOOD,
  type Point,
  type Quality,
  type Reading,
  ReadingColumns,
} from '@firecode/schema';
import { panelRegisterOf } from '../profile/check.js';
import type { DeviceProfile } from '../profile/schema.js';
import { type ReadRequest, readPlanFor, selectedLoops } from '../read-plan.js';
import type { RegisterSnapshot } from '../snapshot.js';
import { canonicalUnitOf } from '../units.js';
import { catalogEntries } from './catalog-entries.js';
import { CodeStateMachine } from './code-states.js';
import type { DeviceNormalizerOptions } from './options.js';
import { prepareDevice } from './prepare.js';
import { runTransform } from './prepared-transform.js';
import { readWith, registerReader } from './register-reader.js';
import { type TransformedValue, transformPoint } from './transform.js';

/** Shared, frozen: the qualities of the normalizer's bad readings cost no object each. */
const COMMUNICATION_FAILURE: Quality = Object.freeze({ level: 'bad', reason: 'communication-failure' });
const SENSOR_FAULT: Quality = Object.freeze({ level: 'bad', reason: 'sensor-fault' });

export type { DeviceNormalizerOptions, PanelPointInfo, PointOverride } from './options.js';

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

/** The outcome of one poll with its readings written into columns (see {@link DeviceNormalizer.normalizeInto}). */
export interface NormalizeIntoResult {
  events: FireEvent[];
  diagnostics: Diagnostic[];
}

/** Turns raw polls of one device into schema readings and events; keeps the state between polls. */
export interface DeviceNormalizer {
  readonly profile: DeviceProfile;
  readonly componentId: string;
  /** What to read each poll (same as `readPlanFor(profile, options)`). */
  readPlan(): ReadRequest[];
  /** One successful poll. */
  normalize(raw: RegisterSnapshot, time: number): NormalizeResult;
  /**
   * One successful poll, its readings appended to `readings` (the gateway's hot path: no object per
   * reading). Same readings, events and diagnostics as {@link DeviceNormalizer.normalize}.
   */
  normalizeInto(raw: RegisterSnapshot, time: number, readings: ReadingColumns): NormalizeIntoResult;
  /** A failed poll: bad readings (communication-failure) for every point, and `offline` once. */
  normalizeFailure(error: unknown, time: number): NormalizeResult;
  /** {@link DeviceNormalizer.normalizeFailure}, its readings appended to `readings`. */
  normalizeFailureInto(error: unknown, time: number, readings: ReadingColumns): NormalizeIntoResult;
  /** The components and points this device contributes to the gateway's catalog (birth message). */
  catalog(): { components: Component[]; points: Point[] };
  stats(): NormalizerStats;
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
  const prepared = prepareDevice(profile, options);
  const { componentId, points, events, statePointIds } = prepared;
  /** Local point id → its index in `points` (and in a poll's readings). */
  const pointIndex = new Map(points.map((point, index) => [point.mapping.id, index]));
  const loops = selectedLoops(profile, options);
  const panelPointInfo = new Map(options.panelPoints?.map((p) => [`${p.loop}-${p.address}`, p]));
  const codeStates = new CodeStateMachine<string | number>();
  /** The points with thresholds, by index: pass 2 visits only these (none, on most devices). */
  const withThresholds = points.flatMap((point, index) =>
    point.thresholds && point.thresholdSpec
      ? [{ index, point, thresholds: point.thresholds, spec: point.thresholdSpec }]
      : [],
  );
  /** events[i]'s register, prepared once (see register-reader.ts). */
  const eventReaders = events.map((event) => registerReader(profile.registers[event.register]!));
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

  /** The transform's result of the point being read, reused point after point (no object per reading). */
  const transformed: TransformedValue = { value: null, quality: GOOD };

  function normalizeInto(raw: RegisterSnapshot, time: number, out: ReadingColumns): NormalizeIntoResult {
    stats.polls++;
    const result: NormalizeIntoResult = { events: [], diagnostics: [] };
    /** Row of points[0] in `out`: readings[i] of this poll is out's row first + i. */
    const first = out.length;
    if (offline) {
      // Back: an `online` instant ends the `offline` condition (receivers clear it by kind and key).
      offline = false;
      result.events.push({
        ...baseEvent(time, 'online', true, profile.componentType),
        description: 'answering again',
      });
    }
    // Pass 1: every selected point's value; pass 2: thresholds, which may read other points' values.
    for (const point of points) {
      runTransform(point.transform, raw, transformed);
      out.pushFrom(point.pointId, transformed);
      if (transformed.quality.level === 'bad') {
        stats.badReadings++;
        result.diagnostics.push({
          code: 'bad-reading',
          message: `${point.pointId}: ${transformed.problem ?? 'bad reading'}`,
          source: { point: point.pointId },
        });
      }
    }
    out.stampTimes(first, time);
    if (withThresholds.length > 0) checkThresholds(raw, time, first, out, result.events);
    for (let e = 0; e < events.length; e++) {
      const event = events[e]!;
      const reader = eventReaders[e]!;
      const spec = reader.spec;
      const code = readWith(reader, raw);
      const statePoint = statePointIds.get(event.id);
      if (code === undefined) {
        stats.missingRegisters++;
        result.diagnostics.push({
          code: 'missing-registers',
          message: `event "${event.id}": register "${event.register}" was not read`,
          source: { register: spec.address },
        });
        if (statePoint) out.push(statePoint, time, null, COMMUNICATION_FAILURE);
        continue;
      }
      if (Number.isNaN(code)) {
        stats.badReadings++;
        result.diagnostics.push({
          code: 'bad-reading',
          message: `event "${event.id}": register ${spec.address} holds a value no register can hold`,
          source: { register: spec.address },
        });
        if (statePoint) out.push(statePoint, time, null, SENSOR_FAULT);
        continue;
      }
      if (statePoint) out.push(statePoint, time, code, GOOD);
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
          const info = panelPointInfo.get(`${loop}-${address}`);
          for (const change of update.changes) {
            const description = [change.description, info?.description].filter(Boolean).join('; ');
            result.events.push({
              ...baseEvent(time, change.kind, change.active, info?.componentType ?? panel.componentType),
              loop,
              address,
              source: { register, value: code },
              ...(description ? { description } : {}),
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

  /** Pass 2: the threshold events of this poll's readings, from row `first` of `out` on. */
  function checkThresholds(
    raw: RegisterSnapshot,
    time: number,
    first: number,
    out: ReadingColumns,
    found: FireEvent[],
  ): void {
    // A point's good value: a selected point's from its reading of pass 1 (readings[i] is points[i]'s),
    // another point's (a threshold read from a point not selected) transformed here, once per poll.
    let unselected: Map<string, number | null> | undefined;
    const referenceValue = (id: string | undefined): number | undefined => {
      if (id === undefined) return undefined;
      const index = pointIndex.get(id);
      if (index !== undefined) {
        return (
          (out.qualityAt(first + index).level === 'good' ? out.valueAt(first + index) : null) ?? undefined
        );
      }
      unselected ??= new Map();
      if (!unselected.has(id)) {
        const mapping = profile.points.find((p) => p.id === id)!;
        const transformed = transformPoint(profile, mapping, raw);
        unselected.set(id, transformed.quality.level === 'good' ? transformed.value : null);
      }
      return unselected.get(id) ?? undefined;
    };
    for (const { index, point, thresholds, spec } of withThresholds) {
      const value = out.valueAt(first + index);
      if (value === null || out.qualityAt(first + index).level === 'bad') continue;
      const { mapping } = point;
      const limits = {
        low: spec.lowFrom === undefined ? spec.low : (referenceValue(spec.lowFrom) ?? spec.low),
        high: spec.highFrom === undefined ? spec.high : (referenceValue(spec.highFrom) ?? spec.high),
      };
      const unit = canonicalUnitOf(mapping.kind);
      for (const change of thresholds.update(value, limits)) {
        found.push({
          ...baseEvent(time, change.kind, change.active, mapping.componentType ?? profile.componentType),
          point: point.pointId,
          source: { value, threshold: change.threshold },
          description: change.active
            ? `${mapping.name ?? mapping.id} ${value} ${unit} ${change.side === 'low' ? 'at or below' : 'at or above'} ${change.threshold} ${unit}`
            : `${mapping.name ?? mapping.id} back to ${value} ${unit}`,
        });
      }
    }
  }

  function normalize(raw: RegisterSnapshot, time: number): NormalizeResult {
    const readings = new ReadingColumns(points.length + statePointIds.size);
    const { events, diagnostics } = normalizeInto(raw, time, readings);
    return { readings: readings.toReadings(), events, diagnostics };
  }

  function normalizeFailureInto(error: unknown, time: number, out: ReadingColumns): NormalizeIntoResult {
    stats.failures++;
    for (const point of points) out.push(point.pointId, time, null, COMMUNICATION_FAILURE);
    for (const point of statePointIds.values()) out.push(point, time, null, COMMUNICATION_FAILURE);
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
    stats.badReadings += points.length + statePointIds.size;
    return { events, diagnostics: [] };
  }

  function normalizeFailure(error: unknown, time: number): NormalizeResult {
    const readings = new ReadingColumns(points.length + statePointIds.size);
    const { events, diagnostics } = normalizeFailureInto(error, time, readings);
    return { readings: readings.toReadings(), events, diagnostics };
  }

  return {
    profile,
    componentId,
    readPlan: () => readPlanFor(profile, options),
    normalize,
    normalizeInto,
    normalizeFailure,
    normalizeFailureInto,
    catalog: () => catalogEntries(profile, options, prepared),
    stats: () => ({ ...stats }),
  };
}
