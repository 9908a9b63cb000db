// Request-rate quotas: the `--quotas` syntax, token buckets, and throttling over HTTP (docs/cognito.md §5).
import * as assert from "assert";
import {
  AdminDisableProviderForUserCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { AWS_DEFAULT_RATES } from "../../emulator/cognito/quotaCategories";
import { parseQuotas, QuotaBucket, QuotaEnforcer } from "../../emulator/tooling/quotas";
import { cognitoClient } from "../support/sdk";
import { aWorld, google, useInProcessEmulator } from "../support/emulatorSuite";

/** Sends `count` AdminDisableProviderForUser calls at once; counts the throttled and the served. */
async function burst(
  client: CognitoIdentityProviderClient,
  poolId: string,
  count: number,
): Promise<{ throttled: number; served: number }> {
  const outcomes = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      client
        .send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: google(`burst-${i}`) }))
        .then(
          () => "ok",
          (error: Error) => error.name,
        ),
    ),
  );
  const throttled = outcomes.filter((name) => name === "TooManyRequestsException").length;
  // Served calls reach the handler, which answers D2 for these never-linked identities.
  const served = outcomes.filter((name) => name === "InvalidParameterException").length;
  assert.strictEqual(throttled + served, count, JSON.stringify(outcomes));
  return { throttled, served };
}

describe("emulator quotas", () => {
  describe("parseQuotas", () => {
    it("reads aws as Cognito's default rates", () => {
      assert.deepStrictEqual(parseQuotas("aws"), AWS_DEFAULT_RATES);
      assert.deepStrictEqual(AWS_DEFAULT_RATES, {
        UserUpdate: 25,
        UserRead: 120,
        UserList: 30,
        UserCreation: 50,
        UserPoolRead: 15,
      });
    });

    it("reads chosen rates, alone or over the defaults", () => {
      assert.deepStrictEqual(parseQuotas("UserUpdate=5,UserRead=50"), { UserUpdate: 5, UserRead: 50 });
      assert.deepStrictEqual(parseQuotas("aws,UserUpdate=5"), { ...AWS_DEFAULT_RATES, UserUpdate: 5 });
    });

    it("reads nothing as no quotas", () => {
      assert.deepStrictEqual(parseQuotas(undefined), {});
      assert.deepStrictEqual(parseQuotas(""), {});
      assert.deepStrictEqual(parseQuotas("off"), {});
    });

    for (const bad of [
      "UserUpdate",
      "Nope=3",
      "UserUpdate=0",
      "UserUpdate=-1",
      "UserUpdate=x",
      "UserUpdate=1=2",
    ]) {
      it(`refuses ${JSON.stringify(bad)}`, () => {
        assert.throws(() => parseQuotas(bad), {
          name: "EmulatorConfigError",
          message: /Invalid --quotas entry/,
        });
      });
    }
  });

  describe("QuotaBucket", () => {
    it("serves one second's worth at once, then refills at the rate", () => {
      const bucket = new QuotaBucket(5, 0);
      const first = Array.from({ length: 7 }, () => bucket.tryTake(0));
      assert.deepStrictEqual(first, [true, true, true, true, true, false, false]);
      assert.strictEqual(bucket.tryTake(199), false);
      assert.strictEqual(bucket.tryTake(200), true);
      assert.strictEqual(bucket.tryTake(200), false);
    });

    it("never holds more than one second's worth", () => {
      const bucket = new QuotaBucket(2, 0);
      const later = Array.from({ length: 3 }, () => bucket.tryTake(60_000));
      assert.deepStrictEqual(later, [true, true, false]);
    });

    it("keeps separate buckets per region and category, and none for operations without a category", () => {
      let now = 0;
      const quotas = new QuotaEnforcer({ UserUpdate: 1 }, { now: () => now });
      assert.strictEqual(quotas.tryAcquire("us-east-1", "UserUpdate"), true);
      assert.strictEqual(quotas.tryAcquire("us-east-1", "UserUpdate"), false);
      assert.strictEqual(quotas.tryAcquire("eu-west-1", "UserUpdate"), true);
      assert.strictEqual(quotas.tryAcquire("us-east-1", "UserRead"), true);
      assert.strictEqual(quotas.tryAcquire("us-east-1", undefined), true);
      now = 1000;
      assert.strictEqual(quotas.tryAcquire("us-east-1", "UserUpdate"), true);
    });
  });

  describe("over HTTP with UserUpdate=5", () => {
    const env = useInProcessEmulator({ quotas: "UserUpdate=5" });

    it("throttles a burst above the rate with TooManyRequestsException and serves the rest", async () => {
      const { poolId } = await aWorld(env.client, []);
      const { throttled, served } = await burst(env.client, poolId, 15);
      assert.ok(served >= 5 && served <= 7, `served ${served}`);
      assert.ok(throttled >= 8, `throttled ${throttled}`);
      const stats = await env.control.stats();
      assert.strictEqual(
        stats.operations["AdminDisableProviderForUser"]?.["TooManyRequestsException"],
        throttled,
      );
    });

    it("does not throttle operations of other categories", async () => {
      const other = cognitoClient(env.emulator.url, "us-east-1", { maxAttempts: 1 });
      try {
        const { poolId } = await aWorld(other, ["a", "b", "c", "d", "e", "f", "g"]);
        assert.ok(poolId);
      } finally {
        other.destroy();
      }
    });
  });

  describe("over HTTP with aws", () => {
    const env = useInProcessEmulator({ quotas: "aws" });

    it("serves 25 link operations in a burst of 35 and throttles the others", async () => {
      const { poolId } = await aWorld(env.client, []);
      const { throttled, served } = await burst(env.client, poolId, 35);
      assert.ok(served >= 25 && served <= 30, `served ${served}`);
      assert.ok(throttled >= 5, `throttled ${throttled}`);
    });
  });
});
