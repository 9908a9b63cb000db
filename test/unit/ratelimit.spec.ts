import * as assert from "assert";
import { parseRateLimits } from "../../provider/config";
import { TokenBucket } from "../../provider/ratelimit";

describe("ratelimit", () => {
  it("parses overrides over the defaults", () => {
    const r = parseRateLimits("UserUpdate=50, UserRead=200");
    assert.strictEqual(r.UserUpdate, 50);
    assert.strictEqual(r.UserRead, 200);
    assert.strictEqual(r.UserPoolRead, 15);
  });

  it("ignores UserList, which earlier versions listed although the provider never lists users", () => {
    assert.deepStrictEqual(parseRateLimits("UserList=10,UserRead=100"), {
      UserUpdate: 25,
      UserRead: 100,
      UserPoolRead: 15,
    });
  });

  for (const bad of ["UserUpdate", "Nope=3", "UserUpdate=-1", "UserUpdate=x"]) {
    it(`rejects "${bad}" naming the variable`, () => {
      assert.throws(() => parseRateLimits(bad), /COGNITO_LINK_RATE_LIMITS/);
    });
  }

  it("serves a burst up to its capacity, then one token per 1/rate seconds", async () => {
    let now = 0;
    const bucket = new TokenBucket(10, 2, () => now);
    const served: number[] = [];
    const takes = [0, 1, 2, 3].map((i) => bucket.take().then(() => served.push(i)));
    await new Promise((r) => setImmediate(r));
    assert.deepStrictEqual(served, [0, 1]);
    now += 100; // one token at 10/s
    await new Promise((r) => setTimeout(r, 120));
    assert.deepStrictEqual(served, [0, 1, 2]);
    now += 100;
    await Promise.all(takes);
    assert.deepStrictEqual(served, [0, 1, 2, 3]);
  });
});
