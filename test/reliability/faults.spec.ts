// UserProviderLink through the engine path under injected Cognito faults, quotas and a killed host: after every
// operation the links in the engine state and the links in Cognito are exactly the same set.
import * as assert from "assert";
import * as path from "path";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DeploymentError, Engine, dynamicOnly, startHost, stopAllHosts } from "../support/engine-model";
import { spawnEmulator, type SpawnedEmulator } from "../support/emulator";
import { emulatorEnv } from "../support/world";
import { calls } from "../support/requests";
import { tempDir } from "../support/tempDirs";
import {
  cognitoLinks,
  difference,
  faultCounts,
  key,
  linkProgram,
  PROJECT,
  readerClient,
  seededEmulator,
  sleep,
  stateLinks,
  usernames,
  type LinkSpec,
} from "../support/reliability";

/** The ordinary fault rate: 8% of requests fail before taking effect, every request waits 1-10 ms. */
const FAULTS = "internal=0.05,reset=0.03,latency=1-10";
/** An outage: 25% fail before taking effect, 5% after (Cognito changed, the answer lost: docs/cognito.md L13). */
const HEAVY_FAULTS = "internal=0.15,reset=0.1,internal-after=0.03,reset-after=0.02,latency=1-10";
/** Emulator arguments: AWS's quotas and `faults`, each request's fate fixed by `seed` and its arrival order. */
const underFaults = (faults: string, seed: number): string[] => [
  "--quotas",
  "aws",
  "--faults",
  faults,
  "--fault-seed",
  String(seed),
];
const GOOGLE = "Google";
const SAML = "CorpSAML";

/** `perUser` links per user, alternating Google and SAML, each with its own subject. */
function linksOf(users: readonly string[], perUser: number, generation = "a"): LinkSpec[] {
  return users.flatMap((user) =>
    Array.from({ length: perUser }, (_, k) => ({
      name: `${user}-${k}`,
      user,
      provider: k % 2 === 0 ? GOOGLE : SAML,
      value: `${user}-${k}-${generation}`,
    })),
  );
}

function keysOf(pool: string, links: readonly LinkSpec[]): string[] {
  return links.map((l) => key(pool, l.user, l.provider, l.value)).sort();
}

interface Agreement {
  state: string[];
  cognito: string[];
  /** In Cognito, not in the state: made but not recorded. */
  orphans: string[];
  /** In the state, not in Cognito: recorded but missing. */
  missing: string[];
}

/** Compares the engine state with Cognito (read patiently, around the faults) and prints the figures. */
async function compare(
  label: string,
  engine: Engine,
  reader: CognitoIdentityProviderClient,
  pool: string,
  emu: SpawnedEmulator,
  wallMs?: number,
): Promise<Agreement> {
  const state = stateLinks(engine);
  const cognito = await cognitoLinks(reader, pool);
  const agreement = {
    state: [...state].sort(),
    cognito: [...cognito].sort(),
    orphans: difference(cognito, state),
    missing: difference(state, cognito),
  };
  const f = faultCounts(await emu.stats());
  console.log(
    `      [faults] ${label}: state ${state.size}, Cognito ${cognito.size}, ` +
      `mismatches ${agreement.orphans.length + agreement.missing.length} ` +
      `(${agreement.orphans.length} not recorded, ${agreement.missing.length} missing); ` +
      `emulator: ${f.total} requests, ${f.internal} internal errors, ${f.reset} dropped connections, ` +
      `${f.throttled} throttled` +
      (wallMs === undefined ? "" : `; ${(wallMs / 1000).toFixed(1)} s`),
  );
  return agreement;
}

/** State and Cognito hold exactly the expected links. */
function assertExact(a: Agreement, expected: string[]): void {
  assert.deepStrictEqual(a.orphans, [], "links in Cognito that the state does not record");
  assert.deepStrictEqual(a.missing, [], "links in the state that Cognito does not have");
  assert.deepStrictEqual(a.state, expected);
}

function injected(stats: Awaited<ReturnType<SpawnedEmulator["stats"]>>): number {
  const f = faultCounts(stats);
  return f.internal + f.reset;
}

