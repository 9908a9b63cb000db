// The process-wide rate limiter, against the emulator enforcing the same quota: nothing is throttled.
import * as assert from "assert";
import { UserProviderLinkProvider } from "../../provider/provider";
import { resetProcessRuntime } from "../../provider/runtime";
import { spawnEmulator } from "../support/emulator";
import { aLink } from "../support/builders";
import { makeWorld, useEmulatorEnv } from "../support/world";

describe("rate limiting against an emulator with quotas", function () {
  this.timeout(60_000);
  const saved = process.env.COGNITO_LINK_RATE_LIMITS;
  after(() => {
    if (saved === undefined) delete process.env.COGNITO_LINK_RATE_LIMITS;
    else process.env.COGNITO_LINK_RATE_LIMITS = saved;
    resetProcessRuntime();
  });

  for (const [limited, expectThrottled] of [
    [true, false],
    [false, true],
  ] as const) {
    it(`${limited ? "keeps" : "without the limiter, does not keep"} 24 concurrent creates under UserUpdate=5`, async () => {
      const emu = await spawnEmulator(["--quotas", "UserUpdate=5"]);
      const restore = useEmulatorEnv(emu.url);
      try {
        // Without our limiter (a rate far above the quota) only the SDK's adaptive retry stands between
        // the burst and the quota, and the emulator answers TooManyRequestsException.
        process.env.COGNITO_LINK_RATE_LIMITS = limited ? "UserUpdate=5" : "UserUpdate=10000";
        resetProcessRuntime();
        const users = ["u0", "u1", "u2", "u3", "u4", "u5"];
        const world = await makeWorld(emu.url, users);
        await emu.resetStats();
        const provider = new UserProviderLinkProvider();
        const links = Array.from({ length: 24 }, (_, i) =>
          aLink({
            userPoolId: world.poolId,
            destinationUser: { providerAttributeValue: users[i % users.length] },
            sourceUser: { providerAttributeValue: `rl-${i}` },
          }),
        );
        const results = await Promise.allSettled(links.map((l) => provider.create(l)));
        assert.deepStrictEqual(
          results
            .filter((r) => r.status === "rejected")
            .map((r) => String((r as PromiseRejectedResult).reason)),
          [],
        );
        const outcomes = (await emu.stats()).operations.AdminLinkProviderForUser ?? {};
        assert.strictEqual(outcomes.ok, 24);
        assert.strictEqual(
          (outcomes.TooManyRequestsException ?? 0) > 0,
          expectThrottled,
          JSON.stringify(outcomes),
        );
      } finally {
        restore();
        await emu.stop();
      }
    });
  }
});
