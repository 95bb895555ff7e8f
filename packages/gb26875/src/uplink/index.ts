export {
  Gb26875Uplink,
  type Gb26875UplinkHealth,
  type Gb26875UplinkOptions,
  type UplinkMapping,
} from './gb26875-uplink.js';
export { fixedFacts, type GatewayFacts, LiveState } from './live-state.js';
export { LiveStateResponder } from './live-state-responder.js';
export { quirksFromNames } from './quirks-from-names.js';
export { createSchemaMapping } from './schema-mapping.js';
