// Resource options and CLI flags under the real CLI: ignoreChanges, retainOnDelete, protect, --target,
// --replace, `pulumi state delete` then up, and the `import` option.
import * as assert from "assert";
import { googleLink, LINK_TYPE, linkProgram, type LinkSpec } from "../support/links";
import { outcomes } from "../support/requests";
import { errors, stepList } from "../support/pulumi";
import { POOL_ID, useScenarios } from "../support/cliScenario";

const urnOf = (name: string): string => `urn:pulumi:dev::proj::${LINK_TYPE}::${name}`;
const withOpts = (spec: LinkSpec, opts: LinkSpec["opts"]): LinkSpec => ({ ...spec, opts });

describe("resource options and CLI flags under the real Pulumi CLI", function () {
  this.timeout(120_000);
  const scenarios = useScenarios();

  it("ignoreChanges: the link judged and made is the one kept in state", async () => {
    const s = await scenarios.start(linkProgram([googleLink("alice-google", "alice", "1111")]));
    assert.ok((await s.stack.up()).ok);
    // The subject changes in the program but is ignored: nothing happens, state and Cognito keep 1111.
    s.stack.program = linkProgram([
      withOpts(googleLink("alice-google", "alice", "2222"), { ignoreChanges: ["sourceUser"] }),
    ]);
    await s.requests();

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(stepList(up), ["same alice-google"]);
    assert.deepStrictEqual(await s.requests(), { total: 0, operations: {} });
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1111"]);
    const [state] = await s.stack.resources();
    assert.strictEqual(state?.id, `v1:${POOL_ID}:Cognito::alice:Google:Cognito_Subject:1111`);

    // A change that is not ignored replaces the link; the replacement links what is kept in state.
    s.stack.program = linkProgram([
      withOpts(googleLink("alice-google", "bob", "2222"), { ignoreChanges: ["sourceUser"] }),
    ]);
    const moved = await s.stack.up();

    assert.ok(moved.ok, moved.output);
    const [after] = await s.stack.resources();
    // The engine checks the replacement with the program's raw values (ignoreChanges applies only to the
    // first check), so the replacement links 2222; the state says exactly that.
    assert.strictEqual(after?.id, `v1:${POOL_ID}:Cognito::bob:Google:Cognito_Subject:2222`);
    assert.strictEqual(
      (after?.inputs?.sourceUser as { providerAttributeValue?: string }).providerAttributeValue,
      "2222",
    );
    assert.deepStrictEqual(await s.identities("alice"), []);
    assert.deepStrictEqual(await s.identities("bob"), ["Google:2222"]);
  });

  it("retainOnDelete: a removed link stays in Cognito", async () => {
    const s = await scenarios.start(
      linkProgram([withOpts(googleLink("kept", "alice", "1111"), { retainOnDelete: true })]),
    );
    assert.ok((await s.stack.up()).ok);
    s.stack.program = linkProgram([]);

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(stepList(up), ["delete kept"]);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1111"]);
    assert.deepStrictEqual(outcomes(await s.requests(), "AdminDisableProviderForUser"), {});
  });

  it("retainOnDelete on a replaced link: preflight counts the identity that stays", async () => {
    // alice has 4 other links; a retained link's replacement would leave 1111 linked and add 2222: a sixth.
    const others = ["a1", "a2", "a3", "a4"].map((sub) => googleLink(`other-${sub}`, "alice", sub));
    const retained = (subject: string) =>
      withOpts(googleLink("retained", "alice", subject), { retainOnDelete: true });
    const s = await scenarios.start(linkProgram([...others, retained("1111")]));
    assert.ok((await s.stack.up()).ok);
    s.stack.program = linkProgram([...others, retained("2222")]);

    const preview = await s.stack.preview();

    assert.strictEqual(preview.ok, false, preview.output);
    assert.match(
      errors(preview).join("\n"),
      /user alice in user pool us-east-1_EngineLinks has 5 linked identities; linking Google\/2222 would exceed Cognito's maximum of 5/,
    );
    assert.deepStrictEqual((await s.identities("alice")).length, 5);
  });

  it("protect: destroy refuses and unlinks nothing", async () => {
    const s = await scenarios.start(
      linkProgram([withOpts(googleLink("guarded", "alice", "1111"), { protect: true })]),
    );
    assert.ok((await s.stack.up()).ok);

    const destroy = await s.stack.destroy();

    assert.strictEqual(destroy.ok, false);
    assert.match(destroy.output, /protected/);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1111"]);
  });

  it("--target: only the targeted link is made; the other waits for the next up", async () => {
    const s = await scenarios.start(
      linkProgram([googleLink("first", "alice", "1111"), googleLink("second", "bob", "2222")]),
    );

    const up = await s.stack.up({ target: [urnOf("first")] });

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1111"]);
    assert.deepStrictEqual(await s.identities("bob"), []);
    assert.ok((await s.stack.up()).ok);
    assert.deepStrictEqual(await s.identities("bob"), ["Google:2222"]);
  });

  it("--replace: the replacement of an identical link keeps it linked (its delete half leaves it to the new one)", async () => {
    const s = await scenarios.start(linkProgram([googleLink("alice-google", "alice", "1111")]));
    assert.ok((await s.stack.up()).ok);
    await s.requests();

    const up = await s.stack.up({ replace: [urnOf("alice-google")] });

    assert.ok(up.ok, up.output);
    assert.ok(stepList(up).includes("replace alice-google"), stepList(up).join(", "));
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1111"]);
    assert.deepStrictEqual(outcomes(await s.requests(), "AdminDisableProviderForUser"), {});
    assert.ok((await s.stack.preview({ expectNoChanges: true })).ok, "state and Cognito agree");
  });

  it("pulumi state delete, then up: the link still in Cognito is adopted", async () => {
    const s = await scenarios.start(linkProgram([googleLink("alice-google", "alice", "1111")]));
    assert.ok((await s.stack.up()).ok);
    await s.stack.cli(["state", "delete", urnOf("alice-google"), "--yes"]);
    assert.deepStrictEqual(await s.stack.resources(), []);

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(stepList(up), ["create alice-google"]);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1111"]);
    const [state] = await s.stack.resources();
    assert.strictEqual(state?.id, `v1:${POOL_ID}:Cognito::alice:Google:Cognito_Subject:1111`);
  });

  it("the import option fails with a clear error, not a crash, and links nothing", async () => {
    const s = await scenarios.start(
      linkProgram([
        withOpts(googleLink("imported", "alice", "1111"), {
          import: `v1:${POOL_ID}:Cognito::alice:Google:Cognito_Subject:1111`,
        }),
      ]),
    );

    const up = await s.stack.up();

    assert.strictEqual(up.ok, false);
    const text = errors(up).join("\n");
    assert.match(text, /import/i);
    assert.doesNotMatch(text, /TypeError|undefined|Cannot read/);
    assert.deepStrictEqual(await s.identities("alice"), []);
  });
});
