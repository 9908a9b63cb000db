// Secrets under the real CLI: a secret subject never appears in plain text in the backend's files, the CLI's
// output, the engine's event log, or a failure.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { googleLink, linkProgram } from "../support/links";
import type { Run } from "../support/pulumi";
import { signIn } from "../support/emulator";
import { POOL_ID, useScenarios } from "../support/cliScenario";

const SUBJECT = "secret-subject-5c1f0e7a";

/**
 * Every text the run left for a person or a log: console output and each engine event as JSON, except the
 * debug diagnostics. Those are @pulumi/pulumi's own RPC trace ("RegisterResource RPC finished: ... resp:
 * ..."), which prints every resource's outputs, secrets included, for any resource type; the CLI shows them
 * only with --debug, and the README says to keep debug events out of shared logs.
 */
function visible(run: Run): string {
  const events = run.events.filter((e) => e.diagnosticEvent?.severity !== ("debug" as string));
  return `${run.output}\n${events.map((e) => JSON.stringify(e)).join("\n")}\n${run.error?.message ?? ""}`;
}

/** The debug diagnostics that carry the secret: the SDK's trace, never a message of this provider. */
function debugTraces(run: Run, secret: string): string[] {
  return run.events.flatMap((e) => {
    const d = e.diagnosticEvent;
    return d && d.message.includes(secret) ? [`${d.severity}: ${d.message.slice(0, 40)}`] : [];
  });
}

describe("secrets under the real Pulumi CLI", function () {
  this.timeout(120_000);
  const scenarios = useScenarios();

  it("keeps a secret subject out of the state files, the output and the event log, through up, refresh and destroy", async () => {
    const s = await scenarios.start(
      linkProgram([googleLink("carol-secret", "carol", pulumi.secret(SUBJECT))]),
    );

    const runs = [await s.stack.up(), await s.stack.preview({ diff: true }), await s.stack.refresh()];

    for (const run of runs) assert.ok(run.ok, run.output);
    assert.deepStrictEqual(await s.identities("carol"), [`Google:${SUBJECT}`], "Cognito got the real value");
    const [state] = await s.stack.resources();
    assert.match(
      state?.id ?? "",
      new RegExp(`^v1:${POOL_ID}:Cognito::carol:Google:Cognito_Subject:\\*[0-9a-f]{16}$`),
    );
    const destroy = await s.stack.destroy();
    assert.ok(destroy.ok, destroy.output);
    for (const run of [...runs, destroy]) {
      assert.ok(!visible(run).includes(SUBJECT), `the secret is in the output or events:\n${run.output}`);
      for (const trace of debugTraces(run, SUBJECT))
        assert.match(trace, /^debug: \w+ RPC (finished|prepared)/);
    }
    assert.ok(!s.stack.backendText().includes(SUBJECT), "the secret is in plain text in the backend's files");
  });

  it("keeps it out of a check failure of that link, which still names the property", async () => {
    // The 128-character rule (provider name, attribute name and value together) fails on sourceUser.
    const long = `${SUBJECT}-${"x".repeat(120)}`;
    const s = await scenarios.start(linkProgram([googleLink("carol-long", "carol", pulumi.secret(long))]));

    const preview = await s.stack.preview();

    assert.strictEqual(preview.ok, false, preview.output);
    assert.match(
      preview.output,
      /resource 'carol-long': property sourceUser\.providerAttributeValue value \{<nil>\} has a problem/,
    );
    assert.ok(!visible(preview).includes(SUBJECT), `the secret is in the failure:\n${preview.output}`);
  });

  it("keeps it out of a preflight failure that names the federated user the identity signed in as", async () => {
    const s = await scenarios.start(
      linkProgram([googleLink("carol-signed-in", "carol", pulumi.secret(SUBJECT))]),
    );
    await signIn(s.emulator.url, POOL_ID, "Google", SUBJECT);
    await s.requests(); // from here on, only what the preview asks

    const preview = await s.stack.preview();

    // Preflight is advice: a read it cannot make skips it, and the preview passes ("preflight skipped" in
    // the output). Cognito's answers say whether it got that far.
    const asked = (await s.requests()).operations;
    assert.deepStrictEqual(
      Object.values(asked).flatMap((outcomes) =>
        Object.keys(outcomes).filter((o) => !/^(ok|UserNotFoundException)$/.test(o)),
      ),
      [],
      `Cognito answered the preview's reads with errors: ${JSON.stringify(asked)}\n${preview.output}`,
    );
    assert.strictEqual(preview.ok, false, preview.output);
    assert.match(preview.output, /google_<secret>/);
    assert.ok(!visible(preview).includes(SUBJECT), `the secret is in the failure:\n${preview.output}`);
  });
});
