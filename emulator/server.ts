// The HTTP server: Cognito's wire protocol at POST /, the emulator's own endpoints under /_emulator/.
import * as http from "http";
import {
  InternalErrorException,
  SerializationException,
  ServiceError,
  TooManyRequestsException,
  UnknownOperationException,
} from "./cognito/errors";
import {
  isOperationName,
  type OperationHandler,
  type OperationName,
  operationEntry,
  operations,
} from "./cognito/registry";
import type { Services } from "./cognito/services";
import { EmulatorUnsupportedOperation } from "./emulatorErrors";
import { operationOf, regionOf, sendError, sendOutput } from "./protocol";
import { type ControlEndpoints, controlEndpoints } from "./tooling/controlEndpoints";
import type { FaultDecision, FaultInjector } from "./tooling/faults";
import type { QuotaEnforcer } from "./tooling/quotas";
import { CLIENT_DISCONNECTED, CONNECTION_RESET, type StatsCounter } from "./tooling/stats";

const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerDependencies {
  services: Services;
  quotas: QuotaEnforcer;
  faults: FaultInjector | undefined;
  stats: StatsCounter;
  /**
   * Called after a request changed the store (saves the state file when there is one). Throws a
   * ServiceError, the change undone, when it cannot keep it.
   */
  onChange: () => void;
  /** Where unexpected errors are reported (stderr in the CLI). */
  log: (message: string) => void;
}

/** The stats key of a request that names no operation. */
const NO_OPERATION = "(none)";
const NO_FAULT: FaultDecision = { kind: "none", latencyMs: 0 };

/** The client went away before its request body was complete: nobody to answer, nothing went wrong here. */
class ClientDisconnected extends Error {
  override readonly name = "ClientDisconnected";
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const disconnected = (): void => reject(new ClientDisconnected("the client closed the connection"));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES)
        reject(new SerializationException(`The request body exceeds ${MAX_BODY_BYTES} bytes`));
      else resolve(Buffer.concat(chunks).toString("utf8"));
    });
    // A client that disconnects mid-body makes the request emit "aborted" and an ECONNRESET "error".
    req.on("aborted", disconnected);
    req.on("error", (error: NodeJS.ErrnoException) =>
      req.complete || error.code !== "ECONNRESET" ? reject(error) : disconnected(),
    );
    req.on("close", () => {
      if (!req.complete) disconnected();
    });
  });
}

function parseJson(text: string): unknown {
  // An empty body is an empty structure, as for AWS.
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SerializationException(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work`, then tells the owner when it changed the store (even when it failed half-way). */
type Tracking = <T>(work: () => T) => T;

/** What a Cognito request is answered with: the handlers, and the machinery around a call. */
interface CognitoContext {
  handlers: ReadonlyMap<OperationName, OperationHandler>;
  quotas: QuotaEnforcer;
  faults: FaultInjector | undefined;
  stats: StatsCounter;
  tracking: Tracking;
  asServiceError: (error: unknown) => ServiceError;
}

/** One handler per operation of the registry, each given the services it needs. */
function buildHandlers(services: Services): Map<OperationName, OperationHandler> {
  const handlers = new Map<OperationName, OperationHandler>();
  for (const name of Object.keys(operations)) {
    if (isOperationName(name)) handlers.set(name, operationEntry(name).build(services));
  }
  return handlers;
}

/** Anything thrown that is not one of our errors is a bug: answer 500, and say so on the log. */
function reportingUnexpected(log: (message: string) => void): (error: unknown) => ServiceError {
  return (error) => {
    if (error instanceof ServiceError) return error;
    log(
      `cognito emulator: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return new InternalErrorException(`The Cognito emulator failed: ${(error as Error).message}`);
  };
}

function trackingChanges(services: Services, onChange: () => void): Tracking {
  return (work) => {
    const before = services.store.changes;
    try {
      return work();
    } finally {
      if (services.store.changes !== before) onChange();
    }
  };
}

/** The operation a Cognito request names: POST / with the target header, or UnknownOperationException. */
function namedOperation(req: http.IncomingMessage): string {
  const path = (req.url ?? "/").split("?")[0];
  const named = operationOf(req.headers["x-amz-target"]);
  if (req.method !== "POST" || path !== "/" || named === undefined) {
    throw new UnknownOperationException(
      `Cognito operations are POST / with the header X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`,
    );
  }
  return named;
}

