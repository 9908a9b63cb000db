// scripts/install-pulumi.ts: what it does on a machine, decided from what is there (the build itself runs in CI).
import * as assert from "assert";
import { nextStep, PULUMI_CLI_VERSION } from "../../scripts/install-pulumi";

describe("install-pulumi's next step", () => {
  const usual = "/usr/local/bin/pulumi";

  it("does nothing when .tools/bin has the pinned version, unless forced", () => {
    assert.deepStrictEqual(nextStep(PULUMI_CLI_VERSION, false, true, usual), { kind: "ready" });
    assert.deepStrictEqual(nextStep(PULUMI_CLI_VERSION, true, true, usual), { kind: "build" });
  });

  it("builds the pinned version with Go, even when another CLI is installed", () => {
    assert.deepStrictEqual(nextStep(undefined, false, true, usual), { kind: "build" });
    assert.deepStrictEqual(nextStep("3.200.0", false, true, undefined), { kind: "build" });
  });

  it("without Go, uses the CLI installed the usual way, so npm test needs no Go", () => {
    assert.deepStrictEqual(nextStep(undefined, false, false, usual), { kind: "link", cli: usual });
    assert.deepStrictEqual(nextStep("3.200.0", false, false, usual), { kind: "link", cli: usual });
  });

  it("without Go or a CLI, has nothing to use", () => {
    assert.deepStrictEqual(nextStep(undefined, false, false, undefined), { kind: "missing" });
  });
});
