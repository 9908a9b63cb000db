// UserProviderLink under the real Pulumi CLI: preview, up, no-op, replace, failed replace, refresh, destroy.
//
// Each `it` is a scenario of its own (its own emulator and stack), so `--grep` runs any one alone. Each asserts
// Pulumi's view (the engine's events, the summary, the state) and Cognito's (`identities`, request counts).
import * as assert from "assert";
import {
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { googleLink, LINK_TYPE, linkProgram } from "../support/links";
import { outcomes } from "../support/requests";
import { errors, stepList, steps } from "../support/pulumi";
import { POOL_ID, useScenarios } from "../support/cliScenario";
import { addUser } from "../support/world";

describe("UserProviderLink under the real Pulumi CLI", function () {
  this.timeout(120_000);
  const scenarios = useScenarios();
  const ALICE = googleLink("alice-google", "alice", "1098765");
  const ALICE_ID = `v1:${POOL_ID}:Cognito::alice:Google:Cognito_Subject:1098765`;

  it("previews a new stack without a link call", async () => {
    const s = await scenarios.start(linkProgram([ALICE]));

    const preview = await s.stack.preview();

    assert.ok(preview.ok, preview.output);
    assert.deepStrictEqual(stepList(preview), ["create alice-google"]);
    assert.deepStrictEqual(preview.changes, { create: 2 });
    const requests = await s.requests();
    assert.deepStrictEqual(outcomes(requests, "AdminLinkProviderForUser"), {});
    assert.deepStrictEqual(outcomes(requests, "DescribeUserPool"), { ok: 1 }, "preflight read the pool");
    assert.deepStrictEqual(await s.stack.resources(), []);
    assert.deepStrictEqual(await s.identities("alice"), []);
  });

  it("fails preview on bad inputs with the CLI's own words, and sends Cognito nothing", async () => {
    const cognitoSource = googleLink("bad-source", "bob", "5098765");
    cognitoSource.args = {
      ...cognitoSource.args,
      sourceUser: { providerName: "Cognito", providerAttributeValue: "bob" },
    };
    const s = await scenarios.start(linkProgram([cognitoSource]));

    const preview = await s.stack.preview();

    assert.strictEqual(preview.ok, false);
    assert.deepStrictEqual(errors(preview), [
      `${LINK_TYPE} resource 'bad-source': property sourceUser.providerName value {<nil>} has a problem: ` +
        "must not be `Cognito`: native users can only be a destinationUser, and unlinking such a source " +
        "would stop that user's password sign-in; name an external identity provider of the pool " +
        "(Google, Facebook, LoginWithAmazon, SignInWithApple, or a SAML/OIDC provider)",
    ]);
    assert.match(
      preview.output,
      /error: pulumi-nodejs:dynamic\/cognito:UserProviderLink resource 'bad-source': property sourceUser\.providerName value \{<nil>\} has a problem: must not be `Cognito`/,
    );
    assert.strictEqual((await s.requests()).total, 0);
  });

  it("ups, then previews and ups with nothing changed: --expect-no-changes holds, Cognito gets no request", async () => {
    const s = await scenarios.start(linkProgram([ALICE]));
    const up = await s.stack.up();
    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(stepList(up), ["create alice-google"]);
    const [state] = await s.stack.resources();
    assert.strictEqual(state?.id, ALICE_ID);
    assert.strictEqual(state?.type, LINK_TYPE);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1098765"]);
    await s.requests();

    const preview = await s.stack.preview({ expectNoChanges: true });
    const again = await s.stack.up({ expectNoChanges: true });

    assert.ok(preview.ok, preview.output);
    assert.ok(again.ok, again.output);
    assert.deepStrictEqual(again.changes, { same: 2 });
    assert.deepStrictEqual(await s.requests(), { total: 0, operations: {} });
  });

  it("replaces on a new subject, deleting the old link before creating the new one", async () => {
    const s = await scenarios.start(linkProgram([ALICE]));
    assert.ok((await s.stack.up()).ok);
    s.stack.program = linkProgram([googleLink("alice-google", "alice", "2098765")]);

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    const order = steps(up).map((st) => st.op);
    assert.deepStrictEqual(order, ["delete-replaced", "replace", "create-replacement"]);
    const [state] = await s.stack.resources();
    assert.strictEqual(state?.id, `v1:${POOL_ID}:Cognito::alice:Google:Cognito_Subject:2098765`);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:2098765"]);
  });

  it("keeps the old link pending replacement when the new one cannot be made, and finishes once it can", async () => {
    // Preflight off: the user disappears between check and create, as when it is deleted meanwhile.
    const s = await scenarios.start(linkProgram([ALICE]), { env: { COGNITO_LINK_PREFLIGHT: "off" } });
    assert.ok((await s.stack.up()).ok);
    // The destination user is deleted (its links go with it) and made again only after the failed up.
    await s.client.send(new AdminDeleteUserCommand({ UserPoolId: POOL_ID, Username: "alice" }));
    s.stack.program = linkProgram([googleLink("alice-google", "alice", "2098765")]);

    const failed = await s.stack.up();

    assert.strictEqual(failed.ok, false);
    assert.match(errors(failed).join("\n"), /alice/);
    const [pending] = await s.stack.resources();
    assert.strictEqual(pending?.id, ALICE_ID);
    assert.strictEqual(pending?.pendingReplacement, true, "the old link is marked pending replacement");

    await addUser(s.client, POOL_ID, "alice");
    const retry = await s.stack.up();

    assert.ok(retry.ok, retry.output);
    const [state] = await s.stack.resources();
    assert.strictEqual(state?.id, `v1:${POOL_ID}:Cognito::alice:Google:Cognito_Subject:2098765`);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:2098765"]);
  });

  it("drops a link unlinked out of band on refresh, and up --refresh links it again", async () => {
    const s = await scenarios.start(linkProgram([ALICE]));
    assert.ok((await s.stack.up()).ok);
    await s.client.send(
      new AdminDisableProviderForUserCommand({
        UserPoolId: POOL_ID,
        User: {
          ProviderName: "Google",
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: "1098765",
        },
      }),
    );

    const refresh = await s.stack.refresh();

    assert.ok(refresh.ok, refresh.output);
    assert.deepStrictEqual(refresh.changes["delete"], 1, JSON.stringify(refresh.changes));
    assert.deepStrictEqual(await s.stack.resources(), []);

    const up = await s.stack.up({ refresh: true });

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(stepList(up), ["create alice-google"]);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1098765"]);
  });

  it("drops a link whose destination user was deleted on refresh", async () => {
    const s = await scenarios.start(linkProgram([ALICE]));
    assert.ok((await s.stack.up()).ok);
    await s.client.send(new AdminDeleteUserCommand({ UserPoolId: POOL_ID, Username: "alice" }));

    const refresh = await s.stack.refresh();

    assert.ok(refresh.ok, refresh.output);
    assert.deepStrictEqual(await s.stack.resources(), []);
  });

  it("destroys from a stale copy of the state (a destroy whose state was not saved) without unlinking", async () => {
    const s = await scenarios.start(linkProgram([ALICE]));
    assert.ok((await s.stack.up()).ok);
    const saved = await s.stack.stack.exportStack();
    assert.ok((await s.stack.destroy()).ok);
    await s.stack.stack.importStack(saved);
    await s.requests();

    const again = await s.stack.destroy();

    assert.ok(again.ok, again.output);
    assert.deepStrictEqual(stepList(again), ["delete alice-google"]);
    assert.deepStrictEqual(outcomes(await s.requests(), "AdminDisableProviderForUser"), {});
    assert.deepStrictEqual(await s.stack.resources(), []);
  });

  it("destroys, and a second destroy is no error and sends no unlink", async () => {
    const s = await scenarios.start(linkProgram([ALICE]));
    assert.ok((await s.stack.up()).ok);

    const destroy = await s.stack.destroy();

    assert.ok(destroy.ok, destroy.output);
    assert.deepStrictEqual(stepList(destroy), ["delete alice-google"]);
    assert.deepStrictEqual(await s.identities("alice"), []);
    assert.deepStrictEqual(outcomes(await s.requests(), "AdminDisableProviderForUser"), { ok: 1 });

    const again = await s.stack.destroy();

    assert.ok(again.ok, again.output);
    assert.deepStrictEqual(stepList(again), []);
    assert.deepStrictEqual(outcomes(await s.requests(), "AdminDisableProviderForUser"), {});
  });
});
