import { defineComposedProfile } from '../profile/compose.js';
import { m } from '../profile/presets.js';
import type { DeviceProfile } from '../profile/schema.js';

/**
 * GST-family fire alarm control panel through its Modbus RTU interface card: FC03, at most 100
 * registers per request, one register per point at `loop × 240 + address − 1`, point value codes
 * 0-9, main and backup power status at 4998-4999 (the model whose panel registers sit there).
 * Loops 1-16 are mapped, which keeps point registers (up to 4079) clear of the power registers.
 */
export const gstModbusPanel: DeviceProfile = defineComposedProfile({
  id: 'gst-modbus-panel',
  vendor: 'GST (Gulf Security Technology)',
  model: 'GST-family panel, Modbus RTU interface',
  description:
    'Fire alarm control panel points (loop × 240 + address − 1) with value codes, main/backup power',
  systemType: 1,
  componentType: 1,
  quirks: { maxRegistersPerRequest: 100 },
  probe: [
    { register: 'main-power', expect: { min: 0, max: 1 } },
    { register: 'backup-power', expect: { min: 0, max: 1 } },
  ],
  extend: [
    m.panelPoints({
      loopStride: 240,
      addressOffset: -1,
      loops: { min: 1, max: 16 },
      addresses: { min: 1, max: 240 },
      // Unknown device kind on the loop: 25 (fire detector) would guess; 0 (general) does not.
      componentType: 0,
    }),
    m.panelSupervision({ id: 'main-power', name: 'Main power', address: 4998, kind: 'main-power-fault' }),
    m.panelSupervision({
      id: 'backup-power',
      name: 'Backup power',
      address: 4999,
      kind: 'backup-power-fault',
    }),
  ],
});
