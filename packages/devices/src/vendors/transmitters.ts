import { defineComposedProfile } from '../profile/compose.js';
import { type MeasurementOptions, m } from '../profile/presets.js';
import type { DeviceProfile } from '../profile/schema.js';

/*
 * Pressure and level transmitters on RS-485 Modbus RTU (9600 8N1), from the vendors' register tables
 * (see /work/shared/domain/devices.md). GB/T 26875.3 codes: system type 11 (hydrant system),
 * component type 0 (general: table 5 has no transmitter) for pressure, 92 (water tank) for level.
 */

/** Low/high pipe pressure alarms in kPa: GB 50974 asks >= 0.10 MPa static at the least favourable point
 * of class-1 high-rise public buildings; 1.0 MPa is the hydrant static-pressure ceiling before zoning. */
const hydrantPressureThresholds = { low: 100, high: 1000, hysteresis: 10 } as const;

/** Baud codes 0-7 = 1200 ... 115200, shared by these transmitters. */
const baudSetting = m.setting({
  id: 'baud',
  address: 0x0001,
  values: { min: 0, max: 7 },
  default: 3,
  description: 'baud code 0-7 = 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200',
});
const addressSetting = m.setting({
  id: 'slave-address',
  address: 0x0000,
  values: { min: 1, max: 255 },
  default: 1,
  description: 'slave address 1-255',
});

/** Probe of the QDY30A-layout transmitters: a unit code within the vendor's table, 0-3 decimals. */
const probeUnitAndDecimals = (maxUnitCode: number) => [
  { register: 'unit', expect: { min: 0, max: maxUnitCode } },
  { register: 'decimals', expect: { min: 0, max: 3 } },
];

/**
 * The QDY30A register layout that several vendors share: the value as int16 at 0x0004, its decimal
 * places at 0x0003 and its unit code at 0x0002 — only the unit code table and power-on values differ.
 */
function qdy30aLayout(options: {
  unitCodes: Record<number, string | null>;
  defaultUnitCode: number;
  defaultDecimals: number;
  defaultValue: number;
}): Pick<MeasurementOptions, 'address' | 'type' | 'default' | 'decimalsFrom' | 'unitFrom'> {
  const maxUnitCode = Math.max(...Object.keys(options.unitCodes).map(Number));
  return {
    address: 0x0004,
    type: 'i16',
    default: options.defaultValue,
    decimalsFrom: { address: 0x0003, values: { min: 0, max: 3 }, default: options.defaultDecimals },
    unitFrom: {
      address: 0x0002,
      values: { min: 0, max: maxUnitCode },
      default: options.defaultUnitCode,
      codes: options.unitCodes,
    },
  };
}

/** The pipe pressure of a hydrant-system transmitter: in kPa, GB/T 26875.3 analog type 5 (0.1 kPa). */
const pipePressure = (where: MeasurementOptions) =>
  m.pressure({
    id: 'pressure',
    name: 'Pipe pressure',
    range: { min: -100, max: 6000 },
    thresholds: hydrantPressureThresholds,
    analogType: 5,
    ...where,
  });

/** QDY30A submersible level transmitter: unit and decimals read from the device. */
export const qdy30a: DeviceProfile = defineComposedProfile({
  id: 'qdy30a',
  vendor: 'QDY30A (generic Chinese OEM)',
  model: 'QDY30A',
  description: 'Submersible level transmitter; value at 0x0004, unit code at 0x0002, decimals at 0x0003',
  systemType: 11,
  componentType: 92,
  probe: probeUnitAndDecimals(6),
  extend: [
    addressSetting,
    baudSetting,
    m.level({
      id: 'level',
      name: 'Water level',
      ...qdy30aLayout({
        // 0 "none" and 6 "mA" give no level: such readings are flagged configuration-error.
        unitCodes: { 0: null, 1: 'cm', 2: 'mm', 3: 'MPa', 4: 'Pa', 5: 'kPa', 6: 'mA' },
        defaultUnitCode: 1,
        defaultDecimals: 1,
        defaultValue: 1234,
      }),
      range: { min: 0, max: 100 },
    }),
    { registers: { 'range-zero': { address: 0x0005, type: 'i16', default: 0 } } },
    { registers: { 'range-full': { address: 0x0006, type: 'i16', default: 5000 } } },
  ],
});

