// Refactors under the real CLI: renames (with and without alias), moves into a component, swaps, duplicates.
// Every link must survive: the engine creates new URNs during the program and deletes old ones after it, and
// runs the halves of different resources' replacements in parallel.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { SeededUserLinks, UserProviderLink } from "../../provider";
import { SEEDED_USER_LINKS_TYPE } from "../../provider/seeded/component";
import { identityLabels } from "../support/cognitoView";
import { googleLink, linkProgram, type LinkSpec } from "../support/links";
import { outcomes } from "../support/requests";
import { addUser, aWorld } from "../support/world";
import { stepList } from "../support/pulumi";
import { POOL_ID, useScenarios } from "../support/cliScenario";

describe("refactors under the real Pulumi CLI keep every link", function () {
  this.timeout(120_000);
  const scenarios = useScenarios();

  it("renames a link without an alias: the new name adopts it, the old name's delete leaves it linked", async () => {
    const s = await scenarios.start(linkProgram([googleLink("old-name", "alice", "1098765")]));
    assert.ok((await s.stack.up()).ok);
    s.stack.program = linkProgram([googleLink("new-name", "alice", "1098765")]);

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(stepList(up), ["create new-name", "delete old-name"]);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1098765"]);
    assert.deepStrictEqual(
      (await s.stack.resources()).map((r) => r.urn.split("::").pop()),
      ["new-name"],
    );
    assert.deepStrictEqual(outcomes(await s.requests(), "AdminDisableProviderForUser"), {});
    assert.ok((await s.stack.preview({ expectNoChanges: true })).ok, "state and Cognito agree");
  });

  it("renames a link with an alias: no Cognito write at all", async () => {
    const s = await scenarios.start(linkProgram([googleLink("old-name", "alice", "1098765")]));
    assert.ok((await s.stack.up()).ok);
    const renamed = googleLink("new-name", "alice", "1098765");
    renamed.opts = { aliases: [{ name: "old-name" }] };
    s.stack.program = linkProgram([renamed]);
    await s.requests();

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(stepList(up), ["same new-name"]);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1098765"]);
    const requests = await s.requests();
    assert.deepStrictEqual(outcomes(requests, "AdminDisableProviderForUser"), {});
    assert.deepStrictEqual(outcomes(requests, "AdminLinkProviderForUser"), {});
  });

  it("moves standalone links into a SeededUserLinks, and renames the component", async () => {
    const s = await scenarios.start(
      linkProgram([
        googleLink("alice-google", "alice", "1098765"),
        googleLink("bob-google", "bob", "2098765"),
      ]),
    );
    assert.ok((await s.stack.up()).ok);
    const seeded = (name: string) => () => {
      new SeededUserLinks(name, {
        userPoolId: POOL_ID,
        links: [
          { username: "alice", provider: "Google", subject: "1098765" },
          { username: "bob", provider: "Google", subject: "2098765" },
        ],
      });
    };
    s.stack.program = seeded("team");

    const moved = await s.stack.up();

    assert.ok(moved.ok, moved.output);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1098765"]);
    assert.deepStrictEqual(await s.identities("bob"), ["Google:2098765"]);

    s.stack.program = seeded("renamed-team");
    const renamed = await s.stack.up();

    assert.ok(renamed.ok, renamed.output);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1098765"]);
    assert.deepStrictEqual(await s.identities("bob"), ["Google:2098765"]);
    assert.deepStrictEqual(outcomes(await s.requests(), "AdminDisableProviderForUser"), {});
    assert.ok((await s.stack.preview({ expectNoChanges: true })).ok, "state and Cognito agree");
  });

  it("swaps the identities of two links of one user in one update", async () => {
    const a = (subject: string): LinkSpec => googleLink("link-a", "alice", subject);
    const b = (subject: string): LinkSpec => googleLink("link-b", "alice", subject);
    const s = await scenarios.start(linkProgram([a("1111"), b("2222")]));
    assert.ok((await s.stack.up()).ok);
    s.stack.program = linkProgram([a("2222"), b("1111")]);

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1111", "Google:2222"]);
    assert.ok((await s.stack.preview({ expectNoChanges: true })).ok, "state and Cognito agree");
  });

  it("keeps a link declared twice when one of the two declarations is removed", async () => {
    const s = await scenarios.start(
      linkProgram([googleLink("first", "alice", "1098765"), googleLink("second", "alice", "1098765")]),
    );
    const both = await s.stack.up();
    assert.ok(both.ok, both.output);
    s.stack.program = linkProgram([googleLink("second", "alice", "1098765")]);

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(stepList(up), ["delete first", "same second"]);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1098765"]);
  });

  it("still unlinks a link whose declaration is removed (no other resource declares it)", async () => {
    const s = await scenarios.start(
      linkProgram([googleLink("keep", "alice", "1098765"), googleLink("drop", "alice", "2098765")]),
    );
    assert.ok((await s.stack.up()).ok);
    s.stack.program = linkProgram([googleLink("keep", "alice", "1098765")]);

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(await s.identities("alice"), ["Google:1098765"]);
    assert.deepStrictEqual(outcomes(await s.requests(), "AdminDisableProviderForUser"), { ok: 1 });
  });
});