describe("UserProviderLink under Cognito faults (engine path)", function () {
  this.timeout(120_000);
  after(() => stopAllHosts());

  describe("100 links with quotas, internal errors, dropped connections and latency", () => {
    const pool = "us-east-1_Faults100";
    const users = usernames("user", 25);
    const v1 = linksOf(users, 4);
    let emu: SpawnedEmulator;
    let reader: CognitoIdentityProviderClient;
    let engine: Engine;
    /** The starting point of the tests that change or destroy: the 100 links made, under the same faults. */
    const upOfV1 = async (): Promise<void> => {
      await engine.up(dynamicOnly(await linkProgram(pool, v1)));
    };

    // Each test has its own emulator, faults and stack: none starts from what another left.
    beforeEach(async () => {
      // internal-after / reset-after: the change is made, then the answer is lost (docs/cognito.md L13).
      ({ emu } = await seededEmulator(
        pool,
        users,
        underFaults("internal=0.04,reset=0.03,internal-after=0.01,reset-after=0.01,latency=1-10", 7),
      ));
      reader = readerClient(emu.url);
      engine = new Engine({ project: PROJECT, env: emulatorEnv(emu.url), parallelism: 16 });
    });
    afterEach(async () => {
      reader?.destroy();
      await emu?.stop();
    });

    it("creates 100 links and the state and Cognito hold exactly those", async () => {
      await emu.resetStats();
      const up = await engine.up(dynamicOnly(await linkProgram(pool, v1)));
      assert.strictEqual(up.steps.filter((s) => s.op === "create").length, 100);
      const stats = await emu.stats();
      assert.ok(injected(stats) > 0, "the emulator injected no fault: the test proves nothing");
      assertExact(await compare("up of 100 links", engine, reader, pool, emu, up.wallMs), keysOf(pool, v1));
    });

    it("replaces changed subjects, removes and adds links, and the state and Cognito hold exactly the new set", async () => {
      // users 00-09: the first link gets a new subject; 10-19: the last link goes; 15-24: a fifth link comes.
      const changed = new Set(users.slice(0, 10));
      const shrunk = new Set(users.slice(10, 20));
      const grown = users.slice(15, 25);
      const v2 = [
        ...v1
          .filter((l) => !(shrunk.has(l.user) && l.name.endsWith("-3")))
          .map((l) => (changed.has(l.user) && l.name.endsWith("-0") ? { ...l, value: `${l.user}-0-b` } : l)),
        ...grown.map((user) => ({ name: `${user}-4`, user, provider: GOOGLE, value: `${user}-4-a` })),
      ];
      await upOfV1();
      await emu.resetStats();
      const up = await engine.up(dynamicOnly(await linkProgram(pool, v2)));
      const ops = (op: string): number => up.steps.filter((s) => s.op === op).length;
      assert.deepStrictEqual(
        {
          replace: ops("replace"),
          deleteReplaced: ops("delete-replaced"),
          delete: ops("delete"),
          create: ops("create"),
        },
        { replace: 10, deleteReplaced: 10, delete: 10, create: 10 },
      );
      assertExact(
        await compare("up with 10 changed, 10 removed, 10 added", engine, reader, pool, emu, up.wallMs),
        keysOf(pool, v2),
      );
    });

    it("destroys every link and leaves none in Cognito", async () => {
      await upOfV1();
      await emu.resetStats();
      const destroy = await engine.destroy();
      assert.strictEqual(destroy.steps.filter((s) => s.op === "delete").length, 100);
      const stats = await emu.stats();
      assert.strictEqual(calls(stats, "AdminDisableProviderForUser", "ok") >= 1, true);
      assertExact(await compare("destroy", engine, reader, pool, emu, destroy.wallMs), []);
    });
  });

  describe("an up that fails on faults (COGNITO_LINK_MAX_ATTEMPTS=1)", () => {
    const pool = "us-east-1_FailedUp1";
    const users = usernames("fail", 10);
    const links = linksOf(users, 4);
    let emu: SpawnedEmulator | undefined;

    after(async () => {
      await emu?.stop();
    });

    it("records no link that is missing, and the next up converges with nothing lost once the faults abate", async () => {
      const dir = tempDir("failed-up");
      const stateFile = path.join(dir, "cognito.json");
      // 30% of requests faulted, a quarter of them before taking effect, and no retry: about one link call in
      // four fails and is not adopted, so an up of 40 links fails all but certainly (with 2 attempts it
      // passed about one run in twelve, request order being up to the engine's parallelism).
      ({ emu } = await seededEmulator(
        pool,
        users,
        ["--state", stateFile, ...underFaults(HEAVY_FAULTS, 11)],
        dir,
      ));
      let reader = readerClient(emu.url);
      const regs = dynamicOnly(await linkProgram(pool, links));
      const impatient = new Engine({
        project: PROJECT,
        env: { ...emulatorEnv(emu.url), COGNITO_LINK_MAX_ATTEMPTS: "1" },
        parallelism: 16,
      });
      const failure = await impatient.up(regs).then(
        () => assert.fail("with 30% of requests faulted and no retry, the up should fail"),
        (e: unknown) => e,
      );
      assert.ok(failure instanceof DeploymentError, String(failure));
      // Every error says what failed and where, and that running again is safe: none blames the inputs.
      for (const d of failure.result.diagnostics) {
        assert.match(d.message, /in user pool us-east-1_FailedUp1: \w+ failed with \w+/);
        assert.match(d.message, /run the update again \(a link made meanwhile is adopted, not duplicated\)/);
      }
      console.log(`      [faults] failed up, first error: ${failure.message.split("\n")[0]}`);
      const partial = await compare(
        "failed up (1 attempt)",
        impatient,
        reader,
        pool,
        emu,
        failure.result.wallMs,
      );
      assert.deepStrictEqual(partial.missing, [], "a failed up recorded a link Cognito does not have");
      assert.ok(partial.state.length < links.length);

      // The outage abates: the same Cognito (its state file), with the ordinary fault rate.
      await emu.stop();
      emu = await spawnEmulator(["--state", stateFile, ...underFaults(FAULTS, 7)]);
      reader = readerClient(emu.url);
      const patient = new Engine({ project: PROJECT, env: emulatorEnv(emu.url), parallelism: 16 }).load(
        impatient.toJSON(),
      );
      const up = await patient.up(regs);
      assert.strictEqual(
        up.steps.filter((s) => s.op === "create").length,
        links.length - partial.state.length,
      );
      assertExact(
        await compare("next up (10 attempts)", patient, reader, pool, emu, up.wallMs),
        keysOf(pool, links),
      );
    });
  });

  describe("a host killed in the middle of an up", () => {
    const pool = "us-east-1_Crash1";
    const users = usernames("crash", 10);
    const links = linksOf(users, 4);
    let emu: SpawnedEmulator;
    let reader: CognitoIdentityProviderClient;

    before(async () => {
      ({ emu } = await seededEmulator(pool, users, underFaults(FAULTS, 7)));
      reader = readerClient(emu.url);
    });
    after(async () => {
      await emu?.stop();
    });

    it("leaves links made but not recorded, which the next up adopts without error", async () => {
      const env = emulatorEnv(emu.url);
      const regs = dynamicOnly(await linkProgram(pool, links));
      const engine = new Engine({ project: PROJECT, env, parallelism: 16 });

      /** Runs an up and SIGKILLs its host once Cognito has made more links than the engine has recorded. */
      const crash = async (): Promise<Agreement> => {
        const host = await startHost({ project: PROJECT, env });
        await emu.resetStats();
        let finished = false;
        const running = engine.up(regs, { host }).then(
          () => undefined,
          (e: unknown) => e,
        );
        void running.then(() => (finished = true));
        const deadline = Date.now() + 30_000;
        let linked = 0;
        let recorded = 0;
        for (;;) {
          linked = calls(await emu.stats(), "AdminLinkProviderForUser", "ok");
          recorded = host.calls.filter((c) => c.kind === "create" && c.ok).length;
          if (recorded >= 4 && linked > recorded) break;
          assert.ok(
            !finished && Date.now() < deadline,
            `no moment with links made but not recorded (${linked}/${recorded})`,
          );
          await sleep(1);
        }
        process.kill(host.pid, "SIGKILL");
        const failure = await running;
        await host.stop();
        assert.ok(failure instanceof DeploymentError, String(failure));
        console.log(
          `      [faults] host ${host.pid} killed with ${linked} links made and ${recorded} creates recorded`,
        );
        await sleep(100); // requests the dead host had sent may still be in the emulator's latency
        const crashed = await compare("after SIGKILL of the host", engine, reader, pool, emu);
        assert.deepStrictEqual(crashed.missing, [], "the state records a link Cognito does not have");
        return crashed;
      };

      // An answer already on its way when the host died may still be recorded: then crash the next up too.
      let crashed = await crash();
      for (let again = 0; again < 2 && crashed.orphans.length === 0; again++) crashed = await crash();
      assert.ok(crashed.orphans.length >= 1, "the crashes left no link made but not recorded");

      await emu.resetStats();
      const up = await engine.up(regs);
      assert.deepStrictEqual(up.diagnostics, []);
      const adopted = calls(await emu.stats(), "AdminLinkProviderForUser", "InvalidParameterException");
      assert.ok(
        adopted >= crashed.orphans.length,
        `${crashed.orphans.length} links made but not recorded, ${adopted} answered "already linked"`,
      );
      console.log(`      [faults] next up adopted ${crashed.orphans.length} links made but not recorded`);
      assertExact(
        await compare("next up after the crash", engine, reader, pool, emu, up.wallMs),
        keysOf(pool, links),
      );
    });
  });
});
