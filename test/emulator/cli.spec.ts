// The emulator as users run it: a child process started by the CLI, reached by the real SDK and its env variable.
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  AdminCreateUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { startEmulator } from "../../emulator";
import { parseCliArgs } from "../../emulator/args";
import { runEmulatorCli, spawnEmulator, type SpawnedEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/paths";
import { cognitoClient, DUMMY_CREDENTIALS } from "../support/sdk";
import { aWorld, cognitoUser, google, rawCall, signIn } from "../support/emulatorSuite";
import { identityEntries } from "../support/cognitoView";

describe("emulator CLI", () => {
  describe("parseCliArgs", () => {
    it("reads every option, as --flag value or --flag=value", () => {
      assert.deepStrictEqual(
        parseCliArgs([
          "--port",
          "9229",
          "--quotas=aws",
          "--faults",
          "internal=0.1",
          "--fault-seed",
          "7",
          "--state",
          "s.json",
          "--seed",
          "seed.json",
          "--account-id",
          "123456789012",
        ]),
        {
          kind: "start",
          options: {
            port: 9229,
            quotas: "aws",
            faults: "internal=0.1",
            faultSeed: 7,
            statePath: "s.json",
            seedPath: "seed.json",
            accountId: "123456789012",
          },
        },
      );
    });

    for (const bad of [
      ["--port", "x"],
      ["--port", "70000"],
      ["--nope", "1"],
      ["--state"],
      ["extra"],
      ["--port", "1", "--port", "2"],
      ["--account-id", "12345"],
      ["--account-id", "12345678901a"],
    ]) {
      it(`refuses ${bad.join(" ")}`, () => {
        assert.throws(() => parseCliArgs(bad), { name: "EmulatorConfigError" });
      });
    }
  });

  describe("a running process", () => {
    let emulator: SpawnedEmulator;
    let client: CognitoIdentityProviderClient;
    before(async () => {
      emulator = await spawnEmulator();
      client = cognitoClient(emulator.url, "us-east-1", { maxAttempts: 1 });
    });
    after(async () => {
      client?.destroy();
      if (emulator?.child.exitCode === null) await emulator.stop();
    });

    it("prints exactly one line, with its loopback URL, once it listens", () => {
      assert.strictEqual(emulator.output().stdout, `Cognito emulator listening on ${emulator.url}\n`);
      assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(emulator.port > 0);
    });

    it("links, shows the link in identities, and unlinks (L1, R1, D1)", async () => {
      const { poolId } = await aWorld(client, ["alice"]);
      await client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: poolId,
          DestinationUser: cognitoUser("alice"),
          SourceUser: google("1098765"),
        }),
      );
      const [entry] = await identityEntries(client, poolId, "alice");
      assert.deepStrictEqual([entry?.userId, entry?.primary], ["1098765", false]);
      await client.send(
        new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: google("1098765") }),
      );
      assert.deepStrictEqual(await identityEntries(client, poolId, "alice"), []);
    });

    it("refuses to merge an identity that signed in (L5) and to unlink one never linked (D2)", async () => {
      const { poolId } = await aWorld(client, ["alice"]);
      await signIn(emulator.url, poolId, "Google", "5555");
      await assert.rejects(
        client.send(
          new AdminLinkProviderForUserCommand({
            UserPoolId: poolId,
            DestinationUser: cognitoUser("alice"),
            SourceUser: google("5555"),
          }),
        ),
        {
          name: "InvalidParameterException",
          message:
            "Merging is not currently supported, provide a SourceUser that has not been signed up in order to link",
        },
      );
      await assert.rejects(
        client.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: google("6666") })),
        {
          name: "InvalidParameterException",
          message: "Account isn't linked to anyone else, verify that the account has been linked",
        },
      );
    });

    it("hides a pool from another region (L3)", async () => {
      const { poolId } = await aWorld(client, ["alice"]);
      const other = cognitoClient(emulator.url, "ap-southeast-2", { maxAttempts: 1 });
      try {
        await assert.rejects(other.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" })), {
          name: "ResourceNotFoundException",
          message: `User pool ${poolId} does not exist.`,
        });
      } finally {
        other.destroy();
      }
    });

    it("is reached through AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER with dummy credentials", async () => {
      const saved = process.env["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"];
      process.env["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] = emulator.url;
      const viaEnv = new CognitoIdentityProviderClient({
        region: "us-east-1",
        credentials: DUMMY_CREDENTIALS,
        maxAttempts: 1,
      });
      try {
        const { poolId } = await aWorld(viaEnv, []);
        const { User } = await viaEnv.send(
          new AdminCreateUserCommand({ UserPoolId: poolId, Username: "env" }),
        );
        assert.strictEqual(User?.Username, "env");
      } finally {
        viaEnv.destroy();
        if (saved === undefined) delete process.env["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"];
        else process.env["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] = saved;
      }
    });

    it("serves its stats to the test helper", async () => {
      await emulator.resetStats();
      await aWorld(client, []);
      const stats = await emulator.stats();
      assert.strictEqual(stats.total, 3);
      assert.deepStrictEqual(stats.operations["CreateIdentityProvider"], { ok: 2 });
    });

    it("exits with code 0 on SIGINT, with nothing on stderr", async () => {
      client.destroy();
      assert.strictEqual(await emulator.stop("SIGINT"), 0);
      assert.strictEqual(emulator.output().stderr, "");
    });
  });

  it("keeps the state across a restart with --state and --seed, and exits with code 0 on SIGTERM", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-cli-"));
    const statePath = path.join(directory, "state.json");
    const seedPath = path.join(directory, "seed.json");
    fs.writeFileSync(
      seedPath,
      JSON.stringify({
        pools: [
          {
            id: "us-east-1_Quick5tart",
            name: "quickstart",
            identityProviders: [{ name: "Google", type: "Google" }],
            users: [{ username: "alice" }],
          },
        ],
      }),
    );
    try {
      const first = await spawnEmulator(["--state", statePath, "--seed", seedPath]);
      const firstClient = cognitoClient(first.url, "us-east-1", { maxAttempts: 1 });
      await firstClient.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: "us-east-1_Quick5tart",
          DestinationUser: cognitoUser("alice"),
          SourceUser: google("42"),
        }),
      );
      firstClient.destroy();
      assert.strictEqual(await first.stop("SIGTERM"), 0, "SIGTERM stops it cleanly");

      // The file the process saved, read back by a fresh emulator.
      const second = await startEmulator({ statePath, seedPath });
      const secondClient = cognitoClient(second.url, "us-east-1", { maxAttempts: 1 });
      try {
        const entries = await identityEntries(secondClient, "us-east-1_Quick5tart", "alice");
        assert.deepStrictEqual(
          entries.map((entry) => entry.userId),
          ["42"],
        );
      } finally {
        secondClient.destroy();
        await second.close();
      }
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it("runs as npm run emulator, and stops when npm is sent SIGTERM", async () => {
    const npm = spawn(
      process.platform === "win32" ? "npm.cmd" : "npm",
      ["run", "-s", "emulator", "--", "--port", "0"],
      {
        cwd: REPO_ROOT,
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = "";
        npm.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
          stdout += chunk;
          const found = /^Cognito emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
          if (found?.[1] !== undefined) resolve(found[1]);
        });
        npm.once("exit", (code) => reject(new Error(`npm exited with ${code} before listening`)));
      });
      assert.strictEqual((await rawCall(url, "ListUserPools", { MaxResults: 1 })).status, 200);
      npm.kill("SIGTERM");
      let closed = false;
      for (let i = 0; i < 40 && !closed; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        closed = await rawCall(url, "ListUserPools", { MaxResults: 1 }).then(
          () => false,
          () => true,
        );
      }
      assert.ok(closed, "the emulator still answers after npm was stopped");
    } finally {
      npm.kill("SIGKILL");
    }
  });

  it("stops with a message and exit code 1 on a corrupt state file, leaving it untouched", async () => {
    const file = path.join(os.tmpdir(), `emulator-corrupt-${process.pid}-${Date.now()}.json`);
    fs.writeFileSync(file, "{ corrupt");
    try {
      const result = await runEmulatorCli(["--port", "0", "--state", file]);
      assert.strictEqual(result.code, 1);
      assert.strictEqual(result.stdout, "");
      assert.match(result.stderr, /Cannot load the emulator state from .*not valid JSON.*left as it is/);
      assert.strictEqual(fs.readFileSync(file, "utf8"), "{ corrupt");
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it("stops with a message and exit code 1 on a bad option", async () => {
    const result = await runEmulatorCli(["--quotas", "UserUpdate=fast"]);
    assert.strictEqual(result.code, 1);
    assert.strictEqual(result.stdout, "");
    assert.match(result.stderr, /Invalid --quotas entry "UserUpdate=fast"/);
  });
});