describe("SeededUserLinks under the real Pulumi CLI", function () {
  this.timeout(120_000);
  const scenarios = useScenarios();
  const seeded = (links: { username: string; provider: string; subject: string }[]) => () => {
    new SeededUserLinks("team", { userPoolId: POOL_ID, links });
  };

  it("moves an identity from one user to another in one up", async () => {
    const s = await scenarios.start(seeded([{ username: "alice", provider: "Google", subject: "777" }]));
    assert.ok((await s.stack.up()).ok);
    s.stack.program = seeded([{ username: "bob", provider: "Google", subject: "777" }]);

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(await s.identities("alice"), []);
    assert.deepStrictEqual(await s.identities("bob"), ["Google:777"]);
    assert.ok((await s.stack.preview({ expectNoChanges: true })).ok, "state and Cognito agree");
  });

  it("exchanges one identity of a user at the limit of 5 for another in one up", async () => {
    const five = ["1", "2", "3", "4", "5"].map((subject) => ({
      username: "alice",
      provider: "Google",
      subject,
    }));
    const s = await scenarios.start(seeded(five));
    assert.ok((await s.stack.up()).ok);
    s.stack.program = seeded([...five.slice(0, 4), { username: "alice", provider: "Google", subject: "6" }]);

    const preview = await s.stack.preview();
    const up = await s.stack.up();

    assert.ok(preview.ok, preview.output);
    assert.ok(up.ok, up.output);
    assert.ok(stepList(up).includes("delete-replaced team-Google-5"), stepList(up).join(", "));
    assert.deepStrictEqual(await s.identities("alice"), [
      "Google:1",
      "Google:2",
      "Google:3",
      "Google:4",
      "Google:6",
    ]);
    assert.ok((await s.stack.preview({ expectNoChanges: true })).ok, "state and Cognito agree");
  });

  it("keeps a stack whose children have the names of 0.1 (with the username): no Cognito write", async () => {
    // 0.1 named children `<component>-<username>-<provider>-<subject>`: registered here as 0.1 did.
    const old = () => {
      const parent = new pulumi.ComponentResource(SEEDED_USER_LINKS_TYPE, "team", {});
      new UserProviderLink(
        "team-alice-Google-777",
        {
          userPoolId: POOL_ID,
          destinationUser: { providerAttributeValue: "alice" },
          sourceUser: {
            providerName: "Google",
            providerAttributeName: "Cognito_Subject",
            providerAttributeValue: "777",
          },
        },
        { parent },
      );
    };
    const s = await scenarios.start(old);
    assert.ok((await s.stack.up()).ok);
    s.stack.program = seeded([{ username: "alice", provider: "Google", subject: "777" }]);
    await s.requests();

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    // "create team-plan" is the component's exchange plan (a resource that calls nothing), new in this version.
    assert.deepStrictEqual(stepList(up), ["create team-plan", "same team", "same team-Google-777"]);
    const requests = await s.requests();
    assert.deepStrictEqual(outcomes(requests, "AdminLinkProviderForUser"), {});
    assert.deepStrictEqual(outcomes(requests, "AdminDisableProviderForUser"), {});
    assert.deepStrictEqual(await s.identities("alice"), ["Google:777"]);
  });
});

describe("usernames that differ in case only, under the real Pulumi CLI", function () {
  this.timeout(120_000);
  const scenarios = useScenarios();

  it("moves an identity from alice to Alice, two users of a case-sensitive pool", async () => {
    const s = await scenarios.start(linkProgram([googleLink("link", "alice", "1098765")]));
    await addUser(s.client, POOL_ID, "Alice");
    assert.ok((await s.stack.up()).ok);
    s.stack.program = linkProgram([googleLink("link", "Alice", "1098765")]);

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(await s.identities("alice"), []);
    assert.deepStrictEqual(await s.identities("Alice"), ["Google:1098765"]);
  });

  it("renames a link and respells its user in a case-insensitive pool: the link stays", async () => {
    let poolId = "";
    const link = (name: string, username: string): LinkSpec => ({
      name,
      args: {
        userPoolId: poolId,
        destinationUser: { providerAttributeValue: username },
        sourceUser: { providerName: "Google", providerAttributeValue: "1098765" },
      },
    });
    const s = await scenarios.start(() => linkProgram([link("old-name", "carol")])());
    poolId = (await aWorld(s.client, ["carol"], { UsernameConfiguration: { CaseSensitive: false } })).poolId;
    assert.ok((await s.stack.up()).ok);
    s.stack.program = linkProgram([link("new-name", "CAROL")]);
    await s.requests();

    const up = await s.stack.up();

    assert.ok(up.ok, up.output);
    assert.deepStrictEqual(outcomes(await s.requests(), "AdminDisableProviderForUser"), {});
    assert.deepStrictEqual(await identityLabels(s.client, poolId, "carol"), ["Google:1098765"]);
  });
});
