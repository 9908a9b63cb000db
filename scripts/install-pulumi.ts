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

function main(argv: string[]): void {
  const force = argv.includes("--force");
  const unknown = argv.filter((a) => a !== "--force");
  if (unknown.length > 0)
    throw new Error(`unknown argument ${unknown[0]}; usage: npm run install-pulumi [-- --force]`);
  const before = installedVersion();
  if (before === PULUMI_CLI_VERSION && !force) {
    console.log(`install-pulumi: ${PULUMI_BIN} is already v${before}`);
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
