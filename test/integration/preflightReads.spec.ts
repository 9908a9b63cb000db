// How many Cognito reads preflight spends per new link, counted by the emulator (GET /_emulator/stats).
import * as assert from "assert";
import { UserProviderLinkProvider } from "../../provider/provider";
import { LinkInputs } from "../../provider/inputs";
import { resetProcessRuntime } from "../../provider/runtime";
import { aLink } from "../support/builders";
import { calls } from "../support/requests";
import { signIn } from "../support/emulator";
import { aWorld, ClientWorld, makeWorld, useEmulator } from "../support/world";

describe("preflight reads per new link", function () {
  const emu = useEmulator();
  let world: ClientWorld;
  let provider: UserProviderLinkProvider;
  let n = 0;
  const link = (poolId: string, username: string, subject = `${++n}0000`): LinkInputs =>
    aLink({
      userPoolId: poolId,
      destinationUser: { providerAttributeValue: username },
      sourceUser: { providerName: "Google", providerAttributeValue: subject },
    });

  beforeEach(async () => {
    resetProcessRuntime();
    provider = new UserProviderLinkProvider();
    world = await makeWorld(emu.url, ["alice"]);
  });
  afterEach(() => world.client.destroy());

  /** A case-insensitive pool (as the AWS console makes them) with Google and the given native users. */
  async function caseInsensitivePool(users: string[]): Promise<string> {
    return (await aWorld(world.client, users, { UsernameConfiguration: { CaseSensitive: false } })).poolId;
  }

  it("in a case-sensitive pool: the destination once per user, and each spelling of the identity's own user", async () => {
    await emu.resetStats();
    for (let i = 0; i < 4; i++)
      assert.deepStrictEqual((await provider.check({}, link(world.poolId, "alice"))).failures, []);
    const s = await emu.stats();
    // Google_<sub> and google_<sub> are two users there, so both are asked for: no check is dropped.
    assert.strictEqual(calls(s, "AdminGetUser"), 1 + 4 * 2, JSON.stringify(s));
  });

  it("in a case-insensitive pool: one read finds the identity's own user under every spelling", async () => {
    const poolId = await caseInsensitivePool(["alice"]);
    await emu.resetStats();
    for (let i = 0; i < 4; i++)
      assert.deepStrictEqual((await provider.check({}, link(poolId, "alice"))).failures, []);
    const s = await emu.stats();
    assert.strictEqual(calls(s, "AdminGetUser"), 1 + 4 * 1, JSON.stringify(s));
  });

  it("in a case-insensitive pool, still reports an identity that signed in, whatever the spelling Cognito gave it", async () => {
    const poolId = await caseInsensitivePool(["alice"]);
    const l = link(poolId, "alice");
    await signIn(emu.url, poolId, "Google", l.sourceUser.providerAttributeValue);
    const { failures } = await provider.check({}, l);
    assert.strictEqual(failures?.[0]?.property, "sourceUser.providerAttributeValue");
    assert.match(failures?.[0]?.reason ?? "", /has already signed in as user google_\d+/i);
  });

  it("a replacement checked twice (with its olds, then alone) reads Cognito once", async () => {
    const old = link(world.poolId, "alice");
    const changed = link(world.poolId, "alice");
    await emu.resetStats();
    assert.deepStrictEqual((await provider.check(old, changed)).failures, []);
    const first = (await emu.stats()).total;
    await emu.resetStats();
    assert.deepStrictEqual((await provider.check({}, changed)).failures, []);
    const s = await emu.stats();
    assert.ok(first >= 3, `first check: ${first} calls`);
    // The "no such user" answers for the identity's spellings are shared like any read of the last moments.
    assert.strictEqual(s.total, 0, JSON.stringify(s));
  });

  it("forgets a 'no such user' answer after the share window, so a sign-in since then is seen", async () => {
    const l = link(world.poolId, "alice");
    assert.deepStrictEqual((await provider.check({}, l)).failures, []);
    await signIn(emu.url, world.poolId, "Google", l.sourceUser.providerAttributeValue);
    const realNow = Date.now;
    Date.now = () => realNow() + 3_000;
    try {
      const { failures } = await provider.check({}, l);
      assert.strictEqual(failures?.[0]?.property, "sourceUser.providerAttributeValue");
    } finally {
      Date.now = realNow;
    }
  });
});
