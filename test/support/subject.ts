// What the tests exercise: by default the provider's TypeScript sources (provider/) and this repository's
// @pulumi/pulumi. With LINK_PACKAGE_PROJECT naming a scratch project in which the packed package and an
// @pulumi/pulumi are installed (scripts/test-current-pulumi.ts makes one, on Node 22 with the newest SDK),
// this module, which .mocharc.js loads before any spec, redirects module resolution so that the same spec
// files run against that install, with no change to them:
// - every module of provider/ resolves to its compiled counterpart in the installed package
//   (provider/resource.ts -> <project>/node_modules/<name>/dist/provider/resource.js); one the package does not
//   ship is an error, never a silent fallback to the sources;
// - `@pulumi/pulumi` and its subpaths resolve to the project's copy from every file, so the tests, the
//   Automation API that serves the inline program and the package share one SDK: a second copy would mean a
//   second Resource class and a second runtime in one process.
// Nothing else changes: the emulator, the test helpers and their npm dependencies come from this repository.
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "./paths";

export const PROJECT_ENV = "LINK_PACKAGE_PROJECT";

/** The installed package the tests run against, when LINK_PACKAGE_PROJECT names a scratch project. */
export interface PackagedSubject {
  /** The scratch project (its package.json, its node_modules). */
  project: string;
  /** The package's folder inside the project's node_modules. */
  packageDir: string;
  packageVersion: string;
  /** The project's @pulumi/pulumi folder. */
  sdkDir: string;
  sdkVersion: string;
}

function readJson(file: string): { name: string; version: string } {
  return JSON.parse(fs.readFileSync(file, "utf8")) as { name: string; version: string };
}

function packagedSubject(projectDir: string): PackagedSubject {
  const project = path.resolve(projectDir);
  const { name } = readJson(path.join(REPO_ROOT, "package.json"));
  const packageDir = path.join(project, "node_modules", name);
  const sdkDir = path.join(project, "node_modules", "@pulumi", "pulumi");
  for (const dir of [packageDir, sdkDir]) {
    if (!fs.existsSync(path.join(dir, "package.json"))) {
      throw new Error(`${PROJECT_ENV}=${projectDir}: ${dir} is not installed (npm run test:current-pulumi)`);
    }
  }
  return {
    project,
    packageDir,
    packageVersion: readJson(path.join(packageDir, "package.json")).version,
    sdkDir,
    sdkVersion: readJson(path.join(sdkDir, "package.json")).version,
  };
}

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const Module = require("module") as { _resolveFilename: ResolveFilename };

function redirect(subject: PackagedSubject): void {
  const sources = path.join(REPO_ROOT, "provider") + path.sep;
  const compiled = path.join(subject.packageDir, "dist", "provider");
  const ownSdk = path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi") + path.sep;
  const original = Module._resolveFilename;
  Module._resolveFilename = function (this: unknown, request, parent, isMain, options) {
    const sdkRequest = request === "@pulumi/pulumi" || request.startsWith("@pulumi/pulumi/");
    const filename = sdkRequest
      ? original.call(this, request, parent, isMain, { paths: [subject.project] })
      : original.call(this, request, parent, isMain, options);
    if (filename.startsWith(sources)) {
      const relative = path.relative(sources, filename).replace(/\.ts$/, ".js");
      const target = path.join(compiled, relative);
      if (!fs.existsSync(target)) {
        throw new Error(`${filename} has no counterpart in the installed package (${target} is missing)`);
      }
      return target;
    }
    if (filename.startsWith(ownSdk)) {
      throw new Error(`${filename}: this repository's @pulumi/pulumi was loaded beside ${subject.sdkDir}`);
    }
    return filename;
  };
}

/** The package under test when the tests run against an install of it; undefined when they run the sources. */
export const PACKAGED: PackagedSubject | undefined = process.env[PROJECT_ENV]
  ? packagedSubject(process.env[PROJECT_ENV])
  : undefined;

if (PACKAGED !== undefined) {
  redirect(PACKAGED);
  console.log(
    `tests run against the installed package ${path.relative(PACKAGED.project, PACKAGED.packageDir)} ` +
      `${PACKAGED.packageVersion} with @pulumi/pulumi ${PACKAGED.sdkVersion} on Node ${process.version} ` +
      `(${PACKAGED.project})`,
  );
}