/** The handler of a named operation, or EmulatorUnsupportedOperation for one the emulator does not implement. */
function handlerOf(
  handlers: ReadonlyMap<OperationName, OperationHandler>,
  named: string,
): { name: OperationName; handler: OperationHandler } {
  if (!isOperationName(named)) throw new EmulatorUnsupportedOperation(named);
  const handler = handlers.get(named);
  if (handler === undefined) throw new EmulatorUnsupportedOperation(named);
  return { name: named, handler };
}

/**
 * What comes before the call: the drawn latency, the quota, then an injected reset (resolves "reset": the
 * connection is to be dropped) or 500 (throws).
 */
async function beforeCall(
  quotas: QuotaEnforcer,
  decision: FaultDecision,
  region: string,
  name: OperationName,
): Promise<"reset" | "call"> {
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (!quotas.tryAcquire(region, operationEntry(name).category)) throw new TooManyRequestsException();
  if (decision.kind === "reset") return "reset";
  if (decision.kind === "internal")
    throw new InternalErrorException("Internal server error (injected fault)");
  return "call";
}

/** What comes after the call, the change made: an injected reset ("reset") or 500 (throws). */
function afterCall(decision: FaultDecision): "reset" | "answer" {
  if (decision.kind === "reset-after") return "reset";
  if (decision.kind === "internal-after") {
    throw new InternalErrorException("Internal server error (injected fault, after the change was made)");
  }
  return "answer";
}

/** An injected reset: counted, then the connection dropped without an answer. */
function resetConnection(req: http.IncomingMessage, stats: StatsCounter, operation: string): void {
  stats.record(operation, CONNECTION_RESET);
  req.socket.destroy();
}

/** A Cognito request that failed: a client gone is counted and dropped; anything else is answered as an error. */
function failCognito(
  ctx: CognitoContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
  operation: string,
  thrown: unknown,
): void {
  if (thrown instanceof ClientDisconnected) {
    ctx.stats.record(operationOf(req.headers["x-amz-target"]) ?? NO_OPERATION, CLIENT_DISCONNECTED);
    res.destroy();
    return;
  }
  const error = ctx.asServiceError(thrown);
  ctx.stats.record(operation, error.name);
  sendError(res, requestId, error);
}

async function handleCognito(
  ctx: CognitoContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
): Promise<void> {
  // Drawn at arrival, before anything asynchronous, so that decisions follow arrival order.
  const decision = ctx.faults?.next() ?? NO_FAULT;
  let operation = NO_OPERATION;
  try {
    const text = await readBody(req);
    operation = namedOperation(req);
    const { name, handler } = handlerOf(ctx.handlers, operation);
    const region = regionOf(req.headers.authorization);
    if ((await beforeCall(ctx.quotas, decision, region, name)) === "reset") {
      resetConnection(req, ctx.stats, operation);
      return;
    }
    const body = parseJson(text);
    const output = ctx.tracking(() => handler({ region, requestId }, body));
    if (afterCall(decision) === "reset") {
      resetConnection(req, ctx.stats, operation);
      return;
    }
    ctx.stats.record(operation, "ok");
    sendOutput(res, requestId, output);
  } catch (thrown) {
    failCognito(ctx, req, res, requestId, operation, thrown);
  }
}

/** A request to the emulator's own endpoints: no quotas, no faults, not counted. */
async function handleControl(
  control: ControlEndpoints,
  asServiceError: (error: unknown) => ServiceError,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
  path: string,
): Promise<void> {
  try {
    const text = await readBody(req);
    sendOutput(
      res,
      requestId,
      control(req.method ?? "", path, () => parseJson(text)),
    );
  } catch (thrown) {
    if (thrown instanceof ClientDisconnected) res.destroy();
    else sendError(res, requestId, asServiceError(thrown));
  }
}

export function createEmulatorServer(deps: ServerDependencies): http.Server {
  const { services, quotas, faults, stats, onChange, log } = deps;
  const tracking = trackingChanges(services, onChange);
  const asServiceError = reportingUnexpected(log);
  const cognito: CognitoContext = {
    handlers: buildHandlers(services),
    quotas,
    faults,
    stats,
    tracking,
    asServiceError,
  };
  const control = controlEndpoints({ services, stats, quotas, tracking });

  return http.createServer((req, res) => {
    const requestId = services.ids.requestId();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    // The emulator's own endpoints are not Cognito calls: no quotas, no faults, not counted.
    const work = path.startsWith("/_emulator/")
      ? handleControl(control, asServiceError, req, res, requestId, path)
      : handleCognito(cognito, req, res, requestId);
    work.catch((error: unknown) => {
      log(`cognito emulator: failed to answer a request: ${String(error)}`);
      res.destroy();
    });
  });
}
