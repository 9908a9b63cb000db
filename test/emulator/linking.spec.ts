// The behaviour table of docs/cognito.md §3 (L1-L12, D1-D4, R1, R3-R5), row by row, through the real SDK over HTTP.
import * as assert from "assert";
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolCommand,
  DeleteIdentityProviderCommand,
  ListUsersCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognitoClient } from "../support/sdk";
import {
  aWorld,
  cognitoUser,
  google,
  signIn,
  useInProcessEmulator,
  type World,
} from "../support/emulatorSuite";
import { identitiesAttribute, identityEntries } from "../support/cognitoView";

const MERGING =
  "Merging is not currently supported, provide a SourceUser that has not been signed up in order to link";
const ALREADY_LINKED = "SourceUser is already linked to DestinationUser";
const NOT_LINKED = "Account isn't linked to anyone else, verify that the account has been linked";

describe("emulator linking (docs/cognito.md §3)", () => {
  const env = useInProcessEmulator();
  let world: World;
  let n = 0;
  const fresh = (): string => `10987654${++n}`;
  const link = (destination: string, source: ReturnType<typeof google>, poolId = world.poolId) =>
    env.client.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: poolId,
        DestinationUser: cognitoUser(destination),
        SourceUser: source,
      }),
    );
  const disable = (user: {
    ProviderName: string;
    ProviderAttributeName?: string;
    ProviderAttributeValue: string;
  }) => env.client.send(new AdminDisableProviderForUserCommand({ UserPoolId: world.poolId, User: user }));

  beforeEach(async () => {
    world = await aWorld(env.client);
  });

  describe("AdminLinkProviderForUser", () => {
    it("L1: links a source that never signed in and adds a primary:false entry", async () => {
      const before = Date.now();
      const output = await link("alice", google("1098765"));
      assert.deepStrictEqual({ ...output, $metadata: undefined }, { $metadata: undefined });
      const [entry, ...rest] = await identityEntries(env.client, world.poolId, "alice");
      assert.deepStrictEqual(rest, []);
      assert.ok(entry);
      assert.deepStrictEqual(
        { ...entry, dateCreated: 0 },
        {
          userId: "1098765",
          providerName: "Google",
          providerType: "Google",
          issuer: null,
          primary: false,
          dateCreated: 0,
        },
      );
      assert.ok(
        entry.dateCreated >= before && entry.dateCreated <= Date.now(),
        "dateCreated is epoch milliseconds",
      );
    });

    it("L1: renders identities as compact JSON with Cognito's key order (docs/cognito.md §4)", async () => {
      await link("alice", google("111"));
      const raw = await identitiesAttribute(env.client, world.poolId, "alice");
      assert.match(
        raw ?? "",
        /^\[\{"userId":"111","providerName":"Google","providerType":"Google","issuer":null,"primary":false,"dateCreated":\d{13}\}\]$/,
      );
    });

    it("L1: gives a SAML identity its issuer and keeps any attribute name", async () => {
      await link("alice", {
        ProviderName: "CorpSAML",
        ProviderAttributeName: "email",
        ProviderAttributeValue: "alice@corp.example",
      });
      const [entry] = await identityEntries(env.client, world.poolId, "alice");
      assert.strictEqual(entry?.providerType, "SAML");
      assert.strictEqual(entry?.issuer, "urn:corp:idp");
      assert.strictEqual(entry?.userId, "alice@corp.example");
    });

    it("L2: fails with UserNotFoundException when the destination does not exist", async () => {
      await assert.rejects(link("nobody", google(fresh())), {
        name: "UserNotFoundException",
        message: "User does not exist.",
      });
    });

    it("L3: fails with ResourceNotFoundException when the pool does not exist", async () => {
      await assert.rejects(link("alice", google(fresh()), "us-east-1_NoSuchPool"), {
        name: "ResourceNotFoundException",
        message: "User pool us-east-1_NoSuchPool does not exist.",
      });
    });

    it("L4: fails with InvalidParameterException naming a provider the pool does not have", async () => {
      await assert.rejects(
        link("alice", {
          ProviderName: "Facebook",
          ProviderAttributeName: "Cognito_Subject",
          ProviderAttributeValue: "1",
        }),
        {
          name: "InvalidParameterException",
          message: `Invalid SourceUser: provider Facebook does not exist in user pool ${world.poolId}`,
        },
      );
    });

    it("L5: refuses a source that already signed in and has its own federated user", async () => {
      const value = fresh();
      await signIn(env.emulator.url, world.poolId, "Google", value); // rejects unless the emulator answers 200
      await assert.rejects(link("alice", google(value)), {
        name: "InvalidParameterException",
        message: MERGING,
      });
      assert.deepStrictEqual(await identityEntries(env.client, world.poolId, "alice"), []);
    });

    it("L6: refuses to link the same source to the same destination again (not idempotent)", async () => {
      const value = fresh();
      await link("alice", google(value));
      await assert.rejects(link("alice", google(value)), {
        name: "InvalidParameterException",
        message: ALREADY_LINKED,
      });
      assert.strictEqual((await identityEntries(env.client, world.poolId, "alice")).length, 1);
    });

    it("L7: refuses a source already linked to another destination, with the L6 text", async () => {
      const value = fresh();
      await link("alice", google(value));
      await assert.rejects(link("bob", google(value)), {
        name: "InvalidParameterException",
        message: ALREADY_LINKED,
      });
      assert.deepStrictEqual(await identityEntries(env.client, world.poolId, "bob"), []);
    });

    it("L8: fails with LimitExceededException on a sixth linked identity", async () => {
      for (let i = 0; i < 5; i++) await link("alice", google(fresh()));
      await assert.rejects(link("alice", google(fresh())), {
        name: "LimitExceededException",
        message: "User alice already has the maximum of 5 linked identities.",
      });
      assert.strictEqual((await identityEntries(env.client, world.poolId, "alice")).length, 5);
    });

    it("L9: links to a destination that is itself a federated user", async () => {
      const own = fresh();
      const signedIn = await signIn(env.emulator.url, world.poolId, "Google", own);
      const username = signedIn.Username;
      await env.client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: world.poolId,
          DestinationUser: { ProviderName: "Google", ProviderAttributeValue: own },
          SourceUser: {
            ProviderName: "CorpSAML",
            ProviderAttributeName: "email",
            ProviderAttributeValue: "x@corp.example",
          },
        }),
      );
      const entries = await identityEntries(env.client, world.poolId, username);
      assert.deepStrictEqual(
        entries.map((entry) => [entry.providerName, entry.userId, entry.primary]),
        [
          ["Google", own, true],
          ["CorpSAML", "x@corp.example", false],
        ],
      );
    });

    it("L11: refuses a Cognito SourceUser", async () => {
      await assert.rejects(
        env.client.send(
          new AdminLinkProviderForUserCommand({
            UserPoolId: world.poolId,
            DestinationUser: cognitoUser("alice"),
            SourceUser: { ProviderName: "Cognito", ProviderAttributeValue: "bob" },
          }),
        ),
        {
          name: "InvalidParameterException",
          message:
            "Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser",
        },
      );
    });

    it("L12: refuses a social source whose attribute name is not Cognito_Subject", async () => {
      await assert.rejects(
        link("alice", {
          ProviderName: "Google",
          ProviderAttributeName: "email",
          ProviderAttributeValue: "a@gmail.com",
        }),
        {
          name: "InvalidParameterException",
          message:
            "Invalid SourceUser: ProviderAttributeName must be Cognito_Subject for Google provider Google",
        },
      );
    });

    it("ignores the destination's ProviderAttributeName for a native user", async () => {
      await env.client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: world.poolId,
          DestinationUser: {
            ProviderName: "Cognito",
            ProviderAttributeName: "anything",
            ProviderAttributeValue: "alice",
          },
          SourceUser: google(fresh()),
        }),
      );
      assert.strictEqual((await identityEntries(env.client, world.poolId, "alice")).length, 1);
    });

    it("refuses a source whose name, attribute name and value exceed 128 characters together", async () => {
      await assert.rejects(link("alice", google("9".repeat(128 - "GoogleCognito_Subject".length + 1))), {
        name: "InvalidParameterException",
        message:
          "Invalid SourceUser: ProviderName, ProviderAttributeName and ProviderAttributeValue together exceed 128 characters",
      });
    });

    it("names a missing SourceUser member in the InvalidParameterException", async () => {
      await assert.rejects(
        env.client.send(
          new AdminLinkProviderForUserCommand({
            UserPoolId: world.poolId,
            DestinationUser: cognitoUser("alice"),
            SourceUser: { ProviderName: "Google", ProviderAttributeName: "Cognito_Subject" },
          }),
        ),
        (error: Error) =>
          error.name === "InvalidParameterException" &&
          error.message.includes("SourceUser.ProviderAttributeValue"),
      );
    });

    it("refuses an empty ProviderAttributeValue with AWS's validation text, and links nothing", async () => {
      await assert.rejects(link("alice", google("")), {
        name: "InvalidParameterException",
        message:
          "1 validation error detected: Value '' at 'SourceUser.ProviderAttributeValue' failed to satisfy constraint: Member must have length greater than or equal to 1",
      });
      assert.deepStrictEqual(await identityEntries(env.client, world.poolId, "alice"), []);
    });
  });

  describe("AdminDisableProviderForUser", () => {
    it("D1: removes a linked identity from the destination's identities", async () => {
      const kept = fresh();
      const removed = fresh();
      await link("alice", google(kept));
      await link("alice", google(removed));
      await disable(google(removed));
      const entries = await identityEntries(env.client, world.poolId, "alice");
      assert.deepStrictEqual(
        entries.map((entry) => entry.userId),
        [kept],
      );
    });

    it("D1: lets the identity be linked again, to anyone, once disabled", async () => {
      const value = fresh();
      await link("alice", google(value));
      await disable(google(value));
      await link("bob", google(value));
      assert.strictEqual((await identityEntries(env.client, world.poolId, "bob")).length, 1);
    });

    it("D1: leaves no identities attribute once the last link is removed", async () => {
      const value = fresh();
      await link("alice", google(value));
      await disable(google(value));
      assert.strictEqual(await identitiesAttribute(env.client, world.poolId, "alice"), undefined);
    });

    it("D2: fails with InvalidParameterException for an identity that is not linked", async () => {
      await assert.rejects(disable(google(fresh())), {
        name: "InvalidParameterException",
        message: NOT_LINKED,
      });
    });

    it("D2: fails the same way for a federated user's own identity", async () => {
      const value = fresh();
      await signIn(env.emulator.url, world.poolId, "Google", value);
      await assert.rejects(disable(google(value)), {
        name: "InvalidParameterException",
        message: NOT_LINKED,
      });
    });

    it("D3: fails with ResourceNotFoundException when the pool does not exist", async () => {
      await assert.rejects(
        env.client.send(
          new AdminDisableProviderForUserCommand({
            UserPoolId: "us-east-1_NoSuchPool",
            User: google(fresh()),
          }),
        ),
        { name: "ResourceNotFoundException", message: "User pool us-east-1_NoSuchPool does not exist." },
      );
    });

    it("D4: accepts ProviderName Cognito for a native user and keeps the user and its links", async () => {
      const value = fresh();
      await link("alice", google(value));
      await disable({ ProviderName: "Cognito", ProviderAttributeValue: "alice" });
      const user = await env.client.send(
        new AdminGetUserCommand({ UserPoolId: world.poolId, Username: "alice" }),
      );
      assert.strictEqual(user.Username, "alice");
      assert.strictEqual((await identityEntries(env.client, world.poolId, "alice")).length, 1);
    });

    it("D4: fails with UserNotFoundException for a native user that does not exist", async () => {
      await assert.rejects(disable({ ProviderName: "Cognito", ProviderAttributeValue: "nobody" }), {
        name: "UserNotFoundException",
      });
    });
  });

  describe("AdminDisableProviderForUser: the attribute name (emulator's reading of docs/cognito.md §2)", () => {
    const saml = (attributeName: string, value: string, providerName = "CorpSAML") => ({
      ProviderName: providerName,
      ProviderAttributeName: attributeName,
      ProviderAttributeValue: value,
    });
    const notLinked = { name: "InvalidParameterException", message: NOT_LINKED };
    const signInAsAlice = async (providerName: string, value: string) => {
      const answer = await signIn(env.emulator.url, world.poolId, providerName, value);
      assert.deepStrictEqual([answer.Username, answer.Linked], ["alice", true]);
    };

    it("not signed in yet: a SAML link by email is disabled with email", async () => {
      await link("alice", saml("email", "a1@corp.example"));
      await disable(saml("email", "a1@corp.example"));
      assert.deepStrictEqual(await identityEntries(env.client, world.poolId, "alice"), []);
    });

    it("not signed in yet: a SAML link by email is not disabled with Cognito_Subject or another claim", async () => {
      await link("alice", saml("email", "a2@corp.example"));
      await assert.rejects(disable(saml("Cognito_Subject", "a2@corp.example")), notLinked);
      await assert.rejects(disable(saml("upn", "a2@corp.example")), notLinked);
      await assert.rejects(
        disable({ ProviderName: "CorpSAML", ProviderAttributeValue: "a2@corp.example" }),
        notLinked,
      );
      assert.strictEqual((await identityEntries(env.client, world.poolId, "alice")).length, 1);
    });

    it("signed in: a SAML link by email gets D2 with email and is disabled with Cognito_Subject", async () => {
      await link("alice", saml("email", "a3@corp.example"));
      await signInAsAlice("CorpSAML", "a3@corp.example");
      await assert.rejects(disable(saml("email", "a3@corp.example")), notLinked);
      assert.strictEqual((await identityEntries(env.client, world.poolId, "alice")).length, 1);
      await disable(saml("Cognito_Subject", "a3@corp.example"));
      assert.deepStrictEqual(await identityEntries(env.client, world.poolId, "alice"), []);
    });

    it("a SAML link by Cognito_Subject is disabled with Cognito_Subject before and after sign-in", async () => {
      await link("alice", saml("Cognito_Subject", "nameid-before"));
      await disable(saml("Cognito_Subject", "nameid-before"));
      await link("alice", saml("Cognito_Subject", "nameid-after"));
      await signInAsAlice("CorpSAML", "nameid-after");
      await disable(saml("Cognito_Subject", "nameid-after"));
      assert.deepStrictEqual(await identityEntries(env.client, world.poolId, "alice"), []);
    });

    it("applies to OIDC providers too", async () => {
      await env.client.send(
        new CreateIdentityProviderCommand({
          UserPoolId: world.poolId,
          ProviderName: "CorpOIDC",
          ProviderType: "OIDC",
          ProviderDetails: {
            client_id: "id",
            authorize_scopes: "openid email",
            oidc_issuer: "https://idp.corp.example",
            attributes_request_method: "GET",
          },
          AttributeMapping: { email: "email" },
        }),
      );
      await link("alice", saml("email", "o1@corp.example", "CorpOIDC"));
      await disable(saml("email", "o1@corp.example", "CorpOIDC"));
      await link("alice", saml("email", "o2@corp.example", "CorpOIDC"));
      await signInAsAlice("CorpOIDC", "o2@corp.example");
      await assert.rejects(disable(saml("email", "o2@corp.example", "CorpOIDC")), notLinked);
      await disable(saml("Cognito_Subject", "o2@corp.example", "CorpOIDC"));
      assert.deepStrictEqual(await identityEntries(env.client, world.poolId, "alice"), []);
    });

    it("uses the entry's provider type once the SAML provider is deleted (R5)", async () => {
      await link("alice", saml("email", "a4@corp.example"));
      await signInAsAlice("CorpSAML", "a4@corp.example");
      await env.client.send(
        new DeleteIdentityProviderCommand({ UserPoolId: world.poolId, ProviderName: "CorpSAML" }),
      );
      await assert.rejects(disable(saml("email", "a4@corp.example")), notLinked);
      await disable(saml("Cognito_Subject", "a4@corp.example"));
      assert.deepStrictEqual(await identityEntries(env.client, world.poolId, "alice"), []);
    });

    it("leaves social providers as they were: Cognito_Subject after sign-in too", async () => {
      const value = fresh();
      await link("alice", google(value));
      await signInAsAlice("Google", value);
      await disable(google(value));
      assert.deepStrictEqual(await identityEntries(env.client, world.poolId, "alice"), []);
    });
  });

  describe("reading links", () => {
    it("R1: shows links in the destination's identities attribute in ListUsers too", async () => {
      const value = fresh();
      await link("alice", google(value));
      const listed = await env.client.send(
        new ListUsersCommand({ UserPoolId: world.poolId, Filter: 'username = "alice"' }),
      );
      const raw = listed.Users?.[0]?.Attributes?.find((attribute) => attribute.Name === "identities")?.Value;
      assert.strictEqual(raw, await identitiesAttribute(env.client, world.poolId, "alice"));
      assert.match(raw ?? "", new RegExp(`"userId":"${value}"`));
    });

    it("R1: refuses identities as a ListUsers filter", async () => {
      await assert.rejects(
        env.client.send(new ListUsersCommand({ UserPoolId: world.poolId, Filter: 'identities = "x"' })),
        { name: "InvalidParameterException" },
      );
    });

    it("R3: creates a federated user <provider>_<id> with EXTERNAL_PROVIDER and a primary identity", async () => {
      const value = fresh();
      const answer = await signIn(env.emulator.url, world.poolId, "Google", value);
      assert.deepStrictEqual(
        { ...answer, UserSub: typeof answer.UserSub },
        { Username: `google_${value}`, UserSub: "string", Linked: false, Created: true },
      );
      const user = await env.client.send(
        new AdminGetUserCommand({ UserPoolId: world.poolId, Username: `google_${value}` }),
      );
      assert.strictEqual(user.UserStatus, "EXTERNAL_PROVIDER");
      const [entry] = await identityEntries(env.client, world.poolId, `google_${value}`);
      assert.deepStrictEqual([entry?.userId, entry?.providerName, entry?.primary], [value, "Google", true]);
    });

    it("R4: drops the links with a deleted destination, so the source can be linked again", async () => {
      const value = fresh();
      await link("alice", google(value));
      await env.client.send(new AdminDeleteUserCommand({ UserPoolId: world.poolId, Username: "alice" }));
      await link("bob", google(value));
      assert.strictEqual((await identityEntries(env.client, world.poolId, "bob")).length, 1);
    });

    it("R5: keeps identities entries when their identity provider is deleted", async () => {
      const value = fresh();
      await link("alice", google(value));
      await env.client.send(
        new DeleteIdentityProviderCommand({ UserPoolId: world.poolId, ProviderName: "Google" }),
      );
      const [entry] = await identityEntries(env.client, world.poolId, "alice");
      assert.strictEqual(entry?.userId, value);
      await disable(google(value));
      assert.deepStrictEqual(await identityEntries(env.client, world.poolId, "alice"), []);
    });
  });

  describe("regions", () => {
    it("does not find a pool through another region's endpoint (L3)", async () => {
      const other = cognitoClient(env.emulator.url, "eu-west-1", { maxAttempts: 1 });
      try {
        await assert.rejects(
          other.send(
            new AdminLinkProviderForUserCommand({
              UserPoolId: world.poolId,
              DestinationUser: cognitoUser("alice"),
              SourceUser: google(fresh()),
            }),
          ),
          { name: "ResourceNotFoundException", message: `User pool ${world.poolId} does not exist.` },
        );
        const pool = await other.send(new CreateUserPoolCommand({ PoolName: "eu" }));
        assert.match(pool.UserPool?.Id ?? "", /^eu-west-1_[0-9A-Za-z]{9}$/);
        await other.send(new AdminCreateUserCommand({ UserPoolId: pool.UserPool?.Id, Username: "alice" }));
        await other.send(
          new CreateIdentityProviderCommand({
            UserPoolId: pool.UserPool?.Id,
            ProviderName: "Google",
            ProviderType: "Google",
            ProviderDetails: { client_id: "x" },
          }),
        );
        await other.send(
          new AdminLinkProviderForUserCommand({
            UserPoolId: pool.UserPool?.Id,
            DestinationUser: cognitoUser("alice"),
            SourceUser: google("1"),
          }),
        );
      } finally {
        other.destroy();
      }
    });
  });
});
