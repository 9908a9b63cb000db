// Per-process state of the provider host: clients, the rate limiter and short-lived read caches.
import {
  CognitoApi,
  createCognitoApi,
  DEFAULT_MAX_ATTEMPTS,
  MAX_ATTEMPTS_ENV,
  PoolInfo,
  UserRecord,
} from "./cognito";
import { awsErrorInfo, classify } from "./errors";
import { parseRateLimits, RATE_LIMITS_ENV, RateLimiter } from "./ratelimit";

/**
 * The engine runs one dynamic-provider host process for a deployment, and it serves every link (the provider
 * object is cached per distinct serialized text). State kept here is therefore process-wide, which is what a
 * rate limiter needs. It hangs off `globalThis` under a versioned key, never off module scope or the provider
 * object, so nothing of it is ever captured into the serialized provider (and two provider versions in one
 * process share one limiter). A string key, not a Symbol: the closure serializer cannot rebuild symbols.
 */
const KEY = "__pulumiCognitoUserProviderLinkRuntimeV1";

/** How long a user read may serve other links of the same user (preflight, refresh). */
export const SHARE_WINDOW_MS = 2_000;
/** How long a pool's or identity provider's existence is remembered by preflight. */
const DESCRIBE_TTL_MS = 60_000;

interface Timed<T> {
  startedAt: number;
  promise: Promise<T>;
  /** The read answered "no such user". */
  notFound?: boolean;
}

interface ProcessRuntime {
  limiter?: RateLimiter;
  apis: Map<string, CognitoApi>;
  users: Map<string, Timed<UserRecord>>;
  mutatedAt: Map<string, number>;
  describes: Map<string, Timed<unknown>>;
  /** Preflight's running count of links planned per destination in this process (quota of 5). */
  planned: Map<string, Set<string>>;
  /** Identities that replacements in this process unlink from a destination before linking anew. */
  leaving?: Map<string, Set<string>>;
  /** Links that checks of this deployment declared (see {@link Session.declare}). */
  declared?: Set<string>;
  /** The tail of each identity's queue of creates and deletes (see {@link Session.exclusive}). */
  queues?: Map<string, Promise<unknown>>;
}

