// Records the stack state this version of UserProviderLink writes, as a fixture for the tests of earlier states.
//
//   npx ts-node --transpile-only test/support/recordState.ts
//
// When: whenever the state shape changes, that is the inputs or outputs the provider writes, the id format,
// SCHEMA_VERSION, or what the resource class puts into the serialized `__provider`; and before each release.
// It writes test/support/fixtures/state-<package version>-schema<N>.json (overwriting only a file of the same
// version) and leaves the older files alone: the engine runs `read` and `delete` with the code stored in the state
// (pulumi/pulumi#6238), so every earlier recording stays a test case; lifecycle.spec.ts runs each file it finds.
// Commit the new file.
//
// It refuses to run while provider/ has uncommitted changes (pass --allow-dirty to record anyway): the `commit`
// it writes must be the code that is in the recording.
//
// The links are made in an emulator seeded from fixtures/seed.json, whose fixed pool id and users make the
// recorded ids valid in any fresh emulator started with that seed: only ever add to the seed.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./paths";
import { SCHEMA_VERSION } from "../../provider";
import { spawnEmulator } from "./emulator";
import { emulatorEnv } from "./world";
import { Engine, stopAllHosts } from "./engine-model";
import { captureLinks, PROJECT, SEED_FILE } from "./links";
import { FIXTURE_DIR, fixtureName, RECORDED_LINKS, type RecordedState } from "./recorded";

function versionOf(packageJson: string): string {
  return (JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version: string }).version;
}

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).trim();
}

async function main(): Promise<void> {
  const dirty = git("status", "--porcelain", "--", "provider");
  if (dirty !== "" && !process.argv.includes("--allow-dirty")) {
    throw new Error(
      `provider/ has uncommitted changes; commit them first (or pass --allow-dirty):\n${dirty}`,
    );
  }
  const emu = await spawnEmulator(["--seed", SEED_FILE]);
  try {
    const engine = new Engine({
      project: PROJECT,
      env: { ...emulatorEnv(emu.url), COGNITO_LINK_PREFLIGHT: "on" },
    });
    await engine.up(await captureLinks(RECORDED_LINKS));
    const version = versionOf(path.join(REPO_ROOT, "package.json"));
    const recorded: RecordedState = {
      ...engine.toJSON(),
      recorded: {
        package: `pulumi-cognito-user-provider-link@${version}`,
        pulumi: versionOf(require.resolve("@pulumi/pulumi/package.json")),
        schemaVersion: SCHEMA_VERSION,
        commit: git("rev-parse", "HEAD") + (dirty === "" ? "" : " with uncommitted changes in provider/"),
        recordedAt: new Date().toISOString(),
        seed: path.relative(FIXTURE_DIR, SEED_FILE),
      },
    };
    const file = path.join(FIXTURE_DIR, fixtureName(version, SCHEMA_VERSION));
    fs.writeFileSync(file, `${JSON.stringify(recorded, null, 2)}\n`);
    console.log(`wrote ${path.relative(REPO_ROOT, file)} (${recorded.resources.length} resources)`);
  } finally {
    await stopAllHosts();
    await emu.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
