// The Cognito API as the provider uses it: the only module that imports the AWS SDK.
import {
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CognitoIdentityProviderClient,
  DescribeIdentityProviderCommand,
  DescribeUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DEFAULT_MAX_ATTEMPTS } from "./config";
import type { SourceUser } from "./inputs";
import { nativeProviderRefused } from "./messages";
import { isCognitoProvider } from "./validate";

export interface UserRecord {
  username: string;
  status?: string;
  attributes: Record<string, string>;
}

export interface PoolInfo {
  caseSensitive: boolean;
}

/** A user or identity as Cognito's API names it: ProviderName, ProviderAttributeName, ProviderAttributeValue. */
export type Identifier = SourceUser;

/** The calls the provider makes. Errors are the SDK's own (identified by `name`, see errors.ts). */
export interface CognitoApi {
  /** `caseSensitive` is false only when the pool says so (`UsernameConfiguration.CaseSensitive`, docs/cognito.md R7). */
  describeUserPool(userPoolId: string): Promise<PoolInfo>;
  describeIdentityProvider(userPoolId: string, providerName: string): Promise<{ providerType: string }>;
  getUser(userPoolId: string, username: string): Promise<UserRecord>;
  link(userPoolId: string, destination: Identifier, source: Identifier): Promise<void>;
  disable(userPoolId: string, source: Identifier): Promise<void>;
}

export interface Limiter {
  acquire(operation: string): Promise<void>;
}

/**
 * Builds a client for the pool's region. Credentials come from the SDK's default chain and the endpoint from
 * the standard AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER / AWS_ENDPOINT_URL variables, both read here at call
 * time in the provider's process: nothing of the environment is captured into the serialized provider.
 */
export function createCognitoApi(
  region: string,
  limiter: Limiter,
  maxAttempts = DEFAULT_MAX_ATTEMPTS,
): CognitoApi {
  return apiOver(newClient(region, limiter, maxAttempts));
}

/** The SDK client: adaptive retries, each attempt paced by `limiter`, no retry of NOT_RETRIED errors. */
function newClient(region: string, limiter: Limiter, maxAttempts: number): CognitoIdentityProviderClient {
  const client = new CognitoIdentityProviderClient({
    region,
    maxAttempts,
    // Adaptive mode adds a client-side rate limiter that backs off further after throttling errors.
    retryMode: "adaptive",
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  // Each attempt, retries included, waits for a token of its quota category: the retry middleware sits in
  // the finalizeRequest step with high priority, so a low-priority middleware there runs once per attempt.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      await limiter.acquire(String(context.commandName ?? "").replace(/Command$/, ""));
      return next(args);
    },
    { step: "finalizeRequest", priority: "low", name: "cognitoLinkRateLimit" },
  );
  stopRetryingOn(client, NOT_RETRIED);
  return client;
}

/** The calls, in the provider's terms, over the client: requests built here, answers read into our shapes. */
function apiOver(client: CognitoIdentityProviderClient): CognitoApi {
  return {
    async describeUserPool(userPoolId) {
      const out = await client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
      // Absent means case-sensitive: pools made by the API without the setting are (docs/cognito.md R7).
      return { caseSensitive: out.UserPool?.UsernameConfiguration?.CaseSensitive !== false };
    },
    async describeIdentityProvider(userPoolId, providerName) {
      const out = await client.send(
        new DescribeIdentityProviderCommand({ UserPoolId: userPoolId, ProviderName: providerName }),
      );
      return { providerType: String(out.IdentityProvider?.ProviderType ?? "") };
    },
    async getUser(userPoolId, username) {
      const out = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
      const attributes: Record<string, string> = {};
      for (const a of out.UserAttributes ?? []) if (a.Name !== undefined) attributes[a.Name] = a.Value ?? "";
      return { username: out.Username ?? username, status: out.UserStatus, attributes };
    },
    async link(userPoolId, destination, source) {
      if (isCognitoProvider(source.providerName)) throw refusal("AdminLinkProviderForUser");
      await client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: userPoolId,
          DestinationUser: onTheWire(destination),
          SourceUser: onTheWire(source),
        }),
      );
    },
    async disable(userPoolId, source) {
      // Last line of defence (docs/cognito.md D4): a disable that names a native user stops its password sign-in.
      if (isCognitoProvider(source.providerName)) throw refusal("AdminDisableProviderForUser");
      await client.send(
        new AdminDisableProviderForUserCommand({ UserPoolId: userPoolId, User: onTheWire(source) }),
      );
    },
  };
}

/** An identifier as the API's requests spell it. */
function onTheWire(id: Identifier) {
  return {
    ProviderName: id.providerName,
    ProviderAttributeName: id.providerAttributeName,
    ProviderAttributeValue: id.providerAttributeValue,
  };
}

/**
 * Errors the SDK would retry but must not be: the SDK counts LimitExceededException as throttling, but for
 * AdminLinkProviderForUser it means the destination already has 5 identities (docs/cognito.md L8), which no wait fixes.
 */
const NOT_RETRIED: readonly string[] = ["LimitExceededException"];

interface RetryErrorInfo {
  error?: { name?: string };
}
interface RetryStrategyLike {
  refreshRetryTokenForRetry?: (token: unknown, info: RetryErrorInfo) => Promise<unknown>;
}

/**
 * Wraps the client's resolved retry strategy (the retry middleware asks `config.retryStrategy()` on every
 * call) so that the named errors end the retries at once: when refreshing the token throws, the middleware
 * rethrows the original error.
 */
function stopRetryingOn(client: CognitoIdentityProviderClient, names: readonly string[]): void {
  const config = client.config as unknown as { retryStrategy: () => Promise<RetryStrategyLike> };
  const resolve = config.retryStrategy;
  let wrapped: Promise<RetryStrategyLike> | undefined;
  config.retryStrategy = () =>
    (wrapped ??= resolve().then((strategy) => {
      const refresh = strategy.refreshRetryTokenForRetry?.bind(strategy);
      if (!refresh) return strategy;
      return Object.assign(Object.create(strategy) as RetryStrategyLike, {
        refreshRetryTokenForRetry: (token: unknown, info: RetryErrorInfo) =>
          names.includes(info.error?.name ?? "") ? Promise.reject(info.error) : refresh(token, info),
      });
    }));
}

function refusal(operation: string): Error {
  return new Error(nativeProviderRefused(operation));
}
