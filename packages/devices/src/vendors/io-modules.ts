import { defineComposedProfile } from '../profile/compose.js';
import { m } from '../profile/presets.js';
import type { DeviceProfile } from '../profile/schema.js';

/**
 * Generic digital-input module (FC02 discrete inputs) wired to a fire pump's run and fault contacts
 * and to a signal valve's position switch. An integrator re-wires it by copying the profile and
 * changing addresses, kinds and component types (GB/T 26875.3: 91 fire pump, 97 signal valve).
 */
export const digitalInputModule: DeviceProfile = defineComposedProfile({
  id: 'generic-digital-input-module',
  vendor: 'Generic',
  model: 'Modbus digital-input module (8 DI)',
  description: 'DI0 pump running, DI1 pump fault, DI2 signal valve closed (supervisory)',
  systemType: 11,
  componentType: 84,
  extend: [
    m.digitalInput({
      id: 'pump-running',
      name: 'Fire pump running',
      address: 0,
      kind: 'started',
      componentType: 91,
    }),
    m.digitalInput({
      id: 'pump-fault',
      name: 'Fire pump fault',
      address: 1,
      kind: 'fault',
      componentType: 91,
    }),
    m.digitalInput({
      id: 'signal-valve-closed',
      name: 'Signal valve closed',
      address: 2,
      kind: 'supervisory',
      componentType: 97,
      description: 'signal valve not fully open',
    }),
  ],
});
