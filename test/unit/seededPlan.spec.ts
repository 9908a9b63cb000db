// The exchange plan of SeededUserLinks: which new child takes over which removed child of the same user.
import * as assert from "assert";
import { exchanges, seededPlanProvider } from "../../provider/seeded/plan";

const e = (username: string, name: string) => ({ username, name });

describe("seededPlan", () => {
  describe("exchanges", () => {
    it("pairs a child that joined with one that left, of the same user", () => {
      assert.deepStrictEqual(
        exchanges([e("alice", "c-X"), e("bob", "c-B")], [e("alice", "c-Y"), e("bob", "c-B")]),
        {
          "c-Y": "c-X",
        },
      );
    });

    it("pairs nothing across users, and leaves extra additions or removals unpaired", () => {
      assert.deepStrictEqual(exchanges([e("alice", "c-X")], [e("bob", "c-Y")]), {});
      assert.deepStrictEqual(exchanges([e("alice", "c-X")], [e("alice", "c-Y"), e("alice", "c-Z")]), {
        "c-Y": "c-X",
      });
      assert.deepStrictEqual(exchanges([e("alice", "c-X"), e("alice", "c-W")], [e("alice", "c-Y")]), {
        "c-Y": "c-X",
      });
    });

    it("pairs nothing on a first deployment or when nothing changed", () => {
      assert.deepStrictEqual(exchanges([], [e("alice", "c-X")]), {});
      assert.deepStrictEqual(exchanges([e("alice", "c-X")], [e("alice", "c-X")]), {});
    });
  });

  describe("provider", () => {
    it("computes the plan in check from the previous entries, and changes only when the entries do", async () => {
      const olds = { entries: [e("alice", "c-X")], exchanges: {} };
      const news = { entries: [e("alice", "c-Y")] };
      const checked = await seededPlanProvider.check!(olds, news);
      assert.deepStrictEqual(checked.inputs, { entries: [e("alice", "c-Y")], exchanges: { "c-Y": "c-X" } });
      assert.strictEqual((await seededPlanProvider.diff!("plan", olds, checked.inputs)).changes, true);
      const stale = { entries: [e("alice", "c-Y")], exchanges: { "c-Y": "c-X" } };
      assert.strictEqual(
        (await seededPlanProvider.diff!("plan", stale, { entries: stale.entries, exchanges: {} })).changes,
        false,
      );
    });
  });
});
