import type { Location } from '@firecode/schema';
import type { ThresholdSpecInput } from '../profile/schema.js';
import type { ReadSelection } from '../read-plan.js';

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
  /**
   * What sits at each panel point (from the panel's programming / commissioning list): a panel's
   * Modbus card reports only codes, so without this every point is the profile's generic type.
   */
  panelPoints?: readonly PanelPointInfo[];
  /** Overrides by local point id. */
  overrides?: Record<string, PointOverride>;
}

/** One fire-panel point as commissioned: where it is and what kind of device it is. */
export interface PanelPointInfo {
  loop: number;
  address: number;
  /** GB/T 26875.3 component type (table 5), e.g. 40 smoke detector, 23 manual call point. */
  componentType: number;
  /** Where it is, for people: "2F corridor by stair B". */
  description?: string;
}
