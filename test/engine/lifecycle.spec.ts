// UserProviderLink end to end on the engine path: program capture, the real dynamic-provider host, the emulator.
//
// Each scenario asserts both views: Pulumi's (steps, ids, outputs, check failures, the host calls made) and
// Cognito's (the destination's `identities`, read through the SDK, and the emulator's request counters).
import * as assert from "assert";
import * as path from "path";
import { performance } from "perf_hooks";
import { type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import * as aws from "@pulumi/aws";
import { decodeLinkId, UserProviderLink } from "../../provider";
import { UserProviderLinkProvider } from "../../provider/provider";
import { resetProcessRuntime } from "../../provider/runtime";
import { spawnEmulator, type SpawnedEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/paths";
import { cognitoClient } from "../support/sdk";
import { emulatorEnv, makeWorld, useEmulatorEnv } from "../support/world";
import {
  capture,
  DeploymentError,
  dynamicOnly,
  Engine,
  formatTiming,
  registration,
  reveal,
  secretKeys,
  startHost,
  stopAllHosts,
  summarize,
  UNKNOWN,
  type CallRecord,
  type OperationResult,
  type Registration,
  type StateFile,
} from "../support/engine-model";
import { stripSecrets } from "../support/engine-model/secrets";
import {
  captureLinks,
  googleLink,
  LINK_TYPE,
  linkUrn,
  POOL_ID,
  PROJECT,
  providerText,
  SEED_FILE,
  STACK,
} from "../support/links";
import { identityLabels } from "../support/cognitoView";
import { outcomes } from "../support/requests";
import { captureInProject, scratchProject, type ScratchProject } from "../support/packaged";
import { FIXTURE_DIR, fixtureFiles, loadRecording, programOf, relink, storedLink } from "../support/recorded";

/** Mean ms per call kind, leaving out each kind's first call (it also loads the provider and the AWS SDK). */
function afterFirst(calls: readonly CallRecord[]): string {
  return (["check", "diff", "create", "delete"] as const)
    .flatMap((kind) => {
      const ms = calls
        .filter((c) => c.kind === kind)
        .slice(1)
        .map((c) => c.ms);
      return ms.length === 0 ? [] : [`${kind} ${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(1)}`];
    })
    .join(", ");
}

/** The environment the engine would give the host: the emulator endpoint, dummy credentials, preflight on. */
function hostEnv(url: string): NodeJS.ProcessEnv {
  return { ...emulatorEnv(url), COGNITO_LINK_PREFLIGHT: "on" };
}

const ops = (r: OperationResult): [string, string][] => r.steps.map((s) => [s.op, s.urn]);
const callKinds = (r: OperationResult): string[] => r.calls.map((c) => c.kind);

describe("UserProviderLink through the dynamic-provider host", function () {
  this.timeout(60_000);
  let emu: SpawnedEmulator;
  let client: CognitoIdentityProviderClient;

  before(async () => {
    emu = await spawnEmulator(["--seed", SEED_FILE]);
    client = cognitoClient(emu.url);
  });
  after(async () => {
    await stopAllHosts();
    await emu?.stop();
  });

  // Each `it` makes its own stack (an Engine of its own) and its own pool or links, and unlinks what it linked;
  // the seeded emulator is shared, and no test reads what another left in it.
  // The sequence of lifecycle scenarios (preview, up, no-op, replace, refresh, adoption, bad inputs, destroy,
  // secrets) runs under the real CLI in test/cli. What stays here needs aws.cognito.* resources in the program,
  // whose provider plugin cannot be built here: the program is captured under mocks instead.
  describe("previews with aws.cognito resources made in the same stack (captured under mocks)", () => {
    it("8a. previews a link to a pool made in the same stack: the pool id is unknown and check passes", async () => {
      const regs = await capture(
        () => {
          const pool = new aws.cognito.UserPool("pool", { name: "made-in-this-stack" });
          new UserProviderLink("to-new-pool", {
            userPoolId: pool.id,
            destinationUser: { providerAttributeValue: "alice" },
            sourceUser: { providerName: "Google", providerAttributeValue: "3098765" },
          });
        },
        { project: PROJECT, stack: STACK, preview: true },
      );
      assert.strictEqual(registration(regs, "to-new-pool").inputs.userPoolId, UNKNOWN);
      await emu.resetStats();

      const preview = await new Engine({ project: PROJECT, env: hostEnv(emu.url) }).preview(
        dynamicOnly(regs),
      );

      assert.deepStrictEqual(ops(preview), [["create", linkUrn("to-new-pool")]]);
      assert.deepStrictEqual(callKinds(preview), ["configure", "check"]);
      assert.strictEqual((await emu.stats()).total, 0, "nothing to ask Cognito about an unknown pool");
    });

    it("8b. previews a link to a user made in the same stack: preflight does not report the user missing", async () => {
      const program = (wired: boolean) => () => {
        const user = new aws.cognito.User("erin", { userPoolId: POOL_ID, username: "erin" });
        new UserProviderLink("to-erin", {
          userPoolId: POOL_ID,
          destinationUser: { providerAttributeValue: wired ? user.username : "erin" },
          sourceUser: { providerName: "Google", providerAttributeValue: "4098765" },
        });
      };
      const wired = dynamicOnly(
        await capture(program(true), { project: PROJECT, stack: STACK, preview: true }),
      );
      const link = registration(wired, "to-erin");
      assert.strictEqual(link.inputs.dependenciesReady, UNKNOWN);
      assert.deepStrictEqual(link.inputs.destinationUser, { providerAttributeValue: "erin" });
      await emu.resetStats();

      const preview = await new Engine({ project: PROJECT, env: hostEnv(emu.url) }).preview(wired);

      assert.deepStrictEqual(ops(preview), [["create", linkUrn("to-erin")]]);
      // Preflight did run and did not find erin; it only kept quiet about it.
      assert.ok((outcomes(await emu.stats(), "AdminGetUser").UserNotFoundException ?? 0) >= 1);

      // The control: the same link naming erin as a literal has no dependency to wait for, and is reported.
      const literal = dynamicOnly(
        await capture(program(false), { project: PROJECT, stack: STACK, preview: true }),
      );
      assert.strictEqual(registration(literal, "to-erin").inputs.dependenciesReady, true);
      await assert.rejects(
        new Engine({ project: PROJECT, env: hostEnv(emu.url) }).preview(literal),
        (e: unknown) => {
          assert.ok(e instanceof DeploymentError);
          assert.strictEqual(
            e.message,
            `${LINK_TYPE} resource 'to-erin': property destinationUser.providerAttributeValue value {<nil>} ` +
              `has a problem: user erin does not exist in user pool ${POOL_ID}; create the user first, or ` +
              `wire destinationUser from the aws.cognito.User so the link waits for it`,
          );
          return true;
        },
      );
    });
  });

  describe("resource ids", () => {
    it("are the id codec's on the host path too: an email subject with + and é is percent-encoded and decodes back", async () => {
      const SUBJECT = "renée+ops@corp.example";
      const engine = new Engine({ project: PROJECT, env: hostEnv(emu.url) });
      const spec = {
        name: "dave-saml-email",
        args: {
          userPoolId: POOL_ID,
          destinationUser: { providerAttributeValue: "dave" },
          sourceUser: { providerName: "CorpSAML", providerAttributeValue: SUBJECT },
        },
      };
      try {
        await engine.up(await captureLinks([spec]));
        const id = engine.resource(spec.name).id;

        assert.strictEqual(
          id,
          `v1:${POOL_ID}:Cognito::dave:CorpSAML:Cognito_Subject:ren%C3%A9e%2Bops%40corp.example`,
        );
        assert.strictEqual(decodeLinkId(id).sourceUser.providerAttributeValue, SUBJECT);
        await engine.refresh();
        assert.strictEqual(engine.resource(spec.name).id, id, "read returns the same id");
        assert.deepStrictEqual(await identityLabels(client, POOL_ID, "dave"), [`CorpSAML:${SUBJECT}`]);
      } finally {
        await engine.destroy();
      }
      assert.deepStrictEqual(await identityLabels(client, POOL_ID, "dave"), []);
    });
  });

  describe("host-path overhead (printed, never asserted)", () => {
    it("prints ms per check, diff, create and delete for ten links, through the host and in process", async () => {
      const world = await makeWorld(
        emu.url,
        Array.from({ length: 10 }, (_, i) => `timing${i}`),
      );
      const links = world.users.map((u, i) => ({
        name: `timing-${i}`,
        args: {
          userPoolId: world.poolId,
          destinationUser: { providerAttributeValue: u },
          sourceUser: { providerName: "Google", providerAttributeValue: `60000${i}` },
        },
      }));
      const regs: Registration[] = await captureLinks(links);
      const engine = new Engine({ project: PROJECT, env: hostEnv(emu.url) });
      const print = (label: string, r: OperationResult): void =>
        console.log(
          `      ${label} (host start ${r.hostStartMs.toFixed(0)} ms, wall ${r.wallMs.toFixed(0)} ms; ` +
            `mean after each kind's first call: ${afterFirst(r.calls)})\n` +
            formatTiming(r.timing).replace(/^/gm, "        "),
        );
      print("preview of 10 new links", await engine.preview(await captureLinks(links, true)));
      print("up: check + create (Cognito: link, read-back)", await engine.up(regs));
      print("up unchanged: check + diff (no Cognito call: pure host overhead)", await engine.up(regs));
      print(
        "destroy: delete (Cognito: read, unlink; the provider's rate limit spaces bursts)",
        await engine.destroy(),
      );
      assert.deepStrictEqual(await identityLabels(world.client, world.poolId, "timing0"), []);

      // The same calls without the host: the provider object in this process, against the same emulator.
      const restore = useEmulatorEnv(emu.url);
      const calls: CallRecord[] = [];
      const timed = async <T>(kind: CallRecord["kind"], f: () => Promise<T>): Promise<T> => {
        const startedAt = performance.now();
        const result = await f();
        calls.push({ kind, urn: "", startedAt, ms: performance.now() - startedAt, ok: true });
        return result;
      };
      try {
        const provider = new UserProviderLinkProvider();
        const created: { id: string; outs: unknown; inputs: unknown }[] = [];
        resetProcessRuntime();
        for (const reg of regs) {
          const checked = await timed("check", () => provider.check({}, stripSecrets(reg.inputs)));
          const { id, outs } = await timed("create", () => provider.create(checked.inputs));
          created.push({ id, outs, inputs: checked.inputs });
        }
        resetProcessRuntime();
        for (const c of created) {
          await timed("check", () => provider.check(c.inputs, c.inputs));
          await timed("diff", () => provider.diff(c.id, c.outs, c.inputs));
        }
        resetProcessRuntime();
        await Promise.all(created.map((c) => timed("delete", () => provider.delete(c.id, c.outs))));
      } finally {
        resetProcessRuntime();
        restore();
      }
      console.log(
        `      the same calls in process, no host (mean after each kind's first call: ${afterFirst(calls)})\n` +
          formatTiming(summarize(calls)).replace(/^/gm, "        "),
      );
      assert.deepStrictEqual(await identityLabels(world.client, world.poolId, "timing0"), []);
    });
  });
});

// pulumi/pulumi#6238: refresh and destroy run the `__provider` stored in each resource's state, so state written by an
// earlier release must keep working with its own code, and today's code must read it too. One recorded state per
// released shape (test/support/recordState.ts writes them; its header says when).
describe("UserProviderLink state recorded by an earlier version", function () {
  this.timeout(60_000);
  let emu: SpawnedEmulator;
  let client: CognitoIdentityProviderClient;

  // Each test has a fresh seeded emulator and makes the recorded links again itself: none starts from another's.
  beforeEach(async () => {
    emu = await spawnEmulator(["--seed", SEED_FILE]);
    client = cognitoClient(emu.url);
  });
  afterEach(async () => {
    await stopAllHosts();
    client?.destroy();
    await emu?.stop();
  });

  const files = fixtureFiles();
  it("has at least one recording", () => assert.ok(files.length > 0, `no state-*.json in ${FIXTURE_DIR}`));

  for (const file of files) {
    describe(path.basename(file), () => {
      const recording = loadRecording(file);
      const engineFor = (state: StateFile): Engine =>
        new Engine({ project: PROJECT, env: hostEnv(emu.url) }).load(state);
      const idsOf = (engine: Engine): string[] => engine.resources().map((r) => r.id);
      const recordedIds = recording.resources.map((r) => r.id);
      const linkedNow = async (): Promise<string[]> =>
        (
          await Promise.all(
            recording.resources.map((r) =>
              identityLabels(
                client,
                storedLink(r).userPoolId,
                storedLink(r).destinationUser.providerAttributeValue,
              ),
            ),
          )
        ).flat();
      const recordedIdentities = recording.resources
        .map(
          (r) =>
            `${storedLink(r).sourceUser.providerName}:${storedLink(r).sourceUser.providerAttributeValue}`,
        )
        .sort();
      /** The recording with `code` as every resource's serialized provider, as if a later update had rewritten it. */
      const withCode = (code: string): StateFile => {
        const state = structuredClone(recording);
        for (const r of state.resources) r.inputs.__provider = r.outputs.__provider = code;
        return state;
      };
      /** Today's serialized provider for the recorded program. */
      const todaysCodeOf = async (): Promise<string> =>
        providerText((await captureLinks(programOf(recording)))[0] as Registration);

      it("(a) refresh with the stored code keeps every link, its id and its stored code", async () => {
        await relink(client, recording);
        assert.deepStrictEqual((await linkedNow()).sort(), recordedIdentities);
        const engine = engineFor(recording);

        const refresh = await engine.refresh();

        assert.strictEqual(refresh.steps.length, recording.resources.length);
        assert.deepStrictEqual(idsOf(engine), recordedIds);
        recording.resources.forEach((old) => {
          const now = engine.resource(old.urn);
          assert.strictEqual(
            now.outputs.__provider,
            old.outputs.__provider,
            "the host keeps the stored code",
          );
          assert.deepStrictEqual(secretKeys(now.outputs), secretKeys(old.outputs));
          assert.deepStrictEqual(reveal(now.outputs.sourceUser), reveal(old.outputs.sourceUser));
        });
      });

      it("(a) destroy with the stored code unlinks every link in Cognito", async () => {
        await relink(client, recording);
        const engine = engineFor(recording);
        await emu.resetStats();

        const destroy = await engine.destroy();

        assert.strictEqual(destroy.steps.filter((s) => s.op === "delete").length, recording.resources.length);
        assert.deepStrictEqual(await linkedNow(), []);
        assert.deepStrictEqual(outcomes(await emu.stats(), "AdminDisableProviderForUser"), {
          ok: recording.resources.length,
        });
      });

      it("(a) the host really runs the stored code: a stored __provider that throws fails the refresh", async () => {
        const broken = structuredClone(recording);
        for (const r of broken.resources) {
          r.outputs.__provider = 'exports.handler = () => { throw new Error("the stored __provider ran"); };';
        }
        await assert.rejects(engineFor(broken).refresh(), /the stored __provider ran/);
      });

      it("(b) today's code reads the old state: up with today's program changes nothing, refresh keeps every link", async () => {
        await relink(client, recording);
        const today = await captureLinks(programOf(recording));
        const todaysCode = providerText(today[0] as Registration);
        console.log(
          `      recorded __provider ${todaysCode === recording.resources[0]?.outputs.__provider ? "equals" : "differs from"} today's`,
        );
        // Upgrading the package: diff runs today's code (the program's) against the old outputs.
        const up = await engineFor(recording).up(today);
        assert.deepStrictEqual(
          up.steps.map((s) => s.op),
          recording.resources.map(() => "same"),
        );
        // Then every call runs today's code: swap it into the state as if a later update had rewritten it.
        const engine = engineFor(withCode(todaysCode));

        await engine.refresh();

        assert.deepStrictEqual(idsOf(engine), recordedIds);
        for (const r of engine.resources()) assert.strictEqual(r.outputs.__provider, todaysCode);
        assert.deepStrictEqual((await linkedNow()).sort(), recordedIdentities);
      });

      it("(b) destroy with today's code unlinks every link in Cognito", async () => {
        await relink(client, recording);
        const engine = engineFor(withCode(await todaysCodeOf()));
        await engine.destroy();
        assert.deepStrictEqual(engine.resources(), []);
        assert.deepStrictEqual(await linkedNow(), []);
      });
    });
  }
});

// Scenario 2 again, with the package as users install it: packed, installed in a scratch project next to its own
// @pulumi/pulumi, imported by name, and run by the host from that project's node_modules. Slow (npm), so it has
// its own timeout; it stays in `npm test` because nothing else shows what the published code serializes to.
describe("UserProviderLink as an installed package", function () {
  this.timeout(180_000);
  let emu: SpawnedEmulator;
  let client: CognitoIdentityProviderClient;
  let project: ScratchProject | undefined;

  before(async () => {
    emu = await spawnEmulator(["--seed", SEED_FILE]);
    client = cognitoClient(emu.url);
    project = await scratchProject(150_000);
  });
  after(async () => {
    await stopAllHosts();
    await emu?.stop();
    project?.remove();
  });

  it("serializes a require of the installed package, and up through that project's host links in Cognito", async () => {
    const scratch = project as ScratchProject;
    const args = {
      userPoolId: POOL_ID,
      destinationUser: { providerAttributeValue: "dave" },
      sourceUser: { providerName: "Google", providerAttributeValue: "7098765" },
    };
    const regs = await captureInProject(
      scratch,
      `const { UserProviderLink } = require(${JSON.stringify(scratch.packageName)});\n` +
        `new UserProviderLink("packaged", ${JSON.stringify(args)});\n`,
      { project: PROJECT, stack: STACK },
    );
    const reg = registration(regs, "packaged", LINK_TYPE);
    assert.strictEqual(reg.urn, linkUrn("packaged"));
    assert.strictEqual(reg.options.deleteBeforeReplace, true);

    const text = providerText(reg);
    const fromPackage = new RegExp(`require\\("${scratch.packageName}/dist/provider/[\\w./-]+"\\)`);
    assert.match(text, fromPackage);
    // Our modules are required from node_modules, not copied: none of their bodies or paths are in the text.
    for (const body of [
      "function normalize(",
      "function encodeLinkId(",
      "function preflight(",
      "function diffLinks(",
    ]) {
      assert.ok(!text.includes(body), `__provider carries ${body}…) by value`);
    }
    assert.ok(!text.includes(REPO_ROOT), "__provider names this repository's path");
    const inRepo = providerText(
      registration(await captureLinks([googleLink("packaged", "dave", "7098765")]), "packaged"),
    );
    console.log(
      `      serialized __provider: ${text.length} characters installed, ${inRepo.length} from this repository`,
    );

    const host = await startHost({ cwd: scratch.dir, project: PROJECT, env: hostEnv(emu.url) });
    try {
      assert.ok(host.script.startsWith(path.join(scratch.dir, "node_modules")), host.script);
      const engine = new Engine({ project: PROJECT, cwd: scratch.dir, env: hostEnv(emu.url) });
      const up = await engine.up(regs, { host });

      console.log(
        `      up through the installed package's host\n${formatTiming(up.timing).replace(/^/gm, "        ")}`,
      );
      assert.deepStrictEqual(ops(up), [["create", linkUrn("packaged")]]);
      assert.strictEqual(
        engine.resource("packaged").id,
        `v1:${POOL_ID}:Cognito::dave:Google:Cognito_Subject:7098765`,
      );
      assert.deepStrictEqual(await identityLabels(client, POOL_ID, "dave"), ["Google:7098765"]);

      await engine.destroy(); // in a host of its own, as the engine runs a destroy
      assert.deepStrictEqual(await identityLabels(client, POOL_ID, "dave"), []);
    } finally {
      await host.stop();
    }
  });
});
