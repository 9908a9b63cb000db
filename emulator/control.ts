// A typed client of the emulator's own endpoints (/_emulator/*): request counts, reset and external sign-in.
import type { SignInRequest, SignInResult } from "./tooling/externalSignIn";
import type { Stats } from "./tooling/stats";

export type { SignInRequest, SignInResult } from "./tooling/externalSignIn";
export type { Stats } from "./tooling/stats";

/** An answer of an /_emulator/ endpoint other than 200, with the error name the emulator gave. */
/** An answer's body as JSON, or undefined when it is not JSON (an error page, an empty body). */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class EmulatorControlError extends Error {
  override readonly name = "EmulatorControlError";
  constructor(
    readonly endpoint: string,
    readonly status: number,
    /** The `__type` of the answer (`ResourceNotFoundException`, `EmulatorNotFound`, ...), when it had one. */
    readonly errorType: string | undefined,
    text: string,
  ) {
    super(`${endpoint} answered ${status}: ${text}`);
  }
}

/** What an emulator offers beyond Cognito, wherever it runs (in this process or as a child process). */
export interface EmulatorControl {
  /** GET /_emulator/stats: Cognito requests counted per operation and outcome. */
  stats(): Promise<Stats>;
  /** POST /_emulator/stats/reset: the counts back to zero. */
  resetStats(): Promise<void>;
  /** POST /_emulator/reset: no pools in any region, counts zeroed, quota buckets full. */
  reset(): Promise<void>;
  /** POST /_emulator/sign-in: an external identity signs in (a linked one as its destination). */
  signIn(request: SignInRequest): Promise<SignInResult>;
}

async function call<T>(url: string, method: "GET" | "POST", path: string, body?: object): Promise<T> {
  const endpoint = `${method} ${path}`;
  const response = await fetch(`${url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed = jsonOrUndefined(text);
  if (response.status !== 200) {
    const type =
      typeof parsed === "object" && parsed !== null && "__type" in parsed && typeof parsed.__type === "string"
        ? parsed.__type
        : undefined;
    throw new EmulatorControlError(endpoint, response.status, type, text);
  }
  if (parsed === undefined) throw new EmulatorControlError(endpoint, response.status, undefined, text);
  return parsed as T;
}

/** The client of the emulator at `url` (`http://127.0.0.1:<port>`). */
export function emulatorControl(url: string): EmulatorControl {
  return {
    stats: () => call<Stats>(url, "GET", "/_emulator/stats"),
    resetStats: async () => {
      await call<object>(url, "POST", "/_emulator/stats/reset");
    },
    reset: async () => {
      await call<object>(url, "POST", "/_emulator/reset");
    },
    signIn: (request) => call<SignInResult>(url, "POST", "/_emulator/sign-in", request),
  };
}

/**
 * The emulator's external sign-in of one identity (`POST /_emulator/sign-in`): a linked identity signs in
 * as its destination, an unlinked one as its own federated user. Rejects with EmulatorControlError unless
 * the emulator answers 200.
 */
export function signIn(
  url: string,
  poolId: string,
  providerName: string,
  value: string,
): Promise<SignInResult> {
  return emulatorControl(url).signIn({
    UserPoolId: poolId,
    ProviderName: providerName,
    ProviderAttributeValue: value,
  });
}
