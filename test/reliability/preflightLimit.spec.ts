// Preflight at Cognito's limit of 5 identities per user, through the engine: a replacement is not a sixth link.
import * as assert from "assert";
import { UserProviderLink } from "../../provider";
import { capture, DeploymentError, Engine, stopAllHosts, type Registration } from "../support/engine-model";
import type { SpawnedEmulator } from "../support/emulator";
import { emulatorEnv } from "../support/world";
import { AT, cognitoLinks, key, PROJECT, readerClient, seededEmulator } from "../support/reliability";

const POOL = "us-east-1_Limit1";

function links(subjects: string[]): Promise<Registration[]> {
  return capture(() => {
    subjects.forEach((subject, i) => {
      new UserProviderLink(`grace-${i}`, {
        userPoolId: POOL,
        destinationUser: { providerAttributeValue: "grace" },
        sourceUser: { providerName: "Google", providerAttributeValue: subject },
      });
    });
  }, AT);
}

describe("UserProviderLink preflight at the limit of 5 identities", function () {
  this.timeout(60_000);
  let emu: SpawnedEmulator;
  let engine: Engine;

  // Each test starts from its own emulator and stack with grace's 5 links made.
  beforeEach(async () => {
    ({ emu } = await seededEmulator(POOL, ["grace"]));
    engine = new Engine({ project: PROJECT, env: emulatorEnv(emu.url) });
    await engine.up(await links(["g0", "g1", "g2", "g3", "g4"]));
  });
  afterEach(async () => {
    await stopAllHosts();
    await emu?.stop();
  });

  it("lets a new subject replace one of a user's 5 links (the old one is unlinked first)", async () => {
    const changed = await links(["g0-new", "g1", "g2", "g3", "g4"]);
    await engine.preview(changed);
    const up = await engine.up(changed);
    assert.deepStrictEqual(
      up.steps.filter((s) => s.op !== "same").map((s) => s.op),
      ["delete-replaced", "replace"],
    );
    assert.deepStrictEqual(
      [...(await cognitoLinks(readerClient(emu.url), POOL))].sort(),
      ["g0-new", "g1", "g2", "g3", "g4"].map((v) => key(POOL, "grace", "Google", v)).sort(),
    );
  });

  it("still refuses a sixth link after such a replacement", async () => {
    await engine.up(await links(["g0-new", "g1", "g2", "g3", "g4"]));
    const sixth = await engine.preview(await links(["g0-new", "g1", "g2", "g3", "g4", "g5"])).then(
      () => assert.fail("a sixth link should be refused"),
      (e: unknown) => e,
    );
    assert.ok(sixth instanceof DeploymentError, String(sixth));
    assert.match(
      sixth.message,
      /resource 'grace-5': property destinationUser value .* user grace in user pool us-east-1_Limit1 has 5 linked identities; linking Google\/g5 would exceed Cognito's maximum of 5/,
    );
  });
});
