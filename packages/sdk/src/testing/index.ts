/**
 * `@firecode/sdk/testing`: test support for programs built on the SDK (not part of the runtime API) —
 * a small sample catalog to publish against. The in-memory MQTT broker and the message collector are
 * in `@firecode/uplink/testing`. Kept out of the main entry so a vendor's device does not load them.
 */
export { pressureHubParts } from './pressure-hub-catalog.js';
