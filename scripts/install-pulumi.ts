// `npm run install-pulumi`: builds the Pulumi CLI from its Go module into .tools/bin, for machines that reach
// only package registries (CI among them). Everyone else installs the CLI the usual way (README).
//
//   npm run install-pulumi            build .tools/bin/pulumi unless the pinned version is already there
//   npm run install-pulumi -- --force build again
//
// `go install github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@vX` refuses the module because its go.mod has
// `replace` lines (one points sdk/v3 at a sibling folder), so the CLI is built from a throwaway module that
// requires pkg/v3 and sdk/v3 at the same version, with pkg's one non-local replace copied over.
// The Node language host (sdk/nodejs/cmd/pulumi-language-nodejs/v3) is an untagged module the Go module proxy
// here refuses (403 "This module version is not available"), so it is not built: the tests, `npm start` and
// the bench run their programs through the Automation API's inline programs, which need only this binary.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
/** The one place the CLI version is pinned: package.json's `config.pulumiCliVersion`. */
export const PULUMI_CLI_VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    config: { pulumiCliVersion: string };
  }
).config.pulumiCliVersion;
export const TOOLS_BIN = path.join(ROOT, ".tools", "bin");
export const PULUMI_BIN = path.join(TOOLS_BIN, "pulumi");
/** The dynamic-provider plugin is a shell script inside @pulumi/pulumi; the engine looks for plugins beside itself. */
const NODEJS_PLUGIN = "pulumi-resource-pulumi-nodejs";

/** pkg/v3's go.mod replaces this module with a fork; a module that depends on pkg must say the same. */
const PKG_REPLACES = [
  "github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e",
];

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The pulumi executable: $PULUMI when set, else .tools/bin/pulumi, else the first `pulumi` on PATH; undefined if none. */
export function findPulumi(env: NodeJS.ProcessEnv = process.env, toolsBin = PULUMI_BIN): string | undefined {
  if (env.PULUMI) return isExecutableFile(env.PULUMI) ? path.resolve(env.PULUMI) : undefined;
  if (isExecutableFile(toolsBin)) return toolsBin;
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    if (isExecutableFile(path.join(dir, "pulumi"))) return path.join(dir, "pulumi");
  }
  return undefined;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** The version the installed binary reports, or undefined when there is none or it does not run. */
export function installedVersion(bin = PULUMI_BIN): string | undefined {
  if (!fs.existsSync(bin)) return undefined;
  const result = spawnSync(bin, ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, "") : undefined;
}

function linkPlugin(): void {
  const target = path.join(ROOT, "node_modules", "@pulumi", "pulumi", NODEJS_PLUGIN);
  if (!fs.existsSync(target)) {
    throw new Error(`${target} is missing: run npm install first (the plugin ships inside @pulumi/pulumi)`);
  }
  const link = path.join(TOOLS_BIN, NODEJS_PLUGIN);
  fs.rmSync(link, { force: true });
  fs.symlinkSync(path.relative(TOOLS_BIN, target), link);
}

function build(version: string): void {
  const module = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cli-build-"));
  try {
    fs.writeFileSync(
      path.join(module, "go.mod"),
      [
        "module pulumicli",
        "",
        "go 1.26",
        "",
        "require (",
        `\tgithub.com/pulumi/pulumi/pkg/v3 v${version}`,
        `\tgithub.com/pulumi/pulumi/sdk/v3 v${version}`,
        ")",
        "",
        ...PKG_REPLACES.map((r) => `replace ${r}`),
        "",
      ].join("\n"),
    );
    // A blank import keeps the main package's dependencies in the module graph for `go mod tidy`.
    fs.writeFileSync(
      path.join(module, "tools.go"),
      '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n',
    );
    console.log(
      `install-pulumi: resolving github.com/pulumi/pulumi/pkg/v3@v${version} through the Go module proxy`,
    );
    run("go", ["mod", "tidy"], module);
    console.log("install-pulumi: building cmd/pulumi (several minutes with empty Go caches)");
    fs.mkdirSync(TOOLS_BIN, { recursive: true });
    // Never build onto a link to the user's own CLI (made when Go was missing): go build could write through it.
    fs.rmSync(PULUMI_BIN, { force: true });
    run(
      "go",
      [
        "build",
        "-trimpath",
        "-ldflags",
        `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`,
        "-o",
        PULUMI_BIN,
        "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
      ],
      module,
    );
  } finally {
    fs.rmSync(module, { recursive: true, force: true });
  }
}

