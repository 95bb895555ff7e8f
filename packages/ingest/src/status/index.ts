export {
  type BuildingFacts,
  colourOfIndicators,
  evaluateBuilding,
  type MaintenanceItem,
  type StatusIndicator,
} from './evaluate.js';
export { WATER_COMPONENT_TYPES, WATER_SYSTEM_TYPES } from './gateway-track.js';
export {
  colourRank,
  defaultStatusThresholds,
  resolveThresholds,
  STATUS_RULE_SET_VERSION,
  type StatusColour,
  type StatusRule,
  type StatusRuleId,
  type StatusThresholds,
  statusColours,
  statusRules,
  worseColour,
} from './rule-set.js';
export {
  type BuildingStatus,
  BuildingStatusEngine,
  type GatewayLiveness,
  type StatusEngineOptions,
} from './status-engine.js';
