export {
  type CentreFaults,
  type CentreSchedule,
  CentreSimulator,
  type CentreSimulatorEvents,
  type CentreSimulatorOptions,
  defaultRequest,
  type ReceivedFrame,
} from './centre-simulator.js';
export { describeFrame } from './describe-frame.js';
