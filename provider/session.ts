// Cognito for one region as the links of one host process share it: one client, reads shared between links.
import { CognitoApi, createCognitoApi, PoolInfo, UserRecord } from "./cognito";
import { cognitoEndpoint, maxAttempts, rateLimits } from "./config";
import { awsErrorInfo, classify } from "./errors";
import { RateLimiter } from "./ratelimit";
import { processRuntime, Timed } from "./runtime";

/** How long a user read may serve other links of the same user (preflight, refresh). */
export const SHARE_WINDOW_MS = 2_000;
/** How long a pool's or identity provider's existence is remembered by preflight. */
const DESCRIBE_TTL_MS = 60_000;

export type ApiFactory = (region: string) => CognitoApi;

function defaultApi(region: string): CognitoApi {
  const rt = processRuntime();
  rt.limiter ??= new RateLimiter(rateLimits());
  return createCognitoApi(region, rt.limiter, maxAttempts());
}

/**
 * A Cognito session: the Cognito API of one region and endpoint, with the read cache that the links of one
 * host process share. The client is made once per process (or comes from a test's factory); AdminGetUser
 * answers serve every link of the same user for a moment, and the describe calls for a minute; a link change
 * made through the session ends the sharing of that user's reads. Kept in the process store (runtime.ts),
 * so every Session of a region sees the same cache. `scope` names the region and endpoint, for the books
 * kept beside it (ledger.ts).
 */
export class Session {
  private readonly rt = processRuntime();
  readonly api: CognitoApi;
  readonly scope: string;

  constructor(region: string, factory: ApiFactory = defaultApi) {
    this.scope = `${region}|${cognitoEndpoint()}`;
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
}
