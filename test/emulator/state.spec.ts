// The `--state` file: a round trip through a restart, atomic saves, and refusal of an unreadable or corrupt file.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { startEmulator } from "../../emulator";
import { cognitoClient } from "../support/sdk";
import { aWorld, cognitoUser, google, rawIdentities, signIn } from "./fixtures";

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
    const identitiesBefore = await rawIdentities(client, poolId, "alice");
    client.destroy();
    await first.close();

    const second = await startEmulator({ statePath: file });
    client = cognitoClient(second.url, "us-east-1", { maxAttempts: 1 });
    try {
      const after = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
      assert.deepStrictEqual(after.UserAttributes, before.UserAttributes);
      assert.deepStrictEqual(after.UserCreateDate, before.UserCreateDate);
      assert.strictEqual(await rawIdentities(client, poolId, "alice"), identitiesBefore);
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

  it("refuses to start from a state path it cannot read", async () => {
    fs.mkdirSync(file, { recursive: true });
    await assert.rejects(startEmulator({ statePath: file }), {
      name: "EmulatorConfigError",
      message: new RegExp(`Cannot load the emulator state from ${file}`),
    });
    assert.ok(fs.statSync(file).isDirectory());
  });
});
