export { answerRequest, type DeviceFacts } from './answer.js';
export { coalesce } from './coalesce.js';
export {
  CLEARED_BY_RESET,
  type Condition,
  type EventRule,
  eventRules,
  type SystemAction,
  type SystemCondition,
  type TransmissionAction,
} from './conditions.js';
export {
  type ComponentKey,
  Gb26875Mapper,
  idAddress,
  type LiveComponent,
  type LiveSystem,
  type MapperOptions,
  type MapperState,
} from './mapper.js';
export { type UserDefinedCode, userDefinedCodes } from './user-defined.js';
