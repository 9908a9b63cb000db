// `npm start`, `npm run preview`, `npm run destroy` (scripts/stack.ts) with the real CLI and the real emulator.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../scripts/stack";
import { identityEntries } from "../support/cognitoView";
import { spawnEmulator } from "../support/emulator";
import { REPO_ROOT } from "../support/paths";
import { assertPulumiInstalled } from "../support/pulumi";
import { cognitoClient } from "../support/sdk";

const POOL = "us-east-1_Quick5tart";

/** Cognito's links of the quickstart's users, read from the emulator's saved state through the SDK. */
async function linksIn(stateFile: string): Promise<string[]> {
  const emu = await spawnEmulator(["--state", stateFile]);
  const client = cognitoClient(emu.url);
  try {
    const out: string[] = [];
    for (const username of ["alice", "bob", "carol"]) {
      for (const i of await identityEntries(client, POOL, username)) {
        out.push(`${username} ${i.providerName}/${i.userId}`);
      }
    }
    return out.sort();
  } finally {
    client.destroy();
    await emu.stop();
  }
}

describe("npm start: the quickstart stack with the real CLI", function () {
  this.timeout(180_000);
  let dir: string;
  let options: Parameters<typeof main>[1] & { text: string[] };

  beforeEach(() => {
    assertPulumiInstalled();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "quickstart-"));
    // The project is the root Pulumi.yaml; a copy keeps this test's Pulumi.dev.yaml away from a user's own.
    const workDir = path.join(dir, "project");
    // The CLI checks that Pulumi.yaml's `main` folder exists, though an inline program does not run it.
    fs.mkdirSync(path.join(workDir, "examples", "quickstart"), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(workDir, "Pulumi.yaml"));
    const text: string[] = [];
    options = {
      text,
      workDir,
      backendDir: path.join(dir, "pulumi-state"),
      stateFile: path.join(dir, "emulator-state", "quickstart.json"),
      write: (t: string) => text.push(t),
    };
  });
  afterEach(function () {
    if (this.currentTest?.state === "failed") console.log(options.text.join(""));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const printed = (): string => options.text.splice(0).join("");

  it("links the quickstart's identities, changes nothing the second time, previews, destroys", async () => {
    assert.strictEqual(await main("up", options), 0);
    const first = printed();
    assert.match(first, /\+ 7 created/); // the stack, the component, its exchange plan and 4 links
    assert.match(first, /quickstart: 4 links in pool us-east-1_Quick5tart:/);
    assert.match(
      first,
      /quickstart-Google-104842977164520071234 {2}v1:us-east-1_Quick5tart:Cognito::alice:Google:/,
    );
    assert.match(first, /state: .*pulumi-state\/ \(Pulumi, stack dev\)/);
    const linked = [
      "alice CorpSAML/alice@corp.example.com",
      "alice Google/104842977164520071234",
      "bob Google/117309457233104905678",
      "carol CorpSAML/carol@corp.example.com",
    ];
    assert.deepStrictEqual(await linksIn(options.stateFile!), linked);

    assert.strictEqual(await main("up", options), 0);
    const second = printed();
    assert.match(second, /7 unchanged/);
    assert.doesNotMatch(second, /created|updated|replaced|deleted/);

    assert.strictEqual(await main("preview", options), 0);
    assert.match(printed(), /7 unchanged/);
    assert.deepStrictEqual(await linksIn(options.stateFile!), linked);

    assert.strictEqual(await main("destroy", options), 0);
    assert.match(printed(), /- 7 deleted/);
    assert.deepStrictEqual(await linksIn(options.stateFile!), []);
  });

  it("prints how to install the Pulumi CLI and exits 1 when there is none, starting nothing", async () => {
    const code = await main("up", { ...options, toolsBin: path.join(dir, "missing"), env: { PATH: dir } });

    assert.strictEqual(code, 1);
    assert.match(printed(), /The Pulumi CLI \(pulumi\) was not found[\s\S]*npm run install-pulumi/);
    assert.strictEqual(fs.existsSync(options.stateFile!), false, "no emulator was started");
  });

  it("refuses an unknown action with its usage", async () => {
    assert.strictEqual(await main("deploy", options), 2);
    assert.match(printed(), /usage: ts-node scripts\/stack\.ts up\|preview\|destroy/);
  });
});
