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
import { controlEndpoints } from "./tooling/controlEndpoints";
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

export function createEmulatorServer(deps: ServerDependencies): http.Server {
  const { services, quotas, faults, stats, onChange, log } = deps;
  const handlers = new Map<OperationName, OperationHandler>();
  for (const name of Object.keys(operations)) {
    if (isOperationName(name)) handlers.set(name, operationEntry(name).build(services));
  }

  /** Anything thrown that is not one of our errors is a bug: answer 500, and say so on the log. */
  const asServiceError = (error: unknown): ServiceError => {
    if (error instanceof ServiceError) return error;
    log(
      `cognito emulator: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return new InternalErrorException(`The Cognito emulator failed: ${(error as Error).message}`);
  };

  /** Runs `work`, then tells the owner when it changed the store (even when it failed half-way). */
  const tracking = <T>(work: () => T): T => {
    const before = services.store.changes;
    try {
      return work();
    } finally {
      if (services.store.changes !== before) onChange();
    }
  };

  const control = controlEndpoints({ services, stats, quotas, tracking });

  async function handleCognito(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    requestId: string,
  ): Promise<void> {
    // Drawn at arrival, before anything asynchronous, so that decisions follow arrival order.
    const decision = faults?.next() ?? NO_FAULT;
    let operation = NO_OPERATION;
    try {
      const text = await readBody(req);
      const path = (req.url ?? "/").split("?")[0];
      const named = operationOf(req.headers["x-amz-target"]);
      if (req.method !== "POST" || path !== "/" || named === undefined) {
        throw new UnknownOperationException(
          `Cognito operations are POST / with the header X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`,
        );
      }
      operation = named;
      if (!isOperationName(named)) throw new EmulatorUnsupportedOperation(named);
      const handler = handlers.get(named);
      if (handler === undefined) throw new EmulatorUnsupportedOperation(named);
      const region = regionOf(req.headers.authorization);

      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (!quotas.tryAcquire(region, operationEntry(named).category)) throw new TooManyRequestsException();
      if (decision.kind === "reset") {
        stats.record(operation, CONNECTION_RESET);
        req.socket.destroy();
        return;
      }
      if (decision.kind === "internal")
        throw new InternalErrorException("Internal server error (injected fault)");

      const body = parseJson(text);
      const output = tracking(() => handler({ region, requestId }, body));
      if (decision.kind === "reset-after") {
        stats.record(operation, CONNECTION_RESET);
        req.socket.destroy();
        return;
      }
      if (decision.kind === "internal-after") {
        throw new InternalErrorException("Internal server error (injected fault, after the change was made)");
      }
      stats.record(operation, "ok");
      sendOutput(res, requestId, output);
    } catch (thrown) {
      if (thrown instanceof ClientDisconnected) {
        stats.record(operationOf(req.headers["x-amz-target"]) ?? NO_OPERATION, CLIENT_DISCONNECTED);
        res.destroy();
        return;
      }
      const error = asServiceError(thrown);
      stats.record(operation, error.name);
      sendError(res, requestId, error);
    }
  }

  async function handleEmulator(
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

  return http.createServer((req, res) => {
    const requestId = services.ids.requestId();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    // The emulator's own endpoints are not Cognito calls: no quotas, no faults, not counted.
    const work = path.startsWith("/_emulator/")
      ? handleEmulator(req, res, requestId, path)
      : handleCognito(req, res, requestId);
    work.catch((error: unknown) => {
      log(`cognito emulator: failed to answer a request: ${String(error)}`);
      res.destroy();
    });
  });
}
