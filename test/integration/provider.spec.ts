// UserProviderLinkProvider against the emulator (a real process), through the real AWS SDK over HTTP.
import * as assert from "assert";
import {
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  type CreateUserPoolCommandInput,
  DeleteUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { UserProviderLinkProvider } from "../../provider/provider";
import { encodeLinkId } from "../../provider/id";
import { LinkInputs } from "../../provider/inputs";
import { resetProcessRuntime } from "../../provider/runtime";
import { signIn } from "../support/emulator";
import { aLink } from "../support/builders";
import { identityEntries } from "../support/cognitoView";
import { calls } from "../support/requests";
import { aWorld, ClientWorld as World, addUser, makeWorld, useEmulator } from "../support/world";

async function rejects(p: Promise<unknown>, ...patterns: RegExp[]): Promise<string> {
  try {
    await p;
  } catch (e) {
    const message = (e as Error).message;
    for (const re of patterns) assert.match(message, re);
    return message;
  }
  assert.fail("expected a rejection");
}

describe("UserProviderLinkProvider against the emulator", function () {
  const emu = useEmulator();
  let world: World;
  let provider: UserProviderLinkProvider;
  let n = 0;
  const link = (o: Parameters<typeof aLink>[0] = {}): LinkInputs =>
    aLink({
      userPoolId: world.poolId,
      ...o,
      sourceUser: { providerAttributeValue: `sub-${++n}`, ...o.sourceUser },
    });

  beforeEach(async () => {
    resetProcessRuntime();
    provider = new UserProviderLinkProvider();
    world = await makeWorld(emu.url, ["alice", "bob", "carol"]);
    await emu.resetStats();
  });

  describe("create", () => {
    it("links the identity and reports its type and time", async () => {
      const l = link();
      const { id, outs } = await provider.create(l);
      assert.strictEqual(id, encodeLinkId(l));
      assert.strictEqual(outs.providerType, "Google");
      assert.ok(Date.now() - Date.parse(outs.linkedAt) < 60_000, outs.linkedAt);
      assert.strictEqual(outs.schemaVersion, 1);
      const ids = await identityEntries(world.client, world.poolId, "alice");
      assert.deepStrictEqual(
        ids.map((i) => [i.providerName, i.userId]),
        [["Google", l.sourceUser.providerAttributeValue]],
      );
    });

    it("adopts a link that already exists for the same destination", async () => {
      const l = link();
      await world.client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: world.poolId,
          DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "alice" },
          SourceUser: {
            ProviderName: "Google",
            ProviderAttributeName: "Cognito_Subject",
            ProviderAttributeValue: l.sourceUser.providerAttributeValue,
          },
        }),
      );
      const { id } = await provider.create(l);
      assert.strictEqual(id, encodeLinkId(l));
      assert.strictEqual((await identityEntries(world.client, world.poolId, "alice")).length, 1);
    });

    it("fails naming the other user's link when the identity is linked elsewhere", async () => {
      const l = link();
      await provider.create(l);
      const other = { ...l, destinationUser: { providerName: "Cognito", providerAttributeValue: "bob" } };
      await rejects(
        provider.create(other),
        /already linked to another user/,
        /InvalidParameterException/,
        /user bob/,
        new RegExp(world.poolId),
      );
      assert.strictEqual((await identityEntries(world.client, world.poolId, "bob")).length, 0);
    });

    it("fails naming the federated user when the identity has signed in on its own", async () => {
      const l = link();
      await signIn(emu.url, world.poolId, "Google", l.sourceUser.providerAttributeValue);
      const message = await rejects(
        provider.create(l),
        /has already signed in as user google_sub-\d+/,
        /delete that user or link another subject/,
      );
      assert.match(message, /request id [0-9a-f-]+/);
    });

    it("fails clearly when the destination user does not exist", async () => {
      await rejects(
        provider.create(link({ destinationUser: { providerAttributeValue: "nobody" } })),
        /UserNotFoundException/,
        /user nobody does not exist in user pool/i,
      );
    });

    it("fails clearly when the pool does not exist", async () => {
      await rejects(
        provider.create(link({ userPoolId: "us-east-1_Missing1" })),
        /ResourceNotFoundException/,
        /us-east-1_Missing1/,
      );
    });

    it("fails at the sixth identity with the Cognito maximum named", async () => {
      for (let i = 0; i < 5; i++) await provider.create(link());
      await emu.resetStats();
      const message = await rejects(provider.create(link()), /LimitExceededException/, /maximum of 5/);
      // Cognito's message already says why; the remedy says what to do, without saying it again.
      assert.strictEqual(message.match(/maximum/gi)?.length, 1, message);
      assert.match(message, /Remove a link from user alice or link to another user\.$/);
      // The SDK counts LimitExceededException as throttling; for this call no wait helps, so one attempt only.
      assert.deepStrictEqual((await emu.stats()).operations.AdminLinkProviderForUser, {
        LimitExceededException: 1,
      });
    });

    it("refuses invalid inputs without calling Cognito", async () => {
      await rejects(
        provider.create({
          ...link(),
          sourceUser: { providerName: "Cognito", providerAttributeValue: "alice" },
        }),
        /must not be `Cognito`/,
      );
      assert.strictEqual((await emu.stats()).total, 0);
    });

    it("keeps a secret subject out of the id and the error text", async () => {
      const l = {
        ...link({ sourceUser: { providerAttributeValue: "secret@example.com" } }),
        redactInId: ["sourceUser" as const],
      };
      const { id } = await provider.create(l);
      assert.ok(!id.includes("secret"), id);
      const other = { ...l, destinationUser: { providerName: "Cognito", providerAttributeValue: "bob" } };
      const message = await rejects(provider.create(other), /Google\/<secret>/);
      assert.ok(!message.includes("secret@example.com"), message);
    });
  });

  describe("check and preflight", () => {
    it("passes a valid new link with at most five reads", async () => {
      const { failures } = await provider.check({}, link());
      assert.deepStrictEqual(failures, []);
      const s = await emu.stats();
      assert.ok(s.total <= 5 && s.total >= 1, JSON.stringify(s));
    });

    it("makes no Cognito call for an unchanged link", async () => {
      const l = link();
      const { failures } = await provider.check(l, {
        ...l,
        destinationUser: { providerAttributeValue: "alice" },
      });
      assert.deepStrictEqual(failures, []);
      assert.strictEqual((await emu.stats()).total, 0);
    });

    it("reports a missing pool on userPoolId", async () => {
      const { failures } = await provider.check({}, link({ userPoolId: "us-east-1_Missing1" }));
      assert.strictEqual(failures?.[0]?.property, "userPoolId");
      assert.match(failures?.[0]?.reason ?? "", /user pool us-east-1_Missing1 does not exist/);
    });

    it("reports a missing identity provider and destination user", async () => {
      const { failures } = await provider.check(
        {},
        link({
          sourceUser: { providerName: "Facebook" },
          destinationUser: { providerAttributeValue: "nobody" },
        }),
      );
      const props = (failures ?? []).map((f) => f.property).sort();
      assert.deepStrictEqual(props, ["destinationUser.providerAttributeValue", "sourceUser.providerName"]);
      assert.match(JSON.stringify(failures), /identity provider Facebook does not exist in user pool/);
      assert.match(JSON.stringify(failures), /user nobody does not exist/);
    });

    it("does not judge existence while a dependency is still to be created", async () => {
      const { failures } = await provider.check(
        {},
        {
          ...link({ destinationUser: { providerAttributeValue: "nobody" } }),
          dependenciesReady: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        },
      );
      assert.deepStrictEqual(failures, []);
    });

    it("reports an identity that has already signed in", async () => {
      const l = link();
      await signIn(emu.url, world.poolId, "Google", l.sourceUser.providerAttributeValue);
      const { failures } = await provider.check({}, l);
      assert.strictEqual(failures?.[0]?.property, "sourceUser.providerAttributeValue");
      assert.match(failures?.[0]?.reason ?? "", /already signed in as user google_sub-\d+/);
    });

    it("counts links planned in this process against the maximum of five", async () => {
      for (let i = 0; i < 3; i++) await provider.create(link());
      assert.deepStrictEqual((await provider.check({}, link())).failures, []);
      assert.deepStrictEqual((await provider.check({}, link())).failures, []);
      const { failures } = await provider.check({}, link());
      assert.strictEqual(failures?.[0]?.property, "destinationUser");
      assert.match(failures?.[0]?.reason ?? "", /has 3 linked identities and 2 more planned in this update/);
    });

    it("is skipped when COGNITO_LINK_PREFLIGHT=off", async () => {
      process.env.COGNITO_LINK_PREFLIGHT = "off";
      try {
        const { failures } = await provider.check({}, link({ userPoolId: "us-east-1_Missing1" }));
        assert.deepStrictEqual(failures, []);
        assert.strictEqual((await emu.stats()).total, 0);
      } finally {
        delete process.env.COGNITO_LINK_PREFLIGHT;
      }
    });
  });

  describe("read", () => {
    it("returns the link while it exists", async () => {
      const l = link();
      const { id, outs } = await provider.create(l);
      const r = await provider.read(id, outs);
      assert.strictEqual(r.id, id);
      assert.deepStrictEqual(r.props?.sourceUser, l.sourceUser);
      assert.strictEqual(r.props?.linkedAt, outs.linkedAt);
    });

    it("reports the resource gone after an out-of-band unlink", async () => {
      const l = link();
      const { id, outs } = await provider.create(l);
      await world.client.send(
        new AdminDisableProviderForUserCommand({
          UserPoolId: world.poolId,
          User: {
            ProviderName: "Google",
            ProviderAttributeName: "Cognito_Subject",
            ProviderAttributeValue: l.sourceUser.providerAttributeValue,
          },
        }),
      );
      // A refresh runs in a later CLI run, a new host process: none of the create's reads are shared with it
      // (in one process, a read-back under 2 s old would be, whenever a millisecond passed after the call).
      resetProcessRuntime();
      assert.strictEqual((await provider.read(id, outs)).id, "");
    });

    it("reports the resource gone when the user or the pool is deleted", async () => {
      const { id, outs } = await provider.create(link());
      await world.client.send(new AdminDeleteUserCommand({ UserPoolId: world.poolId, Username: "alice" }));
      resetProcessRuntime(); // a refresh's host process, as above
      assert.strictEqual((await provider.read(id, outs)).id, "");
      const second = await provider.create(link({ destinationUser: { providerAttributeValue: "bob" } }));
      await world.client.send(new DeleteUserPoolCommand({ UserPoolId: world.poolId }));
      resetProcessRuntime();
      assert.strictEqual((await provider.read(second.id, second.outs)).id, "");
    });

    it("shares one user read between links of the same user", async () => {
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await provider.create(link()));
      resetProcessRuntime();
      const fresh = new UserProviderLinkProvider();
      await emu.resetStats();
      const results = await Promise.all(made.map((m) => fresh.read(m.id, m.outs)));
      assert.ok(results.every((r) => r.id !== ""));
      assert.strictEqual(calls(await emu.stats(), "AdminGetUser"), 1);
    });
  });

  describe("delete", () => {
    it("unlinks with the source exactly as linked, and again succeeds", async () => {
      const { id, outs } = await provider.create(link());
      await provider.delete(id, outs);
      assert.deepStrictEqual(await identityEntries(world.client, world.poolId, "alice"), []);
      await provider.delete(id, outs);
      assert.strictEqual(calls(await emu.stats(), "AdminDisableProviderForUser"), 1);
    });

    it("succeeds when the user or the pool is gone", async () => {
      const a = await provider.create(link());
      const b = await provider.create(link({ destinationUser: { providerAttributeValue: "bob" } }));
      await world.client.send(new AdminDeleteUserCommand({ UserPoolId: world.poolId, Username: "alice" }));
      await provider.delete(a.id, a.outs);
      await world.client.send(new DeleteUserPoolCommand({ UserPoolId: world.poolId }));
      await provider.delete(b.id, b.outs);
      assert.strictEqual(calls(await emu.stats(), "AdminDisableProviderForUser"), 0);
    });

    it("reads the destination afresh, so an identity moved since the last refresh is left alone", async () => {
      const l = link();
      const { id, outs } = await provider.create(l);
      assert.strictEqual((await provider.read(id, outs)).id, id); // caches alice's links in this process
      const source = {
        ProviderName: "Google",
        ProviderAttributeName: "Cognito_Subject",
        ProviderAttributeValue: l.sourceUser.providerAttributeValue,
      };
      await world.client.send(
        new AdminDisableProviderForUserCommand({ UserPoolId: world.poolId, User: source }),
      );
      await world.client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: world.poolId,
          DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "bob" },
          SourceUser: source,
        }),
      );
      await emu.resetStats();
      await provider.delete(id, outs);
      assert.strictEqual(calls(await emu.stats(), "AdminDisableProviderForUser"), 0);
      assert.strictEqual((await identityEntries(world.client, world.poolId, "bob")).length, 1);
    });

    it("unlinks a SAML identity linked by a claim after it has signed in (Cognito then knows it by Cognito_Subject)", async () => {
      const l = link({
        sourceUser: {
          providerName: "CorpSAML",
          providerAttributeName: "email",
          providerAttributeValue: "dana@corp.example",
        },
      });
      const { id, outs } = await provider.create(l);
      await signIn(emu.url, world.poolId, "CorpSAML", "dana@corp.example");
      await emu.resetStats();
      await provider.delete(id, outs);
      assert.deepStrictEqual(await identityEntries(world.client, world.poolId, "alice"), []);
      assert.deepStrictEqual((await emu.stats()).operations.AdminDisableProviderForUser, {
        InvalidParameterException: 1,
        ok: 1,
      });
    });

    it("does not unlink an identity that now belongs to another user", async () => {
      const l = link();
      const { id, outs } = await provider.create(l);
      await provider.delete(id, outs);
      const moved = { ...l, destinationUser: { providerName: "Cognito", providerAttributeValue: "bob" } };
      await provider.create(moved);
      await emu.resetStats();
      await provider.delete(id, outs);
      assert.strictEqual(calls(await emu.stats(), "AdminDisableProviderForUser"), 0);
      assert.strictEqual((await identityEntries(world.client, world.poolId, "bob")).length, 1);
    });

    it("never sends a disable naming Cognito, even from a tampered state", async () => {
      const l = link();
      const tampered = {
        ...l,
        sourceUser: {
          providerName: "Cognito",
          providerAttributeName: "Cognito_Subject",
          providerAttributeValue: "alice",
        },
      };
      await rejects(provider.delete(encodeLinkId(l), tampered), /refusing to unlink/);
      assert.strictEqual(calls(await emu.stats(), "AdminDisableProviderForUser"), 0);
    });
  });

  describe("a federated destination", () => {
    it("is found under Cognito's spelling of its username (provider lower-cased, id as given)", async () => {
      const signedIn = await signIn(emu.url, world.poolId, "Google", "AbC-Fed-1");
      assert.strictEqual(signedIn.Username, "google_AbC-Fed-1");
      const l = link({
        destinationUser: { providerName: "Google", providerAttributeValue: "AbC-Fed-1" },
        sourceUser: { providerName: "CorpSAML", providerAttributeValue: "fed@corp.example" },
      });
      assert.deepStrictEqual((await provider.check({}, l)).failures, []);
      const { id, outs } = await provider.create(l);
      assert.strictEqual((await provider.read(id, outs)).id, id);
      resetProcessRuntime(); // the delete of a later deployment: this one's check declared the link
      await provider.delete(id, outs);
      const ids = await identityEntries(world.client, world.poolId, "google_AbC-Fed-1");
      assert.deepStrictEqual(
        ids.map((i) => i.providerName),
        ["Google"],
      );
    });
  });

  describe("a user named another way (docs/cognito.md R6, R7, R8)", () => {
    /** A pool with aliases, and one that is case-insensitive, with the given native users. */
    async function poolWith(config: Omit<CreateUserPoolCommandInput, "PoolName">, users: string[]) {
      return (await aWorld(world.client, users, config)).poolId;
    }

    it("refuses in preview a destination given by an alias, saying to use the username", async () => {
      const poolId = await poolWith({ AliasAttributes: ["preferred_username"] }, []);
      await addUser(world.client, poolId, "carol2", { preferred_username: "caz" });
      const l = link({ userPoolId: poolId, destinationUser: { providerAttributeValue: "caz" } });
      const { failures } = await provider.check({}, l);
      assert.strictEqual(failures?.[0]?.property, "destinationUser.providerAttributeValue");
      assert.match(failures?.[0]?.reason ?? "", /"caz" is not a username but an alias or sub of user carol2/);
      assert.match(failures?.[0]?.reason ?? "", /use the username "carol2"/);
    });

    it("does not take another user who holds the name as an alias for the destination on refresh or delete", async () => {
      const poolId = await poolWith({ AliasAttributes: ["preferred_username"] }, ["bob"]);
      const l = link({ userPoolId: poolId, destinationUser: { providerAttributeValue: "bob" } });
      const { id, outs } = await provider.create(l);
      // bob leaves; carol2 takes "bob" as her preferred_username and gets the same identity linked.
      await world.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "bob" }));
      await addUser(world.client, poolId, "carol2", { preferred_username: "bob" });
      await provider.create({
        ...l,
        destinationUser: { providerName: "Cognito", providerAttributeValue: "carol2" },
      });
      resetProcessRuntime();
      assert.strictEqual((await provider.read(id, outs)).id, "", "refresh saw carol2's link as bob's");
      await emu.resetStats();
      await provider.delete(id, outs);
      assert.strictEqual(calls(await emu.stats(), "AdminDisableProviderForUser"), 0);
      const carol = await world.client.send(
        new AdminGetUserCommand({ UserPoolId: poolId, Username: "carol2" }),
      );
      assert.match(carol.UserAttributes?.find((a) => a.Name === "identities")?.Value ?? "", /sub-/);
    });

    it("accepts a destination spelled in another case in a case-insensitive pool, and counts one user's links once", async () => {
      const poolId = await poolWith({ UsernameConfiguration: { CaseSensitive: false } }, ["alice"]);
      for (let i = 0; i < 3; i++) {
        await provider.create(
          link({ userPoolId: poolId, destinationUser: { providerAttributeValue: "alice" } }),
        );
      }
      const upper = link({ userPoolId: poolId, destinationUser: { providerAttributeValue: "ALICE" } });
      assert.deepStrictEqual((await provider.check({}, upper)).failures, []);
      const lower = link({ userPoolId: poolId, destinationUser: { providerAttributeValue: "alice" } });
      assert.deepStrictEqual((await provider.check({}, lower)).failures, []);
      const sixth = await provider.check(
        {},
        link({ userPoolId: poolId, destinationUser: { providerAttributeValue: "Alice" } }),
      );
      assert.strictEqual(sixth.failures?.[0]?.property, "destinationUser");
      assert.match(
        sixth.failures?.[0]?.reason ?? "",
        /has 3 linked identities and 2 more planned in this update/,
      );
      // The link made under another spelling is read back and unlinked as the same user's.
      const { id, outs } = await provider.create(upper);
      assert.strictEqual((await provider.read(id, outs)).id, id);
      resetProcessRuntime(); // the delete of a later deployment: this one's checks declared the link
      await provider.delete(id, outs);
      assert.strictEqual((await identityEntries(world.client, poolId, "alice")).length, 3);
    });

    it("does not take a native user named like a federated one for an identity that signed in", async () => {
      await addUser(world.client, world.poolId, "google_555");
      const l = link({ sourceUser: { providerAttributeValue: "555" } });
      assert.deepStrictEqual((await provider.check({}, l)).failures, []);
      await provider.create(l);
      assert.strictEqual((await identityEntries(world.client, world.poolId, "alice")).length, 1);
    });
  });

  describe("diff", () => {
    it("replaces, deleting first, when the subject changes, and calls nothing", async () => {
      const l = link();
      const { id, outs } = await provider.create(l);
      await emu.resetStats();
      const d = await provider.diff(id, outs, {
        ...l,
        sourceUser: { ...l.sourceUser, providerAttributeValue: "other" },
      });
      assert.deepStrictEqual(d, { changes: true, replaces: ["sourceUser"], deleteBeforeReplace: true });
      assert.deepStrictEqual(await provider.diff(id, outs, l), {
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
      assert.strictEqual((await emu.stats()).total, 0);
    });
  });
});
