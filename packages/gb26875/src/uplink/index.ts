export { fixedFacts, type GatewayFacts } from './gateway-facts.js';
export {
  Gb26875Uplink,
  type Gb26875UplinkHealth,
  type Gb26875UplinkOptions,
} from './gb26875-uplink.js';
export { MapperResponder } from './mapper-responder.js';
export { quirksFromNames } from './quirks-from-names.js';
