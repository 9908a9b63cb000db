// The pool, identity provider and user operations, through the real SDK over HTTP.
import * as assert from "assert";
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolCommand,
  DeleteIdentityProviderCommand,
  DeleteUserPoolCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolCommand,
  ListIdentityProvidersCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { aWorld, signIn, useInProcessEmulator } from "../support/emulatorSuite";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function attribute(user: UserType | undefined, name: string): string | undefined {
  return user?.Attributes?.find((entry) => entry.Name === name)?.Value;
}

describe("emulator operations", () => {
  const env = useInProcessEmulator();

  describe("user pools", () => {
    it("creates a pool with an id <region>_<9 alphanumerics>, an ARN and dates", async () => {
      const { UserPool } = await env.client.send(new CreateUserPoolCommand({ PoolName: "pools" }));
      assert.match(UserPool?.Id ?? "", /^us-east-1_[0-9A-Za-z]{9}$/);
      assert.strictEqual(
        UserPool?.Arn,
        `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${UserPool?.Id}`,
      );
      assert.ok(UserPool?.CreationDate instanceof Date);
      assert.strictEqual(UserPool?.Name, "pools");
    });

    it("describes a pool with the settings it was created with", async () => {
      const { UserPool } = await env.client.send(
        new CreateUserPoolCommand({
          PoolName: "described",
          UsernameAttributes: ["email"],
          UsernameConfiguration: { CaseSensitive: false },
          Policies: { PasswordPolicy: { MinimumLength: 12, RequireNumbers: true } },
          Schema: [{ Name: "tenant", AttributeDataType: "String", Mutable: true }],
        }),
      );
      const described = await env.client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool?.Id }));
      assert.deepStrictEqual(described.UserPool?.UsernameAttributes, ["email"]);
      assert.deepStrictEqual(described.UserPool?.UsernameConfiguration, { CaseSensitive: false });
      assert.strictEqual(described.UserPool?.Policies?.PasswordPolicy?.MinimumLength, 12);
      assert.ok(described.UserPool?.SchemaAttributes?.some((entry) => entry.Name === "custom:tenant"));
      assert.strictEqual(described.UserPool?.EstimatedNumberOfUsers, 0);
    });

    it("lists the pools of the caller's region, a page at a time", async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const { UserPool } = await env.client.send(new CreateUserPoolCommand({ PoolName: `listed-${i}` }));
        ids.add(UserPool?.Id ?? "");
      }
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await env.client.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: token }));
        assert.ok((page.UserPools?.length ?? 0) <= 2);
        seen.push(...(page.UserPools ?? []).map((pool) => pool.Id ?? ""));
        token = page.NextToken;
      } while (token !== undefined);
      for (const id of ids) assert.ok(seen.includes(id), id);
      assert.strictEqual(new Set(seen).size, seen.length, "no pool twice");
      assert.ok(seen.every((id) => id.startsWith("us-east-1_")));
    });

    it("requires MaxResults for ListUserPools", async () => {
      await assert.rejects(env.client.send(new ListUserPoolsCommand({} as never)), {
        name: "InvalidParameterException",
      });
    });

    it("deletes a pool, after which it does not exist", async () => {
      const { poolId } = await aWorld(env.client, ["alice"]);
      await env.client.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
      await assert.rejects(env.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId })), {
        name: "ResourceNotFoundException",
        message: `User pool ${poolId} does not exist.`,
      });
    });

    it("refuses to delete a pool with deletion protection", async () => {
      const { UserPool } = await env.client.send(
        new CreateUserPoolCommand({ PoolName: "protected", DeletionProtection: "ACTIVE" }),
      );
      await assert.rejects(env.client.send(new DeleteUserPoolCommand({ UserPoolId: UserPool?.Id })), {
        name: "InvalidParameterException",
      });
    });
  });

  describe("identity providers", () => {
    it("creates, describes, lists and deletes a provider", async () => {
      const { poolId } = await aWorld(env.client, []);
      const created = await env.client.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: "Facebook",
          ProviderType: "Facebook",
          ProviderDetails: { client_id: "a", client_secret: "b", authorize_scopes: "email" },
          AttributeMapping: { email: "email" },
        }),
      );
      assert.deepStrictEqual(created.IdentityProvider?.AttributeMapping, { username: "id", email: "email" });
      const described = await env.client.send(
        new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Facebook" }),
      );
      assert.strictEqual(described.IdentityProvider?.ProviderType, "Facebook");
      assert.strictEqual(described.IdentityProvider?.UserPoolId, poolId);
      const listed = await env.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }));
      assert.deepStrictEqual(listed.Providers?.map((provider) => provider.ProviderName).sort(), [
        "CorpSAML",
        "Facebook",
        "Google",
      ]);
      await env.client.send(
        new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Facebook" }),
      );
      await assert.rejects(
        env.client.send(
          new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Facebook" }),
        ),
        { name: "ResourceNotFoundException" },
      );
    });

    it("requires a social provider to be named after its type", async () => {
      const { poolId } = await aWorld(env.client, []);
      await assert.rejects(
        env.client.send(
          new CreateIdentityProviderCommand({
            UserPoolId: poolId,
            ProviderName: "MyGoogle",
            ProviderType: "Google",
            ProviderDetails: { client_id: "a" },
          }),
        ),
        { name: "InvalidParameterException", message: "Provider MyGoogle cannot be of type Google." },
      );
    });

    it("refuses a second provider of the same name with DuplicateProviderException", async () => {
      const { poolId } = await aWorld(env.client, []);
      await assert.rejects(
        env.client.send(
          new CreateIdentityProviderCommand({
            UserPoolId: poolId,
            ProviderName: "Google",
            ProviderType: "Google",
            ProviderDetails: { client_id: "a" },
          }),
        ),
        { name: "DuplicateProviderException", message: `Google already exists in user pool ${poolId}` },
      );
    });

    it("refuses an unknown provider type", async () => {
      const { poolId } = await aWorld(env.client, []);
      await assert.rejects(
        env.client.send(
          new CreateIdentityProviderCommand({
            UserPoolId: poolId,
            ProviderName: "Other",
            ProviderType: "GitHub" as never,
            ProviderDetails: {},
          }),
        ),
        (error: Error) => error.name === "InvalidParameterException" && /enum value set/.test(error.message),
      );
    });
  });

  describe("users", () => {
    it("creates a user with a sub, the given attributes and FORCE_CHANGE_PASSWORD", async () => {
      const { poolId } = await aWorld(env.client, []);
      const { User } = await env.client.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: "carol",
          UserAttributes: [
            { Name: "email", Value: "carol@example.com" },
            { Name: "email_verified", Value: "true" },
          ],
          TemporaryPassword: "Temp0rary!",
        }),
      );
      assert.strictEqual(User?.Username, "carol");
      assert.strictEqual(User?.UserStatus, "FORCE_CHANGE_PASSWORD");
      assert.strictEqual(User?.Enabled, true);
      assert.match(attribute(User, "sub") ?? "", UUID);
      assert.strictEqual(attribute(User, "email"), "carol@example.com");
      const fetched = await env.client.send(
        new AdminGetUserCommand({ UserPoolId: poolId, Username: "carol" }),
      );
      assert.deepStrictEqual(fetched.UserAttributes, User?.Attributes);
      assert.deepStrictEqual(fetched.UserCreateDate, User?.UserCreateDate);
    });

    it("refuses an existing username with UsernameExistsException", async () => {
      const { poolId } = await aWorld(env.client, ["alice"]);
      await assert.rejects(
        env.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "alice" })),
        {
          name: "UsernameExistsException",
          message: "User account already exists",
        },
      );
    });

    it("refuses attributes outside the schema, and identities", async () => {
      const { poolId } = await aWorld(env.client, []);
      for (const name of ["custom:nope", "identities", "sub"]) {
        await assert.rejects(
          env.client.send(
            new AdminCreateUserCommand({
              UserPoolId: poolId,
              Username: "dave",
              UserAttributes: [{ Name: name, Value: "x" }],
            }),
          ),
          (error: Error) => error.name === "InvalidParameterException" && error.message.includes(name),
        );
      }
    });

    it("checks a temporary password against the pool's policy", async () => {
      const { poolId } = await aWorld(env.client, []);
      await assert.rejects(
        env.client.send(
          new AdminCreateUserCommand({ UserPoolId: poolId, Username: "erin", TemporaryPassword: "short" }),
        ),
        {
          name: "InvalidPasswordException",
          message: "Password does not conform to policy: Password not long enough",
        },
      );
    });

    it("makes the sub the username in a pool that signs in with email, and finds the user by email", async () => {
      const { UserPool } = await env.client.send(
        new CreateUserPoolCommand({ PoolName: "by-email", UsernameAttributes: ["email"] }),
      );
      const poolId = UserPool?.Id;
      const { User } = await env.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: "frank@example.com" }),
      );
      assert.strictEqual(User?.Username, attribute(User, "sub"));
      assert.strictEqual(attribute(User, "email"), "frank@example.com");
      const fetched = await env.client.send(
        new AdminGetUserCommand({ UserPoolId: poolId, Username: "frank@example.com" }),
      );
      assert.strictEqual(fetched.Username, User?.Username);
      await assert.rejects(
        env.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "frank@example.com" })),
        { name: "UsernameExistsException", message: "An account with the given email already exists." },
      );
      await assert.rejects(
        env.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "frank" })),
        {
          name: "InvalidParameterException",
          message: "Username should be an email.",
        },
      );
    });

    it("finds a user by its sub", async () => {
      const { poolId } = await aWorld(env.client, ["alice"]);
      const alice = await env.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
      const sub = alice.UserAttributes?.find((entry) => entry.Name === "sub")?.Value;
      const bySub = await env.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: sub }));
      assert.strictEqual(bySub.Username, "alice");
    });

    it("deletes a user", async () => {
      const { poolId } = await aWorld(env.client, ["alice"]);
      await env.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "alice" }));
      await assert.rejects(
        env.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" })),
        {
          name: "UserNotFoundException",
          message: "User does not exist.",
        },
      );
      await assert.rejects(
        env.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "alice" })),
        {
          name: "UserNotFoundException",
        },
      );
    });
  });

  describe("ListUsers", () => {
    let poolId: string;
    let subOfBob: string;
    before(async () => {
      ({ poolId } = await aWorld(env.client, []));
      for (const [username, email] of [
        ["alice", "alice@example.com"],
        ["bob", "bob@example.com"],
        ["bobby", "bobby@example.org"],
        ["carol", "carol@example.com"],
      ] as const) {
        const { User } = await env.client.send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: username,
            UserAttributes: [{ Name: "email", Value: email }],
          }),
        );
        if (username === "bob") subOfBob = attribute(User, "sub") ?? "";
      }
      await signIn(env.emulator.url, poolId, "Google", "4242");
    });

    const usernames = async (filter?: string): Promise<string[]> => {
      const listed = await env.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: filter }));
      return (listed.Users ?? []).map((user) => user.Username ?? "").sort();
    };

    it("lists every user without a filter", async () => {
      assert.deepStrictEqual(await usernames(), ["alice", "bob", "bobby", "carol", "google_4242"]);
    });

    it("filters on username, exactly or by prefix", async () => {
      assert.deepStrictEqual(await usernames('username = "bob"'), ["bob"]);
      assert.deepStrictEqual(await usernames('username ^= "bob"'), ["bob", "bobby"]);
    });

    it("filters on sub", async () => {
      assert.deepStrictEqual(await usernames(`sub = "${subOfBob}"`), ["bob"]);
    });

    it("filters on email", async () => {
      assert.deepStrictEqual(await usernames('email = "carol@example.com"'), ["carol"]);
      assert.deepStrictEqual(await usernames('email ^= "bob"'), ["bob", "bobby"]);
    });

    it("filters on cognito:user_status and on status", async () => {
      assert.deepStrictEqual(await usernames('cognito:user_status = "EXTERNAL_PROVIDER"'), ["google_4242"]);
      assert.deepStrictEqual((await usernames('status = "Enabled"')).length, 5);
      assert.deepStrictEqual(await usernames('status = "Disabled"'), []);
    });

    it("refuses a filter it cannot parse", async () => {
      await assert.rejects(
        env.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: "username = bob" })),
        {
          name: "InvalidParameterException",
          message: "Error while parsing filter.",
        },
      );
    });

    it("pages with Limit and PaginationToken, each user once", async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await env.client.send(
          new ListUsersCommand({ UserPoolId: poolId, Limit: 2, PaginationToken: token }),
        );
        assert.ok((page.Users?.length ?? 0) <= 2);
        seen.push(...(page.Users ?? []).map((user) => user.Username ?? ""));
        token = page.PaginationToken;
        pages++;
      } while (token !== undefined);
      assert.strictEqual(pages, 3);
      assert.deepStrictEqual([...seen].sort(), ["alice", "bob", "bobby", "carol", "google_4242"]);
    });

    it("returns only AttributesToGet when given", async () => {
      const listed = await env.client.send(
        new ListUsersCommand({
          UserPoolId: poolId,
          Filter: 'username = "alice"',
          AttributesToGet: ["email"],
        }),
      );
      assert.deepStrictEqual(listed.Users?.[0]?.Attributes, [{ Name: "email", Value: "alice@example.com" }]);
    });
  });
});
