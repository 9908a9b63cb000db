import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const SCRIPT = path.join(ROOT, "scripts/stack.js");

interface StackScript {
  main(action: string, options?: Record<string, unknown>): Promise<number>;
  emulatorCommand(stateFile: string): { command: string; args: string[] };
}

interface Call {
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  probe?: { poolName?: string; alice?: string; error?: string };
}

/** A stand-in `pulumi`: records argv, cwd and env; with FAKE_PULUMI_PROBE, calls the endpoint it was given. */
function fakePulumi(dir: string): string {
  const file = path.join(dir, "pulumi");
  const sdk = require.resolve("@aws-sdk/client-cognito-identity-provider");
  fs.writeFileSync(
    file,
    `#!${process.execPath}
const fs = require("fs");
async function probe() {
  const sdk = require(${JSON.stringify(sdk)});
  const client = new sdk.CognitoIdentityProviderClient({});
  try {
    const pool = await client.send(new sdk.DescribeUserPoolCommand({ UserPoolId: "us-east-1_Quick5tart" }));
    const alice = await client.send(new sdk.AdminGetUserCommand({ UserPoolId: "us-east-1_Quick5tart", Username: "alice" }));
    return { poolName: pool.UserPool.Name, alice: alice.Username };
  } catch (e) {
    return { error: e.name + ": " + e.message };
  }
}
(async () => {
  const argv = process.argv.slice(2);
  const call = { argv, cwd: process.cwd(), env: process.env };
  if (process.env.FAKE_PULUMI_PROBE && argv[0] === "up") call.probe = await probe();
  fs.appendFileSync(process.env.FAKE_PULUMI_LOG, JSON.stringify(call) + "\\n");
  process.exit(Number(process.env["FAKE_PULUMI_EXIT_" + argv[0]] || 0));
})();
`,
  );
  fs.chmodSync(file, 0o755);
  return file;
}

/** A stand-in emulator: notes its start and stop in `marker`, prints the line stack.js waits for. */
function fakeEmulator(dir: string, marker: string): { command: string; args: string[] } {
  const file = path.join(dir, "emulator.js");
  fs.writeFileSync(
    file,
    `const fs = require("fs");
fs.appendFileSync(${JSON.stringify(marker)}, "started\\n");
process.on("SIGTERM", () => { fs.appendFileSync(${JSON.stringify(marker)}, "stopped\\n"); process.exit(0); });
setInterval(() => {}, 1000);
console.log("booting");
setTimeout(() => console.log("Cognito emulator listening on http://127.0.0.1:45999"), 50);
`,
  );
  return { command: process.execPath, args: [file] };
}

