// The engine-path harness: capture a program's registrations, run them through the real dynamic-provider host.
//
//   const at = { project: "proj", stack: "dev" };
//   const engine = new Engine({ project: "proj", config: { "aws:region": "us-east-1" } });
//   await engine.preview(dynamicOnly(await capture(program, { ...at, preview: true }))); // check+diff, no create
//   const up = await engine.up(dynamicOnly(await capture(program, at)), { parallelism: 16 });
//   console.log(formatTiming(up.timing)); // ms per check/diff/create; failures throw DeploymentError
//   secretKeys(engine.resource("link").outputs);
//   engine.save("state.json"); await engine.refresh(); await engine.destroy();
export {
  capture,
  dynamicOnly,
  registration,
  registrationFrom,
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
