// State written by an earlier release, brought into a real stack with `pulumi stack import`, then refreshed and
// updated by today's code under the real CLI.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { isObject } from "../support/engine-model/wire";
import { linkProgram } from "../support/links";
import { fixtureFiles, loadRecording, programOf, relink, type RecordedState } from "../support/recorded";
import { stepList } from "../support/pulumi";
import type { CliStack } from "../support/pulumi";
import { useScenarios } from "../support/cliScenario";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** A recorded secret `{sig, value}` in the deployment format's plain-text form, which `stack import` encrypts. */
function toDeploymentValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toDeploymentValue);
  if (!isObject(value)) return value;
  if (SECRET_SIG in value) return { [SECRET_SIG]: value[SECRET_SIG], plaintext: JSON.stringify(value.value) };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toDeploymentValue(v)]));
}

/**
 * Puts the recorded resources into the stack's deployment (made by an empty first `up`), each under the
 * default dynamic provider as the engine records it, and imports the result.
 */
async function importRecording(stack: CliStack, recording: RecordedState): Promise<void> {
  const exported = await stack.stack.exportStack();
  const deployment = exported.deployment as { resources: Record<string, unknown>[] };
  const root = deployment.resources.find((r) => r.type === "pulumi:pulumi:Stack");
  assert.ok(root, "the empty up made the stack resource");
  const providerUrn = `urn:pulumi:${stack.stack.name}::${stack.project}::pulumi:providers:pulumi-nodejs::default`;
  const providerId = "00000000-0000-4000-8000-000000000001";
  deployment.resources.push({
    urn: providerUrn,
    custom: true,
    id: providerId,
    type: "pulumi:providers:pulumi-nodejs",
  });
  for (const r of recording.resources) {
    deployment.resources.push({
      urn: r.urn,
      custom: true,
      id: r.id,
      type: r.type,
      inputs: toDeploymentValue(r.inputs),
      outputs: toDeploymentValue(r.outputs),
      parent: root.urn,
      provider: `${providerUrn}::${providerId}`,
      deleteBeforeReplace: r.deleteBeforeReplace,
    });
  }
  const file = path.join(stack.dir, "import.json");
  fs.writeFileSync(file, JSON.stringify(exported));
  await stack.cli(["stack", "import", "--file", file]);
}

describe("state written by an earlier release, under the real CLI", function () {
  this.timeout(120_000);
  const scenarios = useScenarios();

  for (const file of fixtureFiles()) {
    const recording = loadRecording(file);
    it(`refreshes ${path.basename(file)} with no change, then updates it with today's code in place`, async () => {
      const s = await scenarios.start(() => undefined);
      assert.ok((await s.stack.up()).ok, "an empty stack");
      await relink(s.client, recording);
      await importRecording(s.stack, recording);
      const before = (await s.stack.resources()).map((r) => r.id).sort();
      assert.strictEqual(before.length, recording.resources.length);

      const refresh = await s.stack.refresh({ expectNoChanges: true });

      assert.ok(refresh.ok, refresh.output);
      assert.deepStrictEqual((await s.stack.resources()).map((r) => r.id).sort(), before);

      s.stack.program = linkProgram(programOf(recording));
      await s.requests();
      const up = await s.stack.up();

      assert.ok(up.ok, up.output);
      // Today's code changes only __provider: an update of the stored code, never a replace or an unlink.
      assert.ok(
        stepList(up).every((step) => /^(same|update) /.test(step)),
        `steps: ${stepList(up).join(", ")}`,
      );
      assert.deepStrictEqual((await s.stack.resources()).map((r) => r.id).sort(), before);
      const requests = await s.requests();
      assert.strictEqual(requests.operations.AdminDisableProviderForUser, undefined);
      assert.strictEqual(requests.operations.AdminLinkProviderForUser, undefined);
      assert.deepStrictEqual(await s.identities("alice"), ["Google:1098765"]);
      assert.deepStrictEqual(await s.identities("bob"), ["CorpSAML:bob@corp.example"]);
      // The stored secret stays encrypted in the stack after import and update.
      assert.ok(
        !s.stack.checkpointText().includes("bob@corp.example"),
        "the secret subject is in plain text",
      );
    });
  }
});