/** What main does: nothing, build with Go, or, without Go, use the CLI the user installed the usual way. */
export type Step =
  { kind: "ready" } | { kind: "build" } | { kind: "link"; cli: string } | { kind: "missing" };

export function nextStep(
  installed: string | undefined,
  force: boolean,
  hasGo: boolean,
  installedElsewhere: string | undefined,
): Step {
  if (installed === PULUMI_CLI_VERSION && !force) return { kind: "ready" };
  if (hasGo) return { kind: "build" };
  return installedElsewhere === undefined ? { kind: "missing" } : { kind: "link", cli: installedElsewhere };
}

/** `go version`'s answer, or undefined when Go is not installed. */
function goVersion(): string | undefined {
  const result = spawnSync("go", ["version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The environment findPulumi searches for a CLI of the user's own: PATH without .tools/bin. */
function otherPlaces(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dirs = (env.PATH ?? "").split(path.delimiter).filter((d) => d && path.resolve(d) !== TOOLS_BIN);
  return { ...env, PATH: dirs.join(path.delimiter) };
}

/**
 * Without Go, the tests and the scripts use the CLI the user installed (they look in .tools/bin): a link to it,
 * with a note when its version is not the one the tests were run with.
 */
function linkInstalledCli(cli: string): void {
  fs.mkdirSync(TOOLS_BIN, { recursive: true });
  fs.rmSync(PULUMI_BIN, { force: true });
  fs.symlinkSync(path.resolve(cli), PULUMI_BIN);
  const version = installedVersion();
  console.log(`install-pulumi: Go is not installed; ${PULUMI_BIN} -> ${cli} (v${version ?? "unknown"})`);
  if (version !== PULUMI_CLI_VERSION) {
    console.log(
      `install-pulumi: the tests are run with v${PULUMI_CLI_VERSION} (package.json config.pulumiCliVersion); ` +
        `another version may print or order things differently`,
    );
  }
}

function main(argv: string[]): void {
  const force = argv.includes("--force");
  const unknown = argv.filter((a) => a !== "--force");
  if (unknown.length > 0)
    throw new Error(`unknown argument ${unknown[0]}; usage: npm run install-pulumi [-- --force]`);
  const before = installedVersion();
  const step = nextStep(before, force, goVersion() !== undefined, findPulumi(otherPlaces(process.env), ""));
  if (step.kind === "ready") {
    console.log(`install-pulumi: ${PULUMI_BIN} is already v${before}`);
  } else if (step.kind === "link") {
    linkInstalledCli(step.cli);
  } else if (step.kind === "missing") {
    throw new Error(
      "Go is not installed and no Pulumi CLI was found (PULUMI, PATH): install the CLI the usual way " +
        "(https://www.pulumi.com/docs/iac/download-install/) and run this again, or install Go to build it here",
    );
  } else {
    build(PULUMI_CLI_VERSION);
    const after = installedVersion();
    if (after !== PULUMI_CLI_VERSION) {
      throw new Error(
        `built ${PULUMI_BIN}, but it reports version ${after ?? "nothing"}, not ${PULUMI_CLI_VERSION}`,
      );
    }
    console.log(`install-pulumi: built ${PULUMI_BIN} v${after}`);
  }
  linkPlugin();
  console.log(
    `install-pulumi: ${path.join(TOOLS_BIN, NODEJS_PLUGIN)} -> @pulumi/pulumi's dynamic-provider plugin`,
  );
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`install-pulumi: ${(error as Error).message}`);
    process.exit(1);
  }
}
