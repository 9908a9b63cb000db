// Cognito's request-rate quotas enforced by the emulator (`--quotas`): the syntax, and token buckets per region.
import {
  AWS_DEFAULT_RATES,
  COGNITO_QUOTA_CATEGORIES,
  type CognitoQuotaCategory,
} from "../cognito/quotaCategories";
import type { Clock } from "../cognito/services";
import { EmulatorConfigError } from "../emulatorErrors";

/** Rates per category; a category without one is not limited. */
export type QuotaPlan = Partial<Record<CognitoQuotaCategory, number>>;

/**
 * Parses `--quotas`: `aws` for Cognito's defaults, `Category=rate` pairs for chosen rates, or both
 * (`aws,UserUpdate=5`: defaults with one changed). Empty or `off`: no quotas.
 */
export function parseQuotas(spec: string | undefined): QuotaPlan {
  const plan: QuotaPlan = {};
  for (const part of (spec ?? "").split(",").map((item) => item.trim())) {
    if (part === "" || part === "off") continue;
    if (part === "aws") {
      Object.assign(plan, AWS_DEFAULT_RATES);
      continue;
    }
    const [name = "", value = "", ...extra] = part.split("=").map((item) => item.trim());
    const category = COGNITO_QUOTA_CATEGORIES.find((candidate) => candidate === name);
    if (category === undefined || extra.length > 0) {
      throw new EmulatorConfigError(
        `Invalid --quotas entry "${part}": expected "aws" or <Category>=<requests per second>, with Category one of ${COGNITO_QUOTA_CATEGORIES.join(", ")}`,
      );
    }
    const rate = Number(value);
    if (value === "" || !Number.isFinite(rate) || rate <= 0) {
      throw new EmulatorConfigError(`Invalid --quotas entry "${part}": the rate must be a positive number`);
    }
    plan[category] = rate;
  }
  return plan;
}

/**
 * One token bucket of the emulator's quota enforcement: it holds one second's worth of requests (at least
 * one), refilled continuously at `rate` per second. It starts full, so a burst of up to `rate` requests is
 * served at once.
 */
export class QuotaBucket {
  private readonly capacity: number;
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    now: number,
  ) {
    this.capacity = Math.max(1, rate);
    this.tokens = this.capacity;
    this.last = now;
  }

  tryTake(now: number): boolean {
    const elapsedSeconds = Math.max(0, now - this.last) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * How the emulator enforces Cognito's request quotas, as the service does (a request over the rate gets
 * TooManyRequestsException): the buckets of a plan, one per category and region, since Cognito counts per
 * account and region. Not to be confused with the provider's client-side pacing (provider/ratelimit.ts).
 */
export class QuotaEnforcer {
  private readonly buckets = new Map<string, QuotaBucket>();

  constructor(
    private readonly plan: QuotaPlan,
    private readonly clock: Clock,
  ) {}

  /** Whether a request of this category may go ahead now (true for operations without a category). */
  tryAcquire(region: string, category: CognitoQuotaCategory | undefined): boolean {
    if (category === undefined) return true;
    const rate = this.plan[category];
    if (rate === undefined) return true;
    const key = `${region}/${category}`;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = new QuotaBucket(rate, this.clock.now());
      this.buckets.set(key, bucket);
    }
    return bucket.tryTake(this.clock.now());
  }

  /** Every bucket full again, as at start. */
  reset(): void {
    this.buckets.clear();
  }
}
