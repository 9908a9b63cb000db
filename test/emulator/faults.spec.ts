// Injected faults: the `--faults` syntax, seeded reproducibility, and what a client sees of each fault.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { emulatorControl, type EmulatorOptions, startEmulator } from "../../emulator";
import { FaultInjector, mulberry32, parseFaults } from "../../emulator/tooling/faults";
import { stablePoolId } from "../../emulator/cognito/ids";
import { cognitoClient } from "../support/sdk";
import { aWorld, cognitoUser, google, rawCall, useInProcessEmulator } from "../support/emulatorSuite";
import { identityEntries } from "../support/cognitoView";

/** Sends `count` requests one after another; returns each one's fate: "ok", an error name, or "reset". */
async function outcomes(
  options: EmulatorOptions,
  count: number,
): Promise<{ fates: string[]; stats: unknown }> {
  const emulator = await startEmulator(options);
  try {
    const fates: string[] = [];
    for (let i = 0; i < count; i++) {
      try {
        const answer = await rawCall(emulator.url, "ListUserPools", { MaxResults: 1 });
        fates.push(answer.status === 200 ? "ok" : String((answer.body as { __type: string }).__type));
      } catch {
        fates.push("reset");
      }
    }
    const stats: unknown = await emulatorControl(emulator.url).stats();
    return { fates, stats };
  } finally {
    await emulator.close();
  }
}

