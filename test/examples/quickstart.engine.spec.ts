// The quickstart program through the engine-path harness against the emulator seeded as `npm start` seeds it.
import * as assert from "assert";
import * as path from "path";
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { capture, dynamicOnly, Engine, stopAllHosts } from "../engine/harness";
import { spawnEmulator, SpawnedEmulator } from "../support/emulator";
import { cognitoClient } from "../support/sdk";
import { emulatorEnv } from "../support/world";

const ROOT = path.resolve(__dirname, "../..");
const SEED = path.join(ROOT, "examples/quickstart/seed.json");
const POOL = "us-east-1_Quick5tart";
const PROJECT = "cognito-links-quickstart";
const LINK_TYPE = "pulumi-nodejs:dynamic/cognito:UserProviderLink";

async function linksIn(emu: SpawnedEmulator): Promise<string[]> {
  const client = cognitoClient(emu.url);
  const out: string[] = [];
  for (const username of ["alice", "bob", "carol"]) {
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: username }));
    const raw = user.UserAttributes?.find((a) => a.Name === "identities")?.Value;
    for (const i of raw ? (JSON.parse(raw) as { providerName: string; userId: string }[]) : []) {
      out.push(`${username} ${i.providerName}/${i.userId}`);
    }
  }
  return out.sort();
}

describe("examples/quickstart through the engine path", function () {
  this.timeout(120_000);
  let emu: SpawnedEmulator;
  let engine: Engine;

  before(async () => {
    emu = await spawnEmulator(["--seed", SEED]);
    engine = new Engine({ project: PROJECT, env: emulatorEnv(emu.url) });
  });
  after(async () => {
    await stopAllHosts();
    await emu?.stop();
  });

  const program = async () => {
    const { quickstart } =
      require("../../examples/quickstart/program") as typeof import("../../examples/quickstart/program");
    quickstart();
  };

  it("previews four links and writes nothing to Cognito", async () => {
    const result = await engine.preview(
      dynamicOnly(await capture(program, { project: PROJECT, preview: true })),
    );
    const links = result.steps.filter((s) => s.urn.includes(LINK_TYPE));
    assert.deepStrictEqual(
      links.map((s) => s.op),
      ["create", "create", "create", "create"],
    );
    assert.deepStrictEqual(await linksIn(emu), []);
  });

  it("links the seeded users as links.yaml says", async () => {
    await engine.up(dynamicOnly(await capture(program, { project: PROJECT })));
    assert.deepStrictEqual(await linksIn(emu), [
      "alice CorpSAML/alice@corp.example.com",
      "alice Google/104842977164520071234",
      "bob Google/117309457233104905678",
      "carol CorpSAML/carol@corp.example.com",
    ]);
    assert.strictEqual(engine.resources().filter((r) => r.urn.includes(LINK_TYPE)).length, 4);
  });

  it("changes nothing and calls Cognito not at all on a second up", async () => {
    await emu.resetStats();
    const result = await engine.up(dynamicOnly(await capture(program, { project: PROJECT })));
    assert.deepStrictEqual(new Set(result.steps.map((s) => s.op)), new Set(["same"]));
    assert.strictEqual((await emu.stats()).total, 0);
  });

  it("unlinks everything on destroy", async () => {
    await engine.destroy();
    assert.deepStrictEqual(await linksIn(emu), []);
    assert.strictEqual(engine.resources().length, 0);
  });
});
