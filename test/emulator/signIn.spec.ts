// External sign-in (POST /_emulator/sign-in) and the emulator's stats endpoints.
import * as assert from "assert";
import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { SignInRequest } from "../../emulator";
import {
  aWorld,
  cognitoUser,
  google,
  signIn,
  useInProcessEmulator,
  type World,
} from "../support/emulatorSuite";

describe("emulator external sign-in", () => {
  const env = useInProcessEmulator();
  let world: World;
  beforeEach(async () => {
    world = await aWorld(env.client, ["alice"]);
  });

  it("signs a linked identity in as its destination user", async () => {
    await env.client.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: world.poolId,
        DestinationUser: cognitoUser("alice"),
        SourceUser: google("777"),
      }),
    );
    const alice = await env.client.send(
      new AdminGetUserCommand({ UserPoolId: world.poolId, Username: "alice" }),
    );
    const answer = await signIn(env.emulator.url, world.poolId, "Google", "777");
    assert.deepStrictEqual(answer, {
      Username: "alice",
      UserSub: alice.UserAttributes?.find((attribute) => attribute.Name === "sub")?.Value,
      Linked: true,
      Created: false,
    });
    await assert.rejects(
      env.client.send(new AdminGetUserCommand({ UserPoolId: world.poolId, Username: "google_777" })),
      {
        name: "UserNotFoundException",
      },
    );
  });

  it("signs an unlinked identity in as the same federated user every time", async () => {
    const first = await signIn(env.emulator.url, world.poolId, "Google", "888");
    const second = await signIn(env.emulator.url, world.poolId, "Google", "888");
    assert.deepStrictEqual([first.Created, second.Created], [true, false]);
    assert.strictEqual(second.Username, "google_888");
    assert.strictEqual(second.UserSub, first.UserSub);
  });

  it("keeps the provider name's case in a SAML user's username", async () => {
    const answer = await signIn(env.emulator.url, world.poolId, "CorpSAML", "Jane.Doe");
    assert.strictEqual(answer.Username, "CorpSAML_Jane.Doe");
  });

  const refused: [string, () => Record<string, unknown>, number, string][] = [
    [
      "a pool that does not exist",
      () => ({ UserPoolId: "us-east-1_Missing", ProviderName: "Google", ProviderAttributeValue: "1" }),
      400,
      "ResourceNotFoundException",
    ],
    [
      "a provider the pool does not have",
      () => ({ UserPoolId: world.poolId, ProviderName: "Facebook", ProviderAttributeValue: "1" }),
      400,
      "InvalidParameterException",
    ],
    [
      "the Cognito provider",
      () => ({ UserPoolId: world.poolId, ProviderName: "Cognito", ProviderAttributeValue: "alice" }),
      400,
      "InvalidParameterException",
    ],
    [
      "a missing value",
      () => ({ UserPoolId: world.poolId, ProviderName: "Google" }),
      400,
      "InvalidParameterException",
    ],
  ];
  for (const [what, body, status, type] of refused) {
    it(`refuses ${what} with ${type}`, async () => {
      // Through the client, which passes on what it is given: the emulator checks the body.
      await assert.rejects(env.control.signIn(body() as unknown as SignInRequest), {
        name: "EmulatorControlError",
        status,
        errorType: type,
      });
    });
  }
});

describe("emulator stats", () => {
  const env = useInProcessEmulator();

  it("counts Cognito calls per operation and outcome, not its own endpoints, and resets", async () => {
    await env.control.resetStats();
    const world = await aWorld(env.client, ["alice"]);
    await signIn(env.emulator.url, world.poolId, "Google", "1");
    await env.client
      .send(new AdminGetUserCommand({ UserPoolId: world.poolId, Username: "nobody" }))
      .catch(() => undefined);
    const stats = await env.control.stats();
    assert.deepStrictEqual(stats, {
      total: 5,
      operations: {
        CreateUserPool: { ok: 1 },
        CreateIdentityProvider: { ok: 2 },
        AdminCreateUser: { ok: 1 },
        AdminGetUser: { UserNotFoundException: 1 },
      },
    });
    await env.control.resetStats();
    assert.deepStrictEqual(await env.control.stats(), {
      total: 0,
      operations: {},
    });
  });
});
