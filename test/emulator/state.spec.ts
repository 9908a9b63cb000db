// The `--state` file: a round trip through a restart, atomic saves, and refusal of an unreadable or corrupt file.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  AdminCreateUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { startEmulator } from "../../emulator";
import { cognitoClient } from "../support/sdk";
import { aWorld, cognitoUser, google, signIn } from "../support/emulatorSuite";
import { identitiesAttribute } from "../support/cognitoView";

describe("emulator state file", () => {
  let directory: string;
  let file: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-state-"));
    file = path.join(directory, "nested", "state.json");
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it("brings pools, providers, users and links back after a restart", async () => {
    const first = await startEmulator({ statePath: file });
    let client = cognitoClient(first.url, "us-east-1", { maxAttempts: 1 });
    const { poolId } = await aWorld(client, ["alice"]);
    await client.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: poolId,
        DestinationUser: cognitoUser("alice"),
        SourceUser: google("1098765"),
      }),
    );
    await signIn(first.url, poolId, "Google", "2222");
    const before = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
    const identitiesBefore = await identitiesAttribute(client, poolId, "alice");
    client.destroy();
    await first.close();

    const second = await startEmulator({ statePath: file });
    client = cognitoClient(second.url, "us-east-1", { maxAttempts: 1 });
    try {
      const after = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
      assert.deepStrictEqual(after.UserAttributes, before.UserAttributes);
      assert.deepStrictEqual(after.UserCreateDate, before.UserCreateDate);
      assert.strictEqual(await identitiesAttribute(client, poolId, "alice"), identitiesBefore);
      const federated = await client.send(
        new AdminGetUserCommand({ UserPoolId: poolId, Username: "google_2222" }),
      );
      assert.strictEqual(federated.UserStatus, "EXTERNAL_PROVIDER");
      const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      assert.deepStrictEqual(
        pools.UserPools?.map((pool) => pool.Id),
        [poolId],
      );
    } finally {
      client.destroy();
      await second.close();
    }
  });

  const NOT_LINKED = "Account isn't linked to anyone else, verify that the account has been linked";
  const samlEmail = (attributeName: string, value: string) => ({
    ProviderName: "CorpSAML",
    ProviderAttributeName: attributeName,
    ProviderAttributeValue: value,
  });
  interface SavedIdentity {
    userId: string;
    primary: boolean;
    attributeName: string;
    signedIn?: boolean;
  }
  interface SavedState {
    pools: { users: { username: string; identities: SavedIdentity[] }[] }[];
  }
  const savedIdentities = (): Record<string, SavedIdentity[]> => {
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as SavedState;
    return Object.fromEntries((saved.pools[0]?.users ?? []).map((user) => [user.username, user.identities]));
  };

  it("keeps a link's attribute name and signed-in flag across a restart", async () => {
    const first = await startEmulator({ statePath: file });
    let client = cognitoClient(first.url, "us-east-1", { maxAttempts: 1 });
    const { poolId } = await aWorld(client, ["alice"]);
    const link = (value: string) =>
      client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: poolId,
          DestinationUser: cognitoUser("alice"),
          SourceUser: samlEmail("email", value),
        }),
      );
    await link("in@corp.example");
    await link("out@corp.example");
    await signIn(first.url, poolId, "CorpSAML", "in@corp.example"); // rejects unless the emulator answers 200
    assert.deepStrictEqual(
      savedIdentities()["alice"]?.map((entry) => [entry.userId, entry.attributeName, entry.signedIn]),
      [
        ["in@corp.example", "email", true],
        ["out@corp.example", "email", false],
      ],
    );
    client.destroy();
    await first.close();

    const second = await startEmulator({ statePath: file });
    client = cognitoClient(second.url, "us-east-1", { maxAttempts: 1 });
    const disable = (attributeName: string, value: string) =>
      client.send(
        new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: samlEmail(attributeName, value) }),
      );
    try {
      await assert.rejects(disable("email", "in@corp.example"), {
        name: "InvalidParameterException",
        message: NOT_LINKED,
      });
      await disable("Cognito_Subject", "in@corp.example");
      await disable("email", "out@corp.example");
      assert.strictEqual(await identitiesAttribute(client, poolId, "alice"), undefined);
    } finally {
      client.destroy();
      await second.close();
    }
  });

  it("loads a state file written before the signed-in flag: links not signed in, own identities signed in", async () => {
    const first = await startEmulator({ statePath: file });
    let client = cognitoClient(first.url, "us-east-1", { maxAttempts: 1 });
    const { poolId } = await aWorld(client, ["alice"]);
    await client.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: poolId,
        DestinationUser: cognitoUser("alice"),
        SourceUser: samlEmail("email", "old@corp.example"),
      }),
    );
    await signIn(first.url, poolId, "CorpSAML", "own@corp.example");
    client.destroy();
    await first.close();
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as SavedState;
    for (const user of saved.pools[0]?.users ?? []) {
      for (const entry of user.identities) delete entry.signedIn;
    }
    const old = JSON.stringify(saved);
    assert.ok(!old.includes("signedIn"));
    fs.writeFileSync(file, old);

    const second = await startEmulator({ statePath: file });
    client = cognitoClient(second.url, "us-east-1", { maxAttempts: 1 });
    try {
      // Not signed in: the link's own attribute name still disables it.
      await client.send(
        new AdminDisableProviderForUserCommand({
          UserPoolId: poolId,
          User: samlEmail("email", "old@corp.example"),
        }),
      );
      assert.strictEqual(await identitiesAttribute(client, poolId, "alice"), undefined);
      assert.deepStrictEqual(
        savedIdentities()["CorpSAML_own@corp.example"]?.map((entry) => entry.signedIn),
        [true],
        "saved again with the flag, a federated user's own identity as signed in",
      );
    } finally {
      client.destroy();
      await second.close();
    }
  });

  it("saves after every change by renaming a complete temporary file into place", async () => {
    const emulator = await startEmulator({ statePath: file });
    const client = cognitoClient(emulator.url, "us-east-1", { maxAttempts: 1 });
    try {
      const { poolId } = await aWorld(client, []);
      await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "zed" }));
      const saved = JSON.parse(fs.readFileSync(file, "utf8")) as {
        format: string;
        pools: { users: { username: string }[] }[];
      };
      assert.strictEqual(saved.format, "cognito-emulator-state");
      assert.deepStrictEqual(
        saved.pools[0]?.users.map((user) => user.username),
        ["zed"],
      );
      assert.deepStrictEqual(
        fs.readdirSync(path.dirname(file)),
        ["state.json"],
        "no temporary file left behind",
      );
    } finally {
      client.destroy();
      await emulator.close();
    }
  });

  it("creates the state file at start when there is none", async () => {
    const emulator = await startEmulator({ statePath: file });
    await emulator.close();
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(file, "utf8")), {
      format: "cognito-emulator-state",
      version: 1,
      pools: [],
    });
  });

  const corrupt: [string, string, RegExp][] = [
    ["not JSON", '{"format": "cognito-emulator-state", ', /not valid JSON/],
    ["another document", '{"hello": "world"}', /format: expected one of "cognito-emulator-state"/],
    [
      "a pool without an id",
      '{"format": "cognito-emulator-state", "version": 1, "pools": [{}]}',
      /pools\[0\]\.id: expected a string/,
    ],
    ["an empty file", "", /not valid JSON/],
  ];
  for (const [what, content, reason] of corrupt) {
    it(`refuses to start from ${what} and leaves the file untouched`, async () => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      await assert.rejects(startEmulator({ statePath: file }), (error: Error) => {
        assert.strictEqual(error.name, "EmulatorConfigError");
        assert.ok(error.message.includes(file), error.message);
        assert.match(error.message, reason);
        return true;
      });
      assert.strictEqual(fs.readFileSync(file, "utf8"), content);
    });
  }

  // Well-formed field by field, but inconsistent: a later save would silently drop or shadow records.
  const inconsistent: [string, (doc: any) => void, RegExp][] = [
    [
      "a pool repeated under the same id",
      (doc) => doc.pools.push(doc.pools[0]),
      /pools\[1\]\.id ".*" repeats pools\[0\]\.id/,
    ],
    [
      "a pool id that is not one",
      (doc) => (doc.pools[0].id = "not a pool id"),
      /pools\[0\]\.id "not a pool id" is not a user pool id/,
    ],
    [
      "a user repeated in a pool",
      (doc) => doc.pools[0].users.push(doc.pools[0].users[0]),
      /users\[\]\.username "alice" appears twice/,
    ],
    [
      "two spellings of one username in a case-insensitive pool",
      (doc) => {
        doc.pools[0].settings.caseSensitive = false;
        doc.pools[0].users.push({ ...doc.pools[0].users[0], username: "ALICE", sub: "other-sub" });
      },
      /users\[\]\.username "ALICE" is "alice" in case-insensitive pool/,
    ],
  ];
  for (const [what, mutate, reason] of inconsistent) {
    it(`refuses to start from ${what} and leaves the file untouched`, async () => {
      const emulator = await startEmulator({ statePath: file });
      await aWorld(cognitoClient(emulator.url), ["alice"]);
      await emulator.close();
      const doc = JSON.parse(fs.readFileSync(file, "utf8"));
      mutate(doc);
      const content = JSON.stringify(doc);
      fs.writeFileSync(file, content);
      await assert.rejects(startEmulator({ statePath: file }), (error: Error) => {
        assert.strictEqual(error.name, "EmulatorConfigError");
        assert.match(error.message, /it is not consistent/);
        assert.match(error.message, reason);
        return true;
      });
      assert.strictEqual(fs.readFileSync(file, "utf8"), content);
    });
  }

  it("loads two spellings of one username in a case-sensitive pool", async () => {
    const emulator = await startEmulator({ statePath: file });
    const { poolId } = await aWorld(cognitoClient(emulator.url), ["alice"]);
    await emulator.close();
    const doc = JSON.parse(fs.readFileSync(file, "utf8"));
    doc.pools[0].users.push({ ...doc.pools[0].users[0], username: "ALICE", sub: "other-sub" });
    fs.writeFileSync(file, JSON.stringify(doc));
    const again = await startEmulator({ statePath: file });
    const client = cognitoClient(again.url, "us-east-1", { maxAttempts: 1 });
    try {
      const upper = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "ALICE" }));
      assert.strictEqual(upper.Username, "ALICE");
    } finally {
      client.destroy();
      await again.close();
    }
  });

  it("answers InternalErrorException when a change cannot be saved, and keeps memory and disk alike", async () => {
    const logged: string[] = [];
    const emulator = await startEmulator({ statePath: file, log: (line) => logged.push(line) });
    const client = cognitoClient(emulator.url, "us-east-1", { maxAttempts: 1 });
    const nested = path.dirname(file);
    try {
      const { UserPool: kept } = await client.send(new CreateUserPoolCommand({ PoolName: "kept" }));
      // A file where the state's directory was: the temporary file cannot be written.
      fs.renameSync(nested, `${nested}.away`);
      fs.writeFileSync(nested, "");
      await assert.rejects(client.send(new CreateUserPoolCommand({ PoolName: "lost" })), {
        name: "InternalErrorException",
        message: /could not save the state/,
      });
      const listed = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      assert.deepStrictEqual(
        listed.UserPools?.map((pool) => pool.Name),
        ["kept"],
      );
      assert.ok(
        logged.some((line) => line.includes("could not save the state")),
        logged.join("\n"),
      );
      assert.ok(!logged.some((line) => line.includes("unexpected error")), logged.join("\n"));

      fs.rmSync(nested);
      fs.renameSync(`${nested}.away`, nested);
      await client.send(new CreateUserPoolCommand({ PoolName: "later" }));
      const saved = JSON.parse(fs.readFileSync(file, "utf8")) as { pools: { id: string; name: string }[] };
      assert.deepStrictEqual(
        saved.pools.map((pool) => pool.name),
        ["kept", "later"],
      );
      assert.strictEqual(saved.pools[0]?.id, kept?.Id);
    } finally {
      client.destroy();
      await emulator.close();
    }
  });

  it("refuses to start from a state path it cannot read", async () => {
    fs.mkdirSync(file, { recursive: true });
    await assert.rejects(startEmulator({ statePath: file }), {
      name: "EmulatorConfigError",
      message: new RegExp(`Cannot load the emulator state from ${file}`),
    });
    assert.ok(fs.statSync(file).isDirectory());
  });
});
