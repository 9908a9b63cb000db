import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import type * as Program from "../../examples/seeded-test-users/program";
import {
  installMocks,
  isWireSecret,
  LINK_TYPE,
  MOCK_POOL_ID,
  named,
  ofType,
  plain,
  Registered,
  requireFresh,
  SEEDED_TYPE,
  settled,
  valueOf,
} from "../support/pulumiMocks";

const PROJECT = "cognito-seeded-test-users";
const CONFIG = {
  googleClientId: "client-123.apps.googleusercontent.com",
  googleClientSecret: "google-secret",
  samlMetadataUrl: "https://idp.example.com/metadata",
  testUserPassword: "Test-Passw0rd!",
};
const SECRET_KEYS = ["googleClientSecret", "testUserPassword"];

describe("examples/seeded-test-users", () => {
  let registered: Registered[];
  let program: typeof Program;

  beforeEach(async () => {
    registered = await installMocks(PROJECT, CONFIG, SECRET_KEYS);
    program = require("../../examples/seeded-test-users/program");
  });

  it("declares a user pool, a Google and a SAML identity provider, three test users and their links", async () => {
    program.seededTestUsers(program.settingsFromConfig());
    await settled();
    assert.deepStrictEqual(
      ofType(registered, "aws:cognito/userPool:UserPool").map((r) => r.name),
      ["test-users"],
    );
    const google = named(registered, "google");
    assert.strictEqual(google.inputs.providerType, "Google");
    assert.strictEqual(google.inputs.providerName, "Google");
    assert.deepStrictEqual(plain(google.inputs.providerDetails), {
      client_id: CONFIG.googleClientId,
      client_secret: CONFIG.googleClientSecret,
      authorize_scopes: "openid email profile",
    });
    const saml = named(registered, "corp-saml");
    assert.strictEqual(saml.inputs.providerType, "SAML");
    assert.strictEqual(saml.inputs.providerName, "CorpSAML");
    assert.deepStrictEqual(saml.inputs.providerDetails, { MetadataURL: CONFIG.samlMetadataUrl });
    assert.deepStrictEqual(
      ofType(registered, "aws:cognito/user:User").map((r) => r.name),
      ["test-user-alice", "test-user-bob", "test-user-carol"],
    );
    assert.strictEqual(named(registered, "test-user-links").type, SEEDED_TYPE);
    assert.deepStrictEqual(
      ofType(registered, LINK_TYPE).map((r) => r.name),
      [
        "test-user-links-Google-100000000000000000001",
        "test-user-links-CorpSAML-alice@corp.example.com",
        "test-user-links-Google-100000000000000000002",
        "test-user-links-CorpSAML-email=carol@corp.example.com",
      ],
    );
  });

  it("wires the pool id into providers, users and links, and each user's username into its links", async () => {
    program.seededTestUsers(program.settingsFromConfig());
    await settled();
    const wired = (x: (typeof registered)[number]) =>
      x.custom && x.type !== "aws:cognito/userPool:UserPool" && !x.type.endsWith(":SeededUserLinksPlan");
    for (const r of registered.filter(wired)) {
      assert.strictEqual(r.inputs.userPoolId, MOCK_POOL_ID, r.name);
    }
    const poolUrn = named(registered, "test-users").urn;
    for (const link of ofType(registered, LINK_TYPE)) {
      const username = link.inputs.destinationUser.providerAttributeValue;
      const user = named(registered, `test-user-${username}`);
      assert.strictEqual(user.inputs.username, username);
      assert.ok(link.dependencies.includes(user.urn), `${link.name} waits for ${user.name}`);
      assert.ok(link.dependencies.includes(poolUrn), `${link.name} waits for the pool`);
      assert.ok(link.dependencies.includes(named(registered, "google").urn), `${link.name} waits for Google`);
      assert.ok(
        link.dependencies.includes(named(registered, "corp-saml").urn),
        `${link.name} waits for SAML`,
      );
    }
  });

  it("sends the test users' password and the Google client secret as secrets", async () => {
    program.seededTestUsers(program.settingsFromConfig());
    await settled();
    for (const user of ofType(registered, "aws:cognito/user:User")) {
      assert.ok(isWireSecret(user.wire.password), `${user.name}'s password is sent as a secret`);
      assert.strictEqual(plain(user.inputs.password), CONFIG.testUserPassword);
      assert.strictEqual(user.inputs.messageAction, "SUPPRESS");
    }
    const google = named(registered, "google");
    assert.ok(
      isWireSecret(google.wire.providerDetails) || isWireSecret(google.wire.providerDetails?.client_secret),
      "the client secret is sent as a secret",
    );
  });

  it("sends the password as a secret even when the settings hold it as plain text", async () => {
    program.seededTestUsers({
      ...program.settingsFromConfig(),
      password: "plain",
      googleClientSecret: "plain",
    });
    await settled();
    const alice = named(registered, "test-user-alice");
    assert.ok(isWireSecret(alice.wire.password));
  });

  it("reads test users and links from config when they are set", async () => {
    pulumi.runtime.setAllConfig(
      Object.fromEntries(
        Object.entries({
          ...CONFIG,
          testUsers: JSON.stringify([{ username: "dave", email: "dave@example.com" }]),
          links: JSON.stringify([{ username: "dave", provider: "Google", subject: "42" }]),
        }).map(([k, v]) => [`${PROJECT}:${k}`, v]),
      ),
      SECRET_KEYS.map((k) => `${PROJECT}:${k}`),
    );
    program.seededTestUsers(program.settingsFromConfig());
    await settled();
    assert.deepStrictEqual(
      ofType(registered, "aws:cognito/user:User").map((r) => r.name),
      ["test-user-dave"],
    );
    assert.deepStrictEqual(
      ofType(registered, LINK_TYPE).map((r) => r.name),
      ["test-user-links-Google-42"],
    );
  });

  it("exports the pool id, usernames and link ids from index.ts", async () => {
    const index = requireFresh<{
      userPoolId: pulumi.Output<string>;
      testUsernames: string[];
      linkIds: Record<string, pulumi.Output<string>>;
    }>("../../examples/seeded-test-users/index");
    await settled();
    assert.strictEqual(await valueOf(index.userPoolId), MOCK_POOL_ID);
    assert.deepStrictEqual(index.testUsernames, ["alice", "bob", "carol"]);
    assert.strictEqual(Object.keys(index.linkIds).length, 4);
  });

  it("fails without the required config", async () => {
    pulumi.runtime.setAllConfig({});
    assert.throws(
      () => program.settingsFromConfig(),
      /Missing required configuration variable 'cognito-seeded-test-users:googleClientId'/,
    );
  });
});
