// The provider host's per-process store: clients, the rate limiter, read caches and the deployment's books.
import type { CognitoApi, UserRecord } from "./cognito";
import type { RateLimiter } from "./ratelimit";

/**
 * The engine runs one dynamic-provider host process for a deployment, and it serves every link (the provider
 * object is cached per distinct serialized text). State kept here is therefore process-wide, which is what a
 * rate limiter needs. It hangs off `globalThis` under a versioned key, never off module scope or the provider
 * object, so nothing of it is ever captured into the serialized provider (and two provider versions in one
 * process share one limiter). A string key, not a Symbol: the closure serializer cannot rebuild symbols.
 * Fields added after 0.1.0 are optional: a store made by an older provider version in the same process lacks them.
 */
const KEY = "__pulumiCognitoUserProviderLinkRuntimeV1";

/** A read started at `startedAt`, finished or in flight. */
export interface Timed<T> {
  startedAt: number;
  promise: Promise<T>;
  /** The read answered "no such user". */
  notFound?: boolean;
}

export interface ProcessRuntime {
  limiter?: RateLimiter;
  /** Clients per region and endpoint (session.ts). */
  apis: Map<string, CognitoApi>;
  /** Shared AdminGetUser reads per user (session.ts). */
  users: Map<string, Timed<UserRecord>>;
  /** When this process last changed a user's links (session.ts). */
  mutatedAt: Map<string, number>;
  /** DescribeUserPool and DescribeIdentityProvider answers (session.ts). */
  describes: Map<string, Timed<unknown>>;
  /** Preflight's running count of links planned per destination in this process (quota of 5, ledger.ts). */
  planned: Map<string, Set<string>>;
  /** Identities that replacements in this process unlink from a destination before linking anew (ledger.ts). */
  leaving?: Map<string, Set<string>>;
  /** Links that checks of this deployment declared (ledger.ts). */
  declared?: Set<string>;
  /** The tail of each identity's queue of creates and deletes (ledger.ts). */
  queues?: Map<string, Promise<unknown>>;
}

/** This process's store, made on first use. */
export function processRuntime(): ProcessRuntime {
  const g = globalThis as unknown as Record<string, ProcessRuntime | undefined>;
  let rt = g[KEY];
  if (!rt) {
    rt = {
      apis: new Map(),
      users: new Map(),
      mutatedAt: new Map(),
      describes: new Map(),
      planned: new Map(),
      leaving: new Map(),
      declared: new Set(),
    };
    g[KEY] = rt;
  }
  return rt;
}

/** Forgets clients, caches and books (tests only: a host process never needs it). */
export function resetProcessRuntime(): void {
  (globalThis as unknown as Record<string, unknown>)[KEY] = undefined;
}
