// The emulator as a child process, started as users start it (emulator/cli.ts): for tests, the bench and scripts.
import { type ChildProcess, spawn } from "child_process";
import * as path from "path";
import { type EmulatorControl, emulatorControl } from "./control";

/** The repository root: the emulator runs from there, so that `-r ts-node/register` resolves. */
const ROOT = path.resolve(__dirname, "..");
const CLI = path.join("emulator", "cli.ts");
/** The one line the CLI prints once it accepts requests (emulator/cli.ts). */
const LISTENING = /^Cognito emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/m;
/** How long `stop()` waits after its signal before it kills the process. */
const STOP_GRACE_MS = 10_000;

export interface SpawnOptions {
  /** The child's environment; default this process's. */
  env?: NodeJS.ProcessEnv;
  /**
   * A process group of its own, so that a Ctrl-C in the terminal does not reach it (scripts/stack.ts lets
   * pulumi, which still talks to the emulator, cancel first).
   */
  detached?: boolean;
  /** Where the child's stderr goes: kept for `output()` (the default), or this process's stderr. */
  stderr?: "pipe" | "inherit";
  /** How long the emulator may take to print its listening line; default 20 s. */
  startTimeoutMs?: number;
}

export interface SpawnedEmulator extends EmulatorControl {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** The child process, for tests of signals and exit codes. */
  child: ChildProcess;
  /** Everything the process wrote to stdout / stderr so far (stderr stays empty when it is inherited). */
  output(): { stdout: string; stderr: string };
  /**
   * Sends `signal` (SIGTERM by default) and waits for the exit, killing the process if it has not ended
   * within 10 s; resolves to the exit code (null if it ended by a signal).
   */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Children still running; they go when this process exits, however it exits. */
const running = new Set<ChildProcess>();
function killRunning(): void {
  for (const child of running) child.kill("SIGTERM");
}

function cliProcess(args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", CLI, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", options.stderr ?? "pipe"],
    env: { ...(options.env ?? process.env) },
    detached: options.detached ?? false,
  });
  if (running.size === 0) process.on("exit", killRunning);
  running.add(child);
  child.once("exit", () => {
    running.delete(child);
    if (running.size === 0) process.off("exit", killRunning);
  });
  return child;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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

/** Collects what the child writes; stdout and stderr both, when they are piped. */
function capture(child: ChildProcess): () => { stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return () => ({ stdout, stderr });
}

/**
 * Starts `emulator/cli.ts --port 0 ...args` (e.g. `["--seed", file, "--quotas", "aws"]`) and resolves once
 * it printed its listening line.
 */
export async function spawnEmulator(
  args: readonly string[] = [],
  options: SpawnOptions = {},
): Promise<SpawnedEmulator> {
  const child = cliProcess(["--port", "0", ...args], options);
  const output = capture(child);
  const timeoutMs = options.startTimeoutMs ?? 20_000;

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    };
    const fail = (message: string): void => {
      done();
      child.kill("SIGKILL");
      const { stderr } = output();
      reject(new Error(`the Cognito emulator ${message}${stderr === "" ? "" : `; stderr: ${stderr}`}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    const onData = (): void => {
      const found = LISTENING.exec(output().stdout);
      if (found === null) return;
      done();
      resolve(found);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`exited (${signal ?? `code ${code}`}) before it was listening`);
    const onError = (error: Error): void => fail(`could not be started: ${error.message}`);
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
  const url = match[1] ?? "";
  return {
    ...emulatorControl(url),
    url,
    port: Number(match[2]),
    child,
    output,
    stop: async (signal = "SIGTERM") => {
      const done = exited(child);
      if (child.exitCode !== null || child.signalCode !== null) return done;
      child.kill(signal);
      const force = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      try {
        return await done;
      } finally {
        clearTimeout(force);
      }
    },
  };
}

/** Runs the CLI to completion (for start-up failures); kills it after `timeoutMs` if it keeps running. */
export async function runEmulatorCli(
  args: readonly string[],
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = cliProcess(args, {});
  const output = capture(child);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await exited(child);
  clearTimeout(timer);
  return { code, ...output() };
}
