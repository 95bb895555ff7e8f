import type { ProfileDevice } from '../profile-device.js';

/**
 * Sets a value inside the point's range that the device's unit and decimals defaults can encode
 * (a level of 37 m in cm with one decimal does not fit an int16), and returns it.
 */
export function setSampleValue(
  device: ProfileDevice,
  pointId: string,
  range: { min: number; max: number } | undefined,
): number {
  const span = range ? range.max - range.min : 100;
  const base = range ? range.min : 0;
  for (const fraction of [0.37, 0.037, 0.0037, 0]) {
    const value = Math.round((base + span * fraction) * 10) / 10;
    try {
      device.setPoint(pointId, value);
      return value;
    } catch (error) {
      if ((error as { code?: string }).code !== 'DEVICES_VALUE_NOT_ENCODABLE') throw error;
    }
  }
  throw new Error(`no encodable sample value for ${device.profile.id}.${pointId}`);
}
