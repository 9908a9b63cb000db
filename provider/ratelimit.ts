// Process-wide token buckets per Cognito quota category, so one host process stays under the account's rate.

/** Cognito's default request-rate quotas (per account and region), from docs/cognito.md §5. */
export const DEFAULT_RATES: Readonly<Record<QuotaCategory, number>> = {
  UserUpdate: 25,
  UserRead: 120,
  UserPoolRead: 15,
};

/** The categories of the operations the provider sends (it never lists users, so UserList is not one). */
export type QuotaCategory = "UserUpdate" | "UserRead" | "UserPoolRead";

/** Which category each operation the provider sends counts against. */
export const OPERATION_CATEGORY: Readonly<Record<string, QuotaCategory>> = {
  AdminLinkProviderForUser: "UserUpdate",
  AdminDisableProviderForUser: "UserUpdate",
  AdminGetUser: "UserRead",
  DescribeUserPool: "UserPoolRead",
  DescribeIdentityProvider: "UserPoolRead",
};

/**
 * A token bucket that refills continuously at `rate` per second and holds `capacity` tokens. Waiters are served
 * in arrival order; the bucket starts full.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly rate: number,
    readonly capacity: number = Math.max(1, Math.floor(rate / 5)),
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Resolves when a token is taken. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn;
    return turn;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }

  private async wait(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const ms = ((1 - this.tokens) / this.rate) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms))));
    }
  }
}

export class RateLimiter {
  private readonly buckets = new Map<QuotaCategory, TokenBucket>();
  constructor(readonly rates: Record<QuotaCategory, number>) {
    for (const [category, rate] of Object.entries(rates) as [QuotaCategory, number][]) {
      this.buckets.set(category, new TokenBucket(rate));
    }
  }
  /** Waits for the operation's category; operations outside the table are not limited. */
  async acquire(operation: string): Promise<void> {
    const category = OPERATION_CATEGORY[operation];
    const bucket = category && this.buckets.get(category);
    if (bucket) await bucket.take();
  }
}
