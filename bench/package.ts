// The package as users get it, for the benches: built, then installed into a scratch node_modules.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../test/support/paths";
import type { UserProviderLinkClass } from "./cli";

const PACKAGE = "pulumi-cognito-user-provider-link";

/**
 * Installs the built package into `<dir>/node_modules`, as users get it: the serialized provider then
 * `require`s our modules from there instead of carrying them by value (a few KB per resource instead of
 * tens), which is what a user's state and every check/diff message carry.
 */
export function installPackage(dir: string): { UserProviderLink: UserProviderLinkClass; nodePath: string } {
  // The compiler's output is progress: stderr, like the rest (stdout carries only the results).
  execFileSync("npm", ["run", "--silent", "build"], { cwd: REPO_ROOT, stdio: ["ignore", 2, 2] });
  const nodePath = path.join(dir, "node_modules");
  const target = path.join(nodePath, PACKAGE);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(target, "package.json"));
  fs.cpSync(path.join(REPO_ROOT, "dist", "provider"), path.join(target, "dist", "provider"), {
    recursive: true,
  });
  return { UserProviderLink: (require(target) as typeof import("../provider")).UserProviderLink, nodePath };
}

/** NODE_PATH for the dynamic-provider host: the installed package first, then the repository's @pulumi/pulumi. */
export function hostNodePath(nodePath: string): string {
  return [nodePath, path.join(REPO_ROOT, "node_modules")].join(path.delimiter);
}
