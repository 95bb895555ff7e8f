import type { Component, Point } from '@firecode/schema';
import type { DeviceProfile } from '../profile/schema.js';
import { canonicalUnitOf } from '../units.js';
import type { DeviceNormalizerOptions } from './options.js';
import type { PreparedDevice } from './prepare.js';

/**
 * The components and points a device instance contributes to the gateway's catalog (birth message):
 * the device as one component, its measured points in their canonical units with the effective
 * thresholds and ranges, and the state points of its coded registers.
 */
export function catalogEntries(
  profile: DeviceProfile,
  options: DeviceNormalizerOptions,
  { componentId, points, events, statePointIds }: PreparedDevice,
): { components: Component[]; points: Point[] } {
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
