import { defineComposedProfile } from '../profile/compose.js';
import { m } from '../profile/presets.js';
import type { DeviceProfile } from '../profile/schema.js';

/*
 * Electrical-fire monitoring devices (GB 14287). GB/T 26875.3 has no electrical-fire system type:
 * they report under system type 0 (general) with component types 16 (electrical-fire monitor),
 * 17 (residual-current detector) and 18 (temperature-type detector).
 */

/**
 * Ningbo-vendor arc-fault detector, Modbus protocol V1.1 (9600 8N1). Its exception replies carry
 * function code 0x80 whatever the request was, and its settings are written with FC16 only.
 */
export const ningboArcFaultDetector: DeviceProfile = defineComposedProfile({
  id: 'ningbo-arc-fault-detector',
  vendor: 'Ningbo arc-fault detector vendor',
  model: 'Arc-fault detector (Modbus V1.1)',
  revision: 'V1.1',
  description: 'Arc-fault detector: alarm word at 40001, line current at 40007; exception replies use 0x80',
  systemType: 0,
  componentType: 16,
  quirks: { exceptionFunctionCode: 0x80 },
  probe: [
    { register: 'arc-alarm', expect: { min: 0, max: 1 } },
    { register: 'slave-address', expect: { min: 1, max: 247 } },
  ],
  extend: [
    m.status({
      id: 'arc-alarm',
      name: 'Arc-fault alarm',
      address: 0x0000,
      values: { min: 0, max: 1 },
      codes: { 0: 'normal', 1: { kind: 'fire', description: 'arc-fault alarm' } },
      statePoint: 'arc-alarm-state',
    }),
    // The manual gives the line current as a plain register (0x0040 in its example) without a unit:
    // we read it as 0.1 A, the resolution of this vendor's display. Check against the device.
    m.lineCurrent({
      id: 'line-current',
      name: 'Line current',
      address: 0x0006,
      type: 'u16',
      decimals: 1,
      unit: 'A',
      default: 64,
      range: { min: 0, max: 6553.5 },
    }),
    m.setting({
      id: 'slave-address',
      address: 0x03e8,
      values: { min: 1, max: 247 },
      default: 1,
      writeFunction: 16,
    }),
    m.setting({ id: 'baud', address: 0x03e9, default: 3, writeFunction: 16, description: 'baud code' }),
    m.setting({ id: 'buzzer', address: 0x03ea, values: { min: 0, max: 1 }, default: 1, writeFunction: 16 }),
  ],
});

/**
 * A four-loop residual-current monitor of the GB 14287.2 kind (typical layout; integrators with another
 * layout parametrise `m.residualCurrent`): residual current per loop in mA at 0x0000-0x0003, the
 * device's alarm setting per loop at 0x0010-0x0013, fault flags 2 bits per loop at 0x0020.
 * The gateway raises its own high alarm at 500 mA (GB 50116 §9.2.3 allows 300-500 mA settings).
 */
export const residualCurrentMonitor4: DeviceProfile = defineComposedProfile({
  id: 'residual-current-monitor-4',
  vendor: 'Generic (GB 14287.2)',
  model: 'Four-loop residual-current monitor',
  description: 'Residual current per loop (mA), alarm setting per loop, fault flags 2 bits per loop',
  systemType: 0,
  componentType: 16,
  quirks: { maxRegistersPerRequest: 64 },
  probe: [{ register: 'loop1-alarm-threshold', expect: { min: 0, max: 5000 } }],
  extend: [
    m.residualCurrent({
      loops: 4,
      currentAddress: 0x0000,
      thresholdAddress: 0x0010,
      faultFlagsAddress: 0x0020,
      alarmAt: 500,
      hysteresis: 20,
    }),
    m.temperature({
      id: 'probe1-temperature',
      name: 'Cable temperature probe 1',
      address: 0x0030,
      type: 'i16',
      decimals: 1,
      unit: '°C',
      default: 250,
      range: { min: -40, max: 140 },
      thresholds: { high: 70, hysteresis: 2 },
      componentType: 18,
      analogType: 3,
    }),
  ],
});
