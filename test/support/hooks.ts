// Root hooks for every spec: tests may only reach loopback addresses, and the run leaves no temporary files.
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { removeTempDirs } from "./tempDirs";

const originalConnect = net.Socket.prototype.connect;
function isLoopback(host: string | undefined): boolean {
  if (host === undefined || host === "") return true; // Node defaults to localhost
  return host === "localhost" || host === "::1" || /^127\./.test(host) || host === "::ffff:127.0.0.1";
}
(net.Socket.prototype as any).connect = function (this: net.Socket, ...args: any[]) {
  const first = args[0];
  let host: string | undefined;
  if (typeof first === "object" && first !== null && !Array.isArray(first)) {
    if ("path" in first && first.path) return originalConnect.apply(this, args as never);
    host = first.host;
  } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    host = typeof args[1] === "string" ? args[1] : undefined;
  } else if (typeof first === "string") {
    return originalConnect.apply(this, args as never); // unix socket path
  }
  if (!isLoopback(host)) {
    throw new Error(`test tried to reach non-loopback address ${host}: tests may only reach 127.0.0.1`);
  }
  return originalConnect.apply(this, args as never);
};

// The run's own temp folder: TMPDIR is set before any spec loads, so this process and every child it starts
// (emulators, the Pulumi CLI, its plugins, npm) make their temporary files there. Other runs on the same machine
// use folders of their own, so what is left in this one at the end was left by this run.
const RUN_TMPDIR = fs.mkdtempSync(path.join(os.tmpdir(), "link-tests-"));
process.env.TMPDIR = RUN_TMPDIR;
const presentBefore = new Set(fs.readdirSync(RUN_TMPDIR));
// Caches that tools keep in the temp folder for every process, not files a test made: ts-node's compile cache
// (v8-compile-cache-lib) in each child that loads TypeScript. They go with the run's folder.
const TOOL_CACHES = [/^v8-compile-cache-\d+$/];

/** What is in the run's temp folder now and was not when the run started, tools' caches aside. */
function leftInTmp(): string[] {
  return fs
    .readdirSync(RUN_TMPDIR)
    .filter((name) => !presentBefore.has(name) && !TOOL_CACHES.some((re) => re.test(name)))
    .sort();
}

export const mochaHooks = {
  afterAll(): void {
    removeTempDirs();
    const left = leftInTmp();
    fs.rmSync(RUN_TMPDIR, { recursive: true, force: true });
    if (left.length > 0) {
      throw new Error(
        `the run left ${left.length} temporary file(s) behind (removed now; remove them where they are made: ` +
          `tempDir from test/support/tempDirs.ts, or an after hook): ${left.join(", ")}`,
      );
    }
  },
};