describe("scripts/stack.js", () => {
  let stack: StackScript;
  let dir: string;
  let log: string;
  let marker: string;
  let pulumi: string;
  let messages: string[];

  before(() => {
    stack = require(SCRIPT);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-js-"));
    log = path.join(dir, "pulumi-calls.jsonl");
    marker = path.join(dir, "emulator-marker");
    pulumi = fakePulumi(dir);
    messages = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const calls = (): Call[] =>
    fs.existsSync(log)
      ? fs
          .readFileSync(log, "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l))
      : [];
  const run = (action: string, env: Record<string, string | undefined> = {}, emulator?: unknown) =>
    stack.main(action, {
      env: { ...process.env, PULUMI: pulumi, FAKE_PULUMI_LOG: log, ...env },
      backendDir: path.join(dir, "backend"),
      stateFile: path.join(dir, "state", "quickstart.json"),
      emulator: emulator ?? fakeEmulator(dir, marker),
      stdio: "ignore",
      log: (m: string) => messages.push(m),
    });

  it("prints how to install the Pulumi CLI and exits non-zero when pulumi is not on PATH", () => {
    const empty = fs.mkdtempSync(path.join(dir, "path-"));
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: empty };
    delete env.PULUMI;
    const result = spawnSync(process.execPath, [SCRIPT, "up"], { env, encoding: "utf8", timeout: 20_000 });
    assert.strictEqual(result.status, 1);
    assert.match(result.stderr, /Pulumi CLI \(pulumi\) was not found on PATH/);
    assert.match(result.stderr, /curl -fsSL https:\/\/get\.pulumi\.com \| sh/);
    assert.match(result.stderr, /brew install pulumi/);
    assert.match(result.stderr, /https:\/\/www\.pulumi\.com\/docs\//);
  });

  it("starts no emulator and runs nothing when PULUMI names a missing file", async () => {
    const code = await run("up", { PULUMI: path.join(dir, "no-such-pulumi") });
    assert.strictEqual(code, 1);
    assert.match(messages.join("\n"), /get\.pulumi\.com/);
    assert.ok(!fs.existsSync(marker), "the emulator was not started");
    assert.deepStrictEqual(calls(), []);
  });

  it("finds pulumi on PATH when PULUMI is not set", async () => {
    const code = await run("up", {
      PULUMI: undefined,
      PATH: `${path.join(dir, "nothing")}${path.delimiter}${dir}`,
    });
    assert.strictEqual(code, 0);
    assert.strictEqual(calls().length, 2);
  });

  it("selects the dev stack, runs pulumi up against the emulator with a local backend, and returns pulumi's code", async () => {
    const code = await run("up", {
      FAKE_PULUMI_EXIT_up: "3",
      AWS_PROFILE: "production",
      AWS_SESSION_TOKEN: "real",
    });
    assert.strictEqual(code, 3);
    const [select, up] = calls();
    assert.deepStrictEqual(select?.argv, ["stack", "select", "--create", "dev", "--non-interactive"]);
    assert.deepStrictEqual(up?.argv, ["up", "--yes", "--skip-preview=false", "--stack", "dev"]);
    for (const call of [select, up]) {
      assert.strictEqual(call?.cwd, ROOT);
      const env = call?.env ?? {};
      assert.strictEqual(env.PULUMI_BACKEND_URL, `file://${path.join(dir, "backend")}`);
      assert.strictEqual(env.PULUMI_CONFIG_PASSPHRASE, "");
      assert.strictEqual(env.PULUMI_SKIP_UPDATE_CHECK, "true");
      assert.strictEqual(env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, "http://127.0.0.1:45999");
      assert.strictEqual(env.AWS_REGION, "us-east-1");
      assert.ok(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY, "dummy credentials are set");
      assert.strictEqual(env.AWS_PROFILE, undefined);
      assert.strictEqual(env.AWS_SESSION_TOKEN, undefined);
    }
    assert.ok(fs.statSync(path.join(dir, "backend")).isDirectory(), "the backend directory exists");
    assert.deepStrictEqual(fs.readFileSync(marker, "utf8").split("\n").filter(Boolean), [
      "started",
      "stopped",
    ]);
  });

  for (const [action, argv] of [
    ["preview", ["preview", "--stack", "dev"]],
    ["destroy", ["destroy", "--yes", "--stack", "dev"]],
  ] as const) {
    it(`runs pulumi ${argv.join(" ")} for ${action}`, async () => {
      assert.strictEqual(await run(action), 0);
      assert.deepStrictEqual(
        calls().map((c) => c.argv),
        [["stack", "select", "--create", "dev", "--non-interactive"], [...argv]],
      );
    });
  }

  it("stops after a failed stack select, returning its code and stopping the emulator", async () => {
    assert.strictEqual(await run("up", { FAKE_PULUMI_EXIT_stack: "7" }), 7);
    assert.deepStrictEqual(
      calls().map((c) => c.argv[0]),
      ["stack"],
    );
    assert.deepStrictEqual(fs.readFileSync(marker, "utf8").split("\n").filter(Boolean), [
      "started",
      "stopped",
    ]);
  });

  it("refuses an unknown action", async () => {
    assert.strictEqual(await run("deploy"), 2);
    assert.match(messages.join("\n"), /usage: node scripts\/stack\.js up\|preview\|destroy/);
  });

  it("fails when the emulator exits before it is listening", async () => {
    const broken = { command: process.execPath, args: ["-e", "process.exit(4)"] };
    await assert.rejects(run("up", {}, broken), /emulator exited \(code 4\) before it was listening/);
    assert.deepStrictEqual(calls(), []);
  });

  it("starts the real emulator seeded from examples/quickstart/seed.json, which pulumi's AWS SDK reaches", async () => {
    const stateFile = path.join(dir, "state", "quickstart.json");
    const command = stack.emulatorCommand(stateFile);
    assert.deepStrictEqual(command.args, [
      ...["-r", "ts-node/register/transpile-only", "emulator/cli.ts", "--port", "0"],
      ...["--seed", "examples/quickstart/seed.json", "--state", stateFile],
    ]);
    const code = await run("up", { FAKE_PULUMI_PROBE: "1" }, command);
    assert.strictEqual(code, 0);
    const up = calls()[1];
    assert.deepStrictEqual(up?.probe, { poolName: "quickstart", alice: "alice" });
    assert.match(up?.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ?? "", /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(fs.existsSync(stateFile), "the emulator keeps its state for the next run");
  });
});
