// The per-process bookkeeping of the provider host: declared links and the per-identity queue.
import * as assert from "assert";
import { Ledger } from "../../provider/ledger";
import { resetProcessRuntime } from "../../provider/runtime";
import { Session } from "../../provider/session";

const ledger = (region = "us-east-1"): Ledger => new Ledger(new Session(region, () => ({}) as never));
const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A piece of work that logs its start and end around a wait of `ms`, and returns its name. */
const job = (log: string[], name: string, ms: number) => async () => {
  log.push(`${name} start`);
  await tick(ms);
  log.push(`${name} end`);
  return name;
};

describe("Ledger", () => {
  beforeEach(() => resetProcessRuntime());
  after(() => resetProcessRuntime());

  describe("declare / isDeclared", () => {
    it("remembers a declared link for the rest of the process, and nothing else", () => {
      ledger().declare("k1");
      assert.strictEqual(ledger().isDeclared("k1"), true);
      assert.strictEqual(ledger().isDeclared("k2"), false);
      resetProcessRuntime();
      assert.strictEqual(ledger().isDeclared("k1"), false);
    });
  });

  describe("planned / leaving", () => {
    it("keeps one set per destination, shared by every ledger of the region and apart from other regions", () => {
      ledger().planned("d1").add("Google|1");
      ledger().leaving("d1").add("Google|0");
      assert.deepStrictEqual([...ledger().planned("d1")], ["Google|1"]);
      assert.deepStrictEqual([...ledger().leaving("d1")], ["Google|0"]);
      assert.deepStrictEqual([...ledger().planned("d2")], []);
      assert.deepStrictEqual([...ledger("eu-west-1").planned("d1")], []);
    });
  });

  describe("exclusive", () => {
    it("runs work on one identity one at a time, in call order", async () => {
      const log: string[] = [];
      const results = await Promise.all([
        ledger().exclusive("id", job(log, "a", 20)),
        ledger().exclusive("id", job(log, "b", 1)),
      ]);
      assert.deepStrictEqual(results, ["a", "b"]);
      assert.deepStrictEqual(log, ["a start", "a end", "b start", "b end"]);
    });

    it("runs work on different identities side by side", async () => {
      const log: string[] = [];
      await Promise.all([
        ledger().exclusive("x", job(log, "a", 20)),
        ledger().exclusive("y", job(log, "b", 1)),
      ]);
      assert.deepStrictEqual(log, ["a start", "b start", "b end", "a end"]);
    });

    it("goes on after a failed piece of work, which still rejects its caller", async () => {
      const failed = ledger().exclusive("id", async () => {
        throw new Error("boom");
      });
      const next = ledger().exclusive("id", async () => "next");
      await assert.rejects(failed, /boom/);
      assert.strictEqual(await next, "next");
    });
  });
});
