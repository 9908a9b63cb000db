// The CLI killed (SIGKILL) or interrupted (SIGINT) in the middle of an up of 100 links: what the real engine
// leaves behind, and the commands a user runs next (README, "Under faults"). After them, state and Cognito
// agree: no orphan link, no lost link.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { googleLink, linkProgram, type LinkSpec } from "../support/links";
import type { CliStack } from "../support/pulumi";
import { POOL_ID, useScenarios, type Scenario } from "../support/cliScenario";
import { addUser } from "../support/world";

/** 20 users with 5 links each (Cognito's maximum per user). */
const USERS = Array.from({ length: 20 }, (_, i) => `crash-user-${i}`);
const LINKS: LinkSpec[] = Array.from({ length: 100 }, (_, i) => googleLink(`l${i}`, USERS[i % 20]!, `9${i}`));

/** The `pulumi ... up` child of this process (the Automation API's), or undefined. */
function cliPid(): number | undefined {
  const out = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" });
  for (const line of out.split("\n")) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m && Number(m[2]) === process.pid && /\/pulumi up /.test(m[3] ?? "")) return Number(m[1]);
  }
  return undefined;
}

/** Starts `up`, and sends `signal` to the CLI once `after` links were created; resolves with the up's run. */
async function upInterrupted(stack: CliStack, signal: NodeJS.Signals, after: number) {
  let created = 0;
  let sent = false;
  const running = stack.up({
    onEvent: (e) => {
      if (
        e.resOutputsEvent?.metadata.op === "create" &&
        e.resOutputsEvent.metadata.type.endsWith("UserProviderLink")
      ) {
        created++;
        if (created >= after && !sent) {
          const pid = cliPid();
          if (pid !== undefined) {
            sent = true;
            process.kill(pid, signal);
          }
        }
      }
    },
  });
  const run = await running;
  return { run, sent };
}

/** Cognito's links of the seeded users, as `<user> <provider>:<subject>`. */
async function cognitoLinks(s: Scenario): Promise<string[]> {
  const all: string[] = [];
  for (const u of USERS) for (const i of await s.identities(u)) all.push(`${u} ${i}`);
  return all.sort();
}

async function stateLinks(stack: CliStack): Promise<string[]> {
  return (await stack.resources())
    .filter((r) => r.type.endsWith("UserProviderLink"))
    .map((r) => {
      const id = r.id ?? "";
      const parts = id.split(":");
      return `${parts[4]} Google:${parts[7]}`;
    })
    .sort();
}

describe("an up of 100 links killed or interrupted, under the real Pulumi CLI", function () {
  this.timeout(300_000);
  const scenarios = useScenarios();

  for (const signal of ["SIGKILL", "SIGINT"] as const) {
    it(`${signal}: the next commands leave state and Cognito agreeing`, async () => {
      // The emulator answers slowly (5-15 ms) and at AWS's rates, so the up is still running when the signal lands.
      const s = await scenarios.start(linkProgram(LINKS), {
        emulatorArgs: ["--quotas", "aws", "--faults", "latency=5-15", "--fault-seed", "3"],
      });
      for (const u of USERS) {
        await addUser(s.client, POOL_ID, u);
      }
      const { run, sent } = await upInterrupted(s.stack, signal, 30);
      assert.ok(sent, "the signal was sent while the up ran");
      assert.strictEqual(run.ok, false, "the interrupted up failed");

      // What a user runs next. A killed CLI leaves its lock in the backend (the next command says to run
      // `pulumi cancel`) and the creates it had started as pending operations; an interrupted one neither.
      const pending = s.stack.pendingOperations();
      console.log(`      ${signal}: ${pending.length} pending operations left in the state`);
      if (signal === "SIGKILL") {
        assert.match((await s.stack.refresh()).output, /the stack is currently locked .* `pulumi cancel`/);
        await s.stack.cli(["cancel", "--yes"]);
      } else {
        assert.deepStrictEqual(pending, []);
      }
      const refresh = await s.stack.refresh({ clearPendingCreates: true });
      assert.ok(refresh.ok, refresh.output);
      const up = await s.stack.up();
      assert.ok(up.ok, up.output);

      assert.deepStrictEqual(s.stack.pendingOperations(), []);
      const state = await stateLinks(s.stack);
      assert.strictEqual(state.length, 100);
      assert.deepStrictEqual(await cognitoLinks(s), state, "state and Cognito disagree");
    });
  }
});
