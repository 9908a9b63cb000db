// Test helpers that run the emulator CLI as a real child process, as users run it.
import { type ChildProcess, spawn } from "child_process";
import * as path from "path";
import type { Stats } from "../../emulator/tooling/stats";

export const REPO_ROOT = path.resolve(__dirname, "../..");
const LISTENING = /^Cognito emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/m;
const START_TIMEOUT_MS = 20_000;

export interface SpawnedEmulator {
  url: string;
  port: number;
  /** The child process, for tests of signals and exit codes. */
  child: ChildProcess;
  /** Everything the process wrote to stdout / stderr so far. */
  output(): { stdout: string; stderr: string };
  /** SIGTERM, then waits for the exit; resolves to the exit code (null if killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  stats(): Promise<Stats>;
  resetStats(): Promise<void>;
}

function cliProcess(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "emulator/cli.ts", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env },
  });
}

/** Resolves once the process ended and its output streams are drained ("close", not "exit"). */
function exited(child: ChildProcess): Promise<number | null> {
  const closed = new Promise<number | null>((resolve) =>
    child.once("close", (code: number | null) => resolve(code)),
  );
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.race([closed, sleep(1000).then(() => child.exitCode)])
    : closed;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts `emulator/cli.ts --port 0 ...args` and resolves once it printed its listening line. */
export async function spawnEmulator(args: readonly string[] = []): Promise<SpawnedEmulator> {
  const child = cliProcess(["--port", "0", ...args]);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the emulator did not start within ${START_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, START_TIMEOUT_MS);
    const onData = (): void => {
      const found = LISTENING.exec(stdout);
      if (found === null) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      resolve(found);
    };
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited with code ${code} before listening; stderr: ${stderr}`));
    };
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
  const url = match[1] ?? "";
  return {
    url,
    port: Number(match[2]),
    child,
    output: () => ({ stdout, stderr }),
    stop: async (signal = "SIGTERM") => {
      const done = exited(child);
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return done;
    },
    stats: async () => {
      const response = await fetch(`${url}/_emulator/stats`);
      if (!response.ok) throw new Error(`GET /_emulator/stats answered ${response.status}`);
      return (await response.json()) as Stats;
    },
    resetStats: async () => {
      const response = await fetch(`${url}/_emulator/stats/reset`, { method: "POST" });
      if (!response.ok) throw new Error(`POST /_emulator/stats/reset answered ${response.status}`);
    },
  };
}

/** Runs the CLI to completion (for start-up failures); kills it after `timeoutMs` if it keeps running. */
export async function runEmulatorCli(
  args: readonly string[],
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = cliProcess(args);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await exited(child);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/**
 * The emulator's simulated federated sign-in (`POST /_emulator/sign-in`): a linked identity signs in as its
 * destination, an unlinked one gets its own user. Fails unless the emulator answers 200; resolves to its answer.
 */
export async function signIn(
  url: string,
  poolId: string,
  providerName: string,
  value: string,
): Promise<{ Username: string; Linked: boolean; Created: boolean }> {
  const res = await fetch(`${url}/_emulator/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ UserPoolId: poolId, ProviderName: providerName, ProviderAttributeValue: value }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST /_emulator/sign-in answered ${res.status}: ${text}`);
  return JSON.parse(text) as { Username: string; Linked: boolean; Created: boolean };
}
