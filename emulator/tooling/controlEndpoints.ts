// The emulator's own endpoints under /_emulator/ (stats, reset, external sign-in), which Cognito does not have.
import { EmulatorNotFound } from "../emulatorErrors";
import type { Services } from "../cognito/services";
import { ExternalSignIn } from "./externalSignIn";
import type { QuotaEnforcer } from "./quotas";
import type { StatsCounter } from "./stats";

export interface ControlDependencies {
  services: Services;
  stats: StatsCounter;
  quotas: QuotaEnforcer;
  /** Runs work that may change the store, and saves the state when it did (see server.ts). */
  tracking: <T>(work: () => T) => T;
}

/** The answer of one request to `method path`, or EmulatorNotFound; `body` parses the request body. */
export type ControlEndpoints = (method: string, path: string, body: () => unknown) => object;

export function controlEndpoints({
  services,
  stats,
  quotas,
  tracking,
}: ControlDependencies): ControlEndpoints {
  const signIn = ExternalSignIn(services);
  return (method, path, body) => {
    if (method === "GET" && path === "/_emulator/stats") return stats.snapshot();
    if (method === "POST" && path === "/_emulator/stats/reset") {
      stats.reset();
      return {};
    }
    if (method === "POST" && path === "/_emulator/reset") {
      // A fresh emulator for the next suite: no pools, no counts, full quota buckets.
      tracking(() => services.store.clear());
      stats.reset();
      quotas.reset();
      return {};
    }
    if (method === "POST" && path === "/_emulator/sign-in") {
      const request = body();
      return tracking(() => signIn(request));
    }
    throw new EmulatorNotFound(
      `No emulator endpoint ${method} ${path}; there are GET /_emulator/stats, POST /_emulator/stats/reset, POST /_emulator/reset and POST /_emulator/sign-in`,
    );
  };
}
