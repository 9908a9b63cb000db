// The engine-path harness: capture a program's registrations, run them through the real dynamic-provider host.
export {
  capture,
  registration,
  type CaptureOptions,
  type Registration,
  type RegistrationOptions,
} from "./capture";
export { checkFailureMessage, type CheckFailure, type Diagnostic } from "./diagnostics";
export {
  DeploymentError,
  Engine,
  type EngineOptions,
  type OperationResult,
  type ResourceState,
  type RunOptions,
  type StateFile,
  type Step,
} from "./engine";
export {
  HostCallError,
  HostClient,
  startHost,
  stopAllHosts,
  type CallRecord,
  type HostOptions,
  type StackConfig,
} from "./host";
export { annotateSecrets, markAdditionalSecretOutputs, secretKeys, stripSecrets } from "./secrets";
export { formatTiming, maxInFlight, summarize, type Timing } from "./timing";
export {
  UNKNOWN,
  containsSecrets,
  containsUnknowns,
  isSecret,
  reveal,
  secret,
  type PropertyMap,
} from "./wire";