function runtime(): ProcessRuntime {
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

/** Forgets clients and caches (tests only: a host process never needs it). */
export function resetProcessRuntime(): void {
  (globalThis as unknown as Record<string, unknown>)[KEY] = undefined;
}

function endpointKey(): string {
  const env = process.env;
  return env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ?? env.AWS_ENDPOINT_URL ?? "";
}

export type ApiFactory = (region: string) => CognitoApi;

function defaultApi(region: string): CognitoApi {
  const rt = runtime();
  rt.limiter ??= new RateLimiter(parseRateLimits(process.env[RATE_LIMITS_ENV]));
  const attempts = Number(process.env[MAX_ATTEMPTS_ENV] ?? DEFAULT_MAX_ATTEMPTS);
  return createCognitoApi(
    region,
    rt.limiter,
    Number.isInteger(attempts) && attempts > 0 ? attempts : DEFAULT_MAX_ATTEMPTS,
  );
}

/** Cognito for one region, with reads shared between links of the same user. */
export class Session {
  private readonly rt = runtime();
  readonly api: CognitoApi;
  private readonly scope: string;

  constructor(region: string, factory: ApiFactory = defaultApi) {
    this.scope = `${region}|${endpointKey()}`;
    let api = this.rt.apis.get(this.scope);
    if (!api || factory !== defaultApi) {
      api = factory(region);
      if (factory === defaultApi) this.rt.apis.set(this.scope, api);
    }
    this.api = api;
  }

  /**
   * AdminGetUser, shared: a read (finished or in flight) that started after `freshAfter` and after the user's
   * last link change in this process serves every caller, so five links of one user cost one call. A "no such
   * user" answer is shared too, but never for longer than SHARE_WINDOW_MS, whatever the caller accepts: an
   * identity may sign in (and so become a user) at any moment. Other errors are not kept.
   */
  getUser(userPoolId: string, username: string, freshAfter: number): Promise<UserRecord> {
    const key = `${this.scope}|${userPoolId}|${username}`;
    const since = Math.max(freshAfter, this.rt.mutatedAt.get(key) ?? 0);
    const cached = this.rt.users.get(key);
    const notBefore = cached?.notFound ? Math.max(since, Date.now() - SHARE_WINDOW_MS) : since;
    if (cached && cached.startedAt >= notBefore) return cached.promise;
    const entry: Timed<UserRecord> = { startedAt: Date.now(), promise: Promise.resolve() as never };
    entry.promise = this.api.getUser(userPoolId, username);
    entry.promise.catch((e: unknown) => {
      if (this.rt.users.get(key) !== entry) return;
      if (classify(awsErrorInfo(e)) === "userNotFound") entry.notFound = true;
      else this.rt.users.delete(key);
    });
    this.rt.users.set(key, entry);
    return entry.promise;
  }

  /** Marks a user's links as changed, so later reads go to Cognito. */
  changed(userPoolId: string, username: string): void {
    this.rt.mutatedAt.set(`${this.scope}|${userPoolId}|${username}`, Date.now() + 1);
  }

  private describe<T>(key: string, call: () => Promise<T>): Promise<T> {
    const full = `${this.scope}|${key}`;
    const cached = this.rt.describes.get(full);
    if (cached && Date.now() - cached.startedAt < DESCRIBE_TTL_MS) return cached.promise as Promise<T>;
    const entry: Timed<T> = { startedAt: Date.now(), promise: call() };
    entry.promise.catch(() => this.rt.describes.delete(full));
    this.rt.describes.set(full, entry);
    return entry.promise;
  }

  describeUserPool(userPoolId: string): Promise<PoolInfo> {
    return this.describe(`pool|${userPoolId}`, () => this.api.describeUserPool(userPoolId));
  }

  describeIdentityProvider(userPoolId: string, providerName: string): Promise<{ providerType: string }> {
    return this.describe(`idp|${userPoolId}|${providerName}`, () =>
      this.api.describeIdentityProvider(userPoolId, providerName),
    );
  }

  link(...args: Parameters<CognitoApi["link"]>): Promise<void> {
    return this.api.link(...args);
  }

  disable(...args: Parameters<CognitoApi["disable"]>): Promise<void> {
    return this.api.disable(...args);
  }

  /** The set of identities planned for a destination by preflight in this process. */
  planned(destinationKey: string): Set<string> {
    const key = `${this.scope}|${destinationKey}`;
    let set = this.rt.planned.get(key);
    if (!set) this.rt.planned.set(key, (set = new Set()));
    return set;
  }

  /** The set of identities that replacements in this process unlink from a destination first. */
  leaving(destinationKey: string): Set<string> {
    const key = `${this.scope}|${destinationKey}`;
    const all = (this.rt.leaving ??= new Map()); // a runtime made by an older provider version has none
    let set = all.get(key);
    if (!set) all.set(key, (set = new Set()));
    return set;
  }

  /**
   * Notes that a resource of this deployment declares `linkKey` (its check passed with known inputs). The
   * engine checks every resource the program registers, changed or not, and one host process serves one
   * deployment. The deletes of resources that left the program (renamed, moved into or out of a component,
   * declared twice) run only after the program has registered, and so checked, every resource it still
   * has: such a delete asks {@link isDeclared} and leaves a declared link linked. The delete half of a
   * replacement can run before resources registered after it are checked: a swap may then unlink an
   * identity that the other half links again (see {@link exclusive}); a duplicate declared after a link
   * that changes is not protected (README, "Renames, moves and refactors").
   */
  declare(linkKey: string): void {
    (this.rt.declared ??= new Set()).add(`${this.scope}|${linkKey}`); // an older provider's runtime has none
  }

  isDeclared(linkKey: string): boolean {
    return this.rt.declared?.has(`${this.scope}|${linkKey}`) ?? false;
  }

  /**
   * Runs `work` after every earlier create or delete of the same identity in this process has settled. The
   * engine runs the halves of different resources' replacements in parallel: in a swap, one resource's delete
   * may pass its declared check before the other resource is checked, read the identity as linked, and
   * send its disable call after the other's create has adopted the identity: the link would be lost. Queued,
   * the create waits for that delete and links the identity again.
   */
  async exclusive<T>(identityKey: string, work: () => Promise<T>): Promise<T> {
    const queues = (this.rt.queues ??= new Map());
    const key = `${this.scope}|${identityKey}`;
    const before = queues.get(key) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    try {
      return await run;
    } finally {
      if (queues.get(key) === tail) queues.delete(key);
    }
  }
}
