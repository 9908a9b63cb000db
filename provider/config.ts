// Configuration: every environment variable the provider reads, and its parsing. Read at call time in the
// provider's process, never at module load: nothing of the environment is captured into the serialized provider.
import { DEFAULT_RATES, QuotaCategory } from "./ratelimit";

/** Set to `off` (or another of PREFLIGHT_OFF_VALUES) to skip preflight, e.g. when preview's credentials may not read users. */
export const PREFLIGHT_ENV = "COGNITO_LINK_PREFLIGHT";
/** The values that turn preflight off, in any case: both READMEs list exactly these. */
export const PREFLIGHT_OFF_VALUES: readonly string[] = ["off", "false", "0", "no", "disabled"];

export function preflightEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env[PREFLIGHT_ENV] ?? "").trim().toLowerCase();
  return !PREFLIGHT_OFF_VALUES.includes(v);
}

/** The variable that raises (or lowers) the rates, for accounts with higher quotas: `UserUpdate=50,UserRead=200`. */
export const RATE_LIMITS_ENV = "COGNITO_LINK_RATE_LIMITS";

/** Categories once accepted in the variable and now ignored, so a setting written for an earlier version still parses. */
const IGNORED_CATEGORIES: readonly string[] = ["UserList"];

export function parseRateLimits(spec: string | undefined): Record<QuotaCategory, number> {
  const rates = { ...DEFAULT_RATES };
  if (!spec || spec.trim() === "") return rates;
  for (const entry of spec.split(",")) {
    const [rawKey, rawValue] = entry.split("=");
    const key = rawKey?.trim() as QuotaCategory;
    const value = Number(rawValue);
    if (IGNORED_CATEGORIES.includes(key) && Number.isFinite(value) && value > 0) continue;
    if (!(key in DEFAULT_RATES) || !Number.isFinite(value) || value <= 0) {
      throw new Error(
        `${RATE_LIMITS_ENV}="${spec}": "${entry}" is not <category>=<requests per second> with a category of ` +
          `${Object.keys(DEFAULT_RATES).join(", ")} and a positive number`,
      );
    }
    rates[key] = value;
  }
  return rates;
}

/** The request rates per quota category: Cognito's defaults, or those of COGNITO_LINK_RATE_LIMITS. */
export function rateLimits(env: NodeJS.ProcessEnv = process.env): Record<QuotaCategory, number> {
  return parseRateLimits(env[RATE_LIMITS_ENV]);
}

/** The attempts per Cognito call, retries included (a positive integer). */
export const MAX_ATTEMPTS_ENV = "COGNITO_LINK_MAX_ATTEMPTS";
/** More than the SDK's default 3: a bulk deployment meets throttling and the odd 5xx or reset connection. */
export const DEFAULT_MAX_ATTEMPTS = 10;

/** COGNITO_LINK_MAX_ATTEMPTS when it is a positive integer, else the default. */
export function maxAttempts(env: NodeJS.ProcessEnv = process.env): number {
  const attempts = Number(env[MAX_ATTEMPTS_ENV] ?? DEFAULT_MAX_ATTEMPTS);
  return Number.isInteger(attempts) && attempts > 0 ? attempts : DEFAULT_MAX_ATTEMPTS;
}

/**
 * The Cognito endpoint the AWS SDK will use, from the standard variables (empty for AWS's own): clients are
 * kept per region and endpoint, so a process that switches endpoints (tests, the emulator) never reuses one.
 */
export function cognitoEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ?? env.AWS_ENDPOINT_URL ?? "";
}
