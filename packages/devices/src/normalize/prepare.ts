import { idSchema, pointIdSchema } from '@firecode/schema';
import { devicesError } from '../errors.js';
import {
  type DeviceProfile,
  type EventMapping,
  type PointMapping,
  type ThresholdSpec,
  thresholdSpecSchema,
} from '../profile/schema.js';
import { checkSelection } from '../read-plan.js';
import type { DeviceNormalizerOptions } from './options.js';
import { type PreparedTransform, prepareTransform, sharedTransform } from './prepared-transform.js';
import { ThresholdTracker } from './thresholds.js';

/** A point of one device instance, with its overrides applied. */
export interface PreparedPoint {
  mapping: PointMapping;
  /** The mapping with the instance's range override applied (built once, not per poll). */
  effective: PointMapping;
  /** The transform of `effective`, with what the profile fixes worked out once. */
  transform: PreparedTransform;
  pointId: string;
  thresholds: ThresholdTracker | undefined;
  thresholdSpec: ThresholdSpec | undefined;
  range: { min: number; max: number } | undefined;
  name: string | undefined;
}

/** What a normalizer works from, checked and built once at creation. */
export interface PreparedDevice {
  componentId: string;
  points: PreparedPoint[];
  events: EventMapping[];
  /** Event id → point id of its state reading. */
  statePointIds: Map<string, string>;
}

/**
 * Checks a device instance's options against its profile and applies the overrides.
 *
 * @throws FirecodeError `DEVICES_OPTIONS_INVALID` / `DEVICES_UNKNOWN_POINT` (see createDeviceNormalizer).
 */
export function prepareDevice(profile: DeviceProfile, options: DeviceNormalizerOptions): PreparedDevice {
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
        // The profile's point when the instance keeps its range: one prepared transform for all devices.
        transform:
          range === mapping.range ? sharedTransform(profile, mapping) : prepareTransform(profile, effective),
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
  return { componentId, points, events, statePointIds };
}