describe("emulator faults", () => {
  describe("parseFaults", () => {
    it("reads probabilities and a latency range", () => {
      assert.deepStrictEqual(parseFaults("internal=0.02,reset=0.01,latency=5-40"), {
        internal: 0.02,
        reset: 0.01,
        internalAfter: 0,
        resetAfter: 0,
        latency: { min: 5, max: 40 },
      });
      assert.deepStrictEqual(parseFaults("internal-after=0.5,reset-after=0.5,latency=7").latency, {
        min: 7,
        max: 7,
      });
    });

    for (const bad of [
      "internal",
      "internal=2",
      "boom=0.1",
      "latency=40-5",
      "latency=x",
      "internal=0.6,reset=0.6",
    ]) {
      it(`refuses ${JSON.stringify(bad)}`, () => {
        assert.throws(() => parseFaults(bad), { name: "EmulatorConfigError" });
      });
    }
  });

  describe("FaultInjector", () => {
    it("draws the same decisions from the same seed", () => {
      const plan = parseFaults("internal=0.2,reset=0.2,latency=5-40");
      const a = new FaultInjector(plan, 7);
      const b = new FaultInjector(plan, 7);
      const first = Array.from({ length: 50 }, () => a.next());
      assert.deepStrictEqual(
        first,
        Array.from({ length: 50 }, () => b.next()),
      );
      assert.ok(first.some((decision) => decision.kind === "internal"));
      assert.ok(first.some((decision) => decision.kind === "reset"));
      assert.ok(first.every((decision) => decision.latencyMs >= 5 && decision.latencyMs <= 40));
    });

    it("draws other decisions from another seed", () => {
      assert.notDeepStrictEqual(
        Array.from({ length: 20 }, mulberry32(7)),
        Array.from({ length: 20 }, mulberry32(8)),
      );
    });
  });

  describe("over HTTP", () => {
    it("gives the same sequence of outcomes for the same seed, and counts each in the stats", async () => {
      const options = { faults: "internal=0.25,reset=0.25", faultSeed: 7 };
      const first = await outcomes(options, 40);
      const second = await outcomes(options, 40);
      assert.deepStrictEqual(first.fates, second.fates);
      assert.deepStrictEqual(first.stats, second.stats);
      for (const fate of ["ok", "InternalErrorException", "reset"])
        assert.ok(first.fates.includes(fate), fate);
      const count = (fate: string): number => first.fates.filter((item) => item === fate).length;
      assert.deepStrictEqual(first.stats, {
        total: 40,
        operations: {
          ListUserPools: {
            ...(count("ok") > 0 ? { ok: count("ok") } : {}),
            ...(count("InternalErrorException") > 0
              ? { InternalErrorException: count("InternalErrorException") }
              : {}),
            ...(count("reset") > 0 ? { ConnectionReset: count("reset") } : {}),
          },
        },
      });
    });

    it("gives another sequence for another seed", async () => {
      const a = await outcomes({ faults: "internal=0.3,reset=0.3", faultSeed: 1 }, 30);
      const b = await outcomes({ faults: "internal=0.3,reset=0.3", faultSeed: 2 }, 30);
      assert.notDeepStrictEqual(a.fates, b.fates);
    });

    describe("internal=1", () => {
      const env = useInProcessEmulator({ faults: "internal=1", faultSeed: 1 });

      it("answers InternalErrorException with HTTP 500", async () => {
        const answer = await rawCall(env.emulator.url, "ListUserPools", { MaxResults: 1 });
        assert.strictEqual(answer.status, 500);
        assert.strictEqual((answer.body as { __type: string }).__type, "InternalErrorException");
        assert.strictEqual(answer.headers.get("x-amzn-errortype"), "InternalErrorException");
      });

      it("is retried by the SDK, each attempt counted", async () => {
        await env.control.resetStats();
        const client = cognitoClient(env.emulator.url, "us-east-1", { maxAttempts: 2 });
        try {
          await assert.rejects(client.send(new ListUserPoolsCommand({ MaxResults: 1 })), {
            name: "InternalErrorException",
          });
        } finally {
          client.destroy();
        }
        assert.strictEqual((await env.control.stats()).total, 2);
      });
    });

    describe("reset=1", () => {
      const env = useInProcessEmulator({ faults: "reset=1", faultSeed: 1 });

      it("drops the connection, which the SDK sees as a network error", async () => {
        await assert.rejects(
          env.client.send(new ListUserPoolsCommand({ MaxResults: 1 })),
          (error: Error & { $metadata?: unknown }) => !/Exception$/.test(error.name),
        );
      });
    });
  });

  describe("internal-after on link calls", () => {
    it("leaves the link in place although the SDK got an error (docs/cognito.md row L13)", async () => {
      const seed = {
        pools: [
          {
            region: "us-east-1",
            name: "l13",
            identityProviders: [{ name: "Google", type: "Google" as const }],
            users: [{ username: "alice" }],
          },
        ],
      };
      const state = path.join(os.tmpdir(), `emulator-l13-${process.pid}-${Date.now()}.json`);
      const faulty = await startEmulator({
        seed,
        statePath: state,
        faults: "internal-after=1",
        faultSeed: 3,
      });
      const poolId = stablePoolId("us-east-1", "l13");
      try {
        const client = cognitoClient(faulty.url, "us-east-1", { maxAttempts: 1 });
        await assert.rejects(
          client.send(
            new AdminLinkProviderForUserCommand({
              UserPoolId: poolId,
              DestinationUser: cognitoUser("alice"),
              SourceUser: google("1098"),
            }),
          ),
          { name: "InternalErrorException" },
        );
        client.destroy();
      } finally {
        await faulty.close();
      }
      const healthy = await startEmulator({ statePath: state });
      try {
        const client = cognitoClient(healthy.url, "us-east-1", { maxAttempts: 1 });
        const entries = await identityEntries(client, poolId, "alice");
        assert.deepStrictEqual(
          entries.map((entry) => entry.userId),
          ["1098"],
        );
        await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
        client.destroy();
      } finally {
        await healthy.close();
        fs.rmSync(state, { force: true });
      }
    });
  });

  it("keeps a world usable under latency", async () => {
    const emulator = await startEmulator({ faults: "latency=1-3", faultSeed: 5 });
    const client = cognitoClient(emulator.url, "us-east-1", { maxAttempts: 1 });
    try {
      const { poolId } = await aWorld(client, ["alice"]);
      assert.ok(poolId);
    } finally {
      client.destroy();
      await emulator.close();
    }
  });
});