/** MPD-380 pressure transmitter: QDY30A layout, its own unit codes (3 = bar, 6 = psi), extra settings. */
export const mpd380: DeviceProfile = defineComposedProfile({
  id: 'mpd-380',
  vendor: 'MPD',
  model: 'MPD-380',
  description: 'Pressure transmitter; QDY30A register layout with unit codes 3 = bar, 6 = psi',
  systemType: 11,
  componentType: 0,
  probe: probeUnitAndDecimals(6),
  extend: [
    addressSetting,
    baudSetting,
    pipePressure(
      qdy30aLayout({
        // Codes 1/2 are water-column units on a pressure transmitter; 0 "none" is a misconfiguration.
        unitCodes: { 0: null, 1: 'cmH2O', 2: 'mmH2O', 3: 'bar', 4: 'Pa', 5: 'kPa', 6: 'psi' },
        defaultUnitCode: 3,
        defaultDecimals: 3,
        defaultValue: 350,
      }),
    ),
    { registers: { 'range-zero': { address: 0x0005, type: 'i16', default: 0 } } },
    { registers: { 'range-full': { address: 0x0006, type: 'i16', default: 1600 } } },
    { registers: { 'zero-offset': { address: 0x000c, type: 'i16', default: 0, writable: true } } },
    m.setting({
      id: 'save',
      address: 0x000f,
      values: { min: 0, max: 1 },
      description: 'write 1 to save settings',
    }),
    m.setting({
      id: 'factory-reset',
      address: 0x0010,
      values: { min: 0, max: 1 },
      description: 'write 1 to reset',
    }),
  ],
});

/** Unit codes of the other vendor's pressure transmitter family (both revisions). */
const familyBUnits = {
  0: 'MPa',
  1: 'kPa',
  2: 'Pa',
  3: 'bar',
  4: 'mbar',
  5: 'kg/cm²',
  6: 'psi',
  7: 'mH2O',
  8: 'mmH2O',
} as const;

/**
 * The other pressure-transmitter family, first document revision: the QDY30A layout (unit 0x0002,
 * decimals 0x0003, value 0x0004) with its own unit codes 0-8.
 */
export const familyBPressureRev1: DeviceProfile = defineComposedProfile({
  id: 'family-b-pressure-r1',
  vendor: 'Pressure transmitter family B',
  model: 'family B, revision 1',
  revision: '1',
  description: 'Pressure transmitter, first manual revision: unit code at 0x0002 (0-8), decimals at 0x0003',
  systemType: 11,
  componentType: 0,
  probe: probeUnitAndDecimals(8),
  extend: [
    addressSetting,
    baudSetting,
    pipePressure(
      qdy30aLayout({ unitCodes: familyBUnits, defaultUnitCode: 1, defaultDecimals: 0, defaultValue: 350 }),
    ),
  ],
});

/**
 * The same family, later revision: unit moved to 0x0003, decimals to 0x0004, and a float32 pressure
 * (in the unit of 0x0003, high word first) at 0x0016-0x0017, which is what this profile reads.
 */
export const familyBPressureRev2: DeviceProfile = defineComposedProfile({
  id: 'family-b-pressure-r2',
  vendor: 'Pressure transmitter family B',
  model: 'family B, revision 2',
  revision: '2',
  description: 'Pressure transmitter, later manual revision: unit code at 0x0003, float32 pressure at 0x0016',
  systemType: 11,
  componentType: 0,
  probe: probeUnitAndDecimals(8),
  extend: [
    addressSetting,
    baudSetting,
    { registers: { decimals: { address: 0x0004, values: { min: 0, max: 3 }, default: 2 } } },
    pipePressure({
      address: 0x0016,
      type: 'f32',
      default: 0.35,
      unitFrom: { address: 0x0003, values: { min: 0, max: 8 }, default: 0, codes: familyBUnits },
    }),
  ],
});

/**
 * Generic pressure transmitter an integrator parametrises: one int16 in kPa with fixed decimals.
 * Copy it (object spread or YAML) and change address, type, unit and decimals to the device's manual.
 */
export const genericPressureTransmitter: DeviceProfile = defineComposedProfile({
  id: 'generic-pressure-transmitter',
  vendor: 'Generic',
  model: 'Modbus pressure transmitter',
  description:
    'Pressure as int16 at holding register 0, 1 decimal place, in kPa: parametrise for a real device',
  systemType: 11,
  componentType: 0,
  extend: [
    m.pressure({
      id: 'pressure',
      address: 0,
      type: 'i16',
      decimals: 1,
      unit: 'kPa',
      default: 3500,
      range: { min: -100, max: 6000 },
      thresholds: hydrantPressureThresholds,
      analogType: 5,
    }),
  ],
});

/** Generic level transmitter: one int16 in cm at holding register 0 (parametrise like the pressure one). */
export const genericLevelTransmitter: DeviceProfile = defineComposedProfile({
  id: 'generic-level-transmitter',
  vendor: 'Generic',
  model: 'Modbus level transmitter',
  description: 'Level as int16 at holding register 0, in cm: parametrise for a real device',
  systemType: 11,
  componentType: 92,
  extend: [
    m.level({
      id: 'level',
      address: 0,
      type: 'i16',
      unit: 'cm',
      default: 250,
      range: { min: 0, max: 100 },
      // A fire water tank running low is a supervisory condition, not a fire.
      thresholds: { low: 0.5, hysteresis: 0.05, lowEvent: 'low-alarm' },
      analogType: 2,
    }),
  ],
});
