// The package as users get it: `npm pack`, installed into a scratch Pulumi project, its program captured there.
//
// The capture has to run with the scratch project's own @pulumi/pulumi (the one that serializes `__provider`
// and decides what is `require`d and what is copied), so it runs in a child process inside that directory: a
// small script that installs mocks, wraps the mock monitor's registerResource like engine-model/capture.ts does, runs
// the program and prints the registrations as JSON.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { type Registration, registrationFrom } from "./engine-model";
import { REPO_ROOT } from "./paths";

const run = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
/** The @pulumi/pulumi users on Node 20 get (3.249.0 and later need Node 22): package.json's pin. */
const PULUMI_VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  }
).devDependencies["@pulumi/pulumi"] as string;

export interface ScratchProject {
  dir: string;
  /** The package's name in package.json: what the program imports. */
  packageName: string;
  tarball: string;
  remove(): void;
}

function packageName(): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { name: string }).name;
}

/** Packs this repository (its prepare script builds dist/) and installs the tarball and @pulumi/pulumi in a new directory. */
export async function scratchProject(timeoutMs: number): Promise<ScratchProject> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "upl-packaged-"));
  const remove = (): void => fs.rmSync(root, { recursive: true, force: true });
  try {
    const packDir = path.join(root, "pack");
    const dir = path.join(root, "project");
    fs.mkdirSync(packDir);
    fs.mkdirSync(dir);
    const packed = await run(NPM, ["pack", "--json", "--pack-destination", packDir], {
      cwd: REPO_ROOT,
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    // prepare's own output precedes the JSON array.
    const start = packed.stdout.search(/^\[/m);
    const [info] = JSON.parse(packed.stdout.slice(Math.max(0, start))) as { filename: string }[];
    if (info === undefined) throw new Error(`npm pack printed no file: ${packed.stdout}`);
    const tarball = path.join(packDir, info.filename);
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "scratch-program", version: "0.0.0", private: true }, null, 2),
    );
    await run(
      NPM,
      ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, `@pulumi/pulumi@${PULUMI_VERSION}`],
      { cwd: dir, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
    );
    return { dir, packageName: packageName(), tarball, remove };
  } catch (e) {
    remove();
    throw e;
  }
}

/**
 * Runs in the scratch project: `node capture.js program.js <project> <stack>` prints the registrations. It
 * cannot import this repository, so the request-to-registration code goes in as source text (ts-node has
 * compiled it to JavaScript by then).
 */
const CAPTURE_SCRIPT = `"use strict";
${registrationFrom.toString()}
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const state = require("@pulumi/pulumi/runtime/state");
const settings = require("@pulumi/pulumi/runtime/settings");
const [program, project, stack] = process.argv.slice(2);

async function main() {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: args.name + "-id", state: args.inputs }),
      call: (args) => { throw new Error("no mock for invoke " + args.token); },
    },
    project,
    stack,
    false,
  );
  const monitor = state.getStore().settings.monitor;
  const registrations = [];
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const reg = registrationFrom(req);
    registrations.push(reg);
    return original(req, (err, resp) => {
      if (resp) reg.urn = resp.getUrn();
      cb(err, resp);
    });
  };
  require(path.resolve(program));
  await settings.waitForRPCs();
  process.stdout.write(JSON.stringify(registrations));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
`;

/** Writes `programSource` as program.js in the project and captures it there with the project's @pulumi/pulumi. */
export async function captureInProject(
  project: ScratchProject,
  programSource: string,
  at: { project: string; stack: string },
): Promise<Registration[]> {
  fs.writeFileSync(path.join(project.dir, "capture.js"), CAPTURE_SCRIPT);
  fs.writeFileSync(path.join(project.dir, "program.js"), programSource);
  const { stdout } = await run(process.execPath, ["capture.js", "program.js", at.project, at.stack], {
    cwd: project.dir,
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Registration[];
}
