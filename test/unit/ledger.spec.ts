// The per-process bookkeeping of the provider host: declared links and the per-identity queue.
import * as assert from "assert";
import { Ledger } from "../../provider/ledger";
import { resetProcessRuntime } from "../../provider/runtime";
import { Session } from "../../provider/session";

const session = (): Ledger => new Ledger(new Session("us-east-1", () => ({}) as never));
const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("Ledger", () => {
  beforeEach(() => resetProcessRuntime());
  after(() => resetProcessRuntime());

  describe("declare / isDeclared", () => {
    it("remembers a declared link for the rest of the process, and nothing else", () => {
      session().declare("k1");
      assert.strictEqual(session().isDeclared("k1"), true);
      assert.strictEqual(session().isDeclared("k2"), false);
      resetProcessRuntime();
      assert.strictEqual(session().isDeclared("k1"), false);
    });
  });

  describe("exclusive", () => {
    it("runs work on one identity one at a time, in call order", async () => {
      const log: string[] = [];
      const job = (name: string, ms: number) => async () => {
        log.push(`${name} start`);
        await tick(ms);
        log.push(`${name} end`);
        return name;
      };
      const results = await Promise.all([
        session().exclusive("id", job("a", 20)),
        session().exclusive("id", job("b", 1)),
      ]);
      assert.deepStrictEqual(results, ["a", "b"]);
      assert.deepStrictEqual(log, ["a start", "a end", "b start", "b end"]);
    });

    it("runs work on different identities side by side", async () => {
      const log: string[] = [];
      const job = (name: string, ms: number) => async () => {
        log.push(`${name} start`);
        await tick(ms);
        log.push(`${name} end`);
      };
      await Promise.all([session().exclusive("x", job("a", 20)), session().exclusive("y", job("b", 1))]);
      assert.deepStrictEqual(log, ["a start", "b start", "b end", "a end"]);
    });

    it("goes on after a failed piece of work, which still rejects its caller", async () => {
      const failed = session().exclusive("id", async () => {
        throw new Error("boom");
      });
      const next = session().exclusive("id", async () => "next");
      await assert.rejects(failed, /boom/);
      assert.strictEqual(await next, "next");
    });
  });
});
