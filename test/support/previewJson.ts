// `pulumi preview --json --event-log FILE` of an inline program, run by the real CLI: what a pipeline captures.
//
// The Automation API has no flag for `--json`, so this does what its `Stack.preview()` does internally: it
// serves the program from this process (a LanguageServer on a gRPC server bound to 127.0.0.1:0) and starts
// the CLI with `--client=<address> --exec-kind auto.inline` in the stack's work directory with its
// environment. The child is spawned asynchronously: the program runs in this process while the CLI waits.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { type CliStack, type Program, PULUMI_BIN } from "./pulumi";

// Neither module has type declarations (server.d.ts is empty): required, with the little used here typed.
const { LanguageServer } = require("@pulumi/pulumi/automation/server") as {
  LanguageServer: new (program: () => Promise<unknown>) => { onPulumiExit(hasError: boolean): void };
};
const langrpc = require("@pulumi/pulumi/proto/language_grpc_pb") as {
  LanguageRuntimeService: grpc.ServiceDefinition;
};

export interface JsonPreview {
  /** The CLI's exit code (0: the preview succeeded; 255: it reported errors). */
  status: number | null;
  /** What `--json` printed: one JSON document. */
  json: string;
  /** The `--event-log` file's text: one engine event per line. */
  eventLog: string;
  stderr: string;
}

/**
 * Runs `pulumi preview --json --event-log <file>` on the stack with its current program (or `program`), and
 * returns both outputs. Extra CLI arguments (`--show-sames`, `--target`, ...) go in `args`, more environment in `env`.
 */
export async function previewJson(
  stack: CliStack,
  options: { program?: Program; args?: string[]; env?: Record<string, string> } = {},
): Promise<JsonPreview> {
  const program = options.program ?? stack.program;
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  const languageServer = new LanguageServer(async () => program() as Record<string, unknown> | void);
  server.addService(
    langrpc.LanguageRuntimeService,
    languageServer as unknown as grpc.UntypedServiceImplementation,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const logFile = path.join(stack.dir, `events-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const args = [
    "preview",
    "--json",
    "--event-log",
    logFile,
    `--client=127.0.0.1:${port}`,
    "--exec-kind",
    "auto.inline",
    "--stack",
    stack.stack.name,
    "--non-interactive",
    ...(options.args ?? []),
  ];
  let status: number | null = null;
  let stdout = "";
  let stderr = "";
  try {
    const child = spawn(PULUMI_BIN, args, {
      cwd: stack.stack.workspace.workDir,
      // `--event-log` is one of the flags the CLI shows only with PULUMI_DEBUG_COMMANDS (the Automation API sets it).
      env: { ...process.env, ...stack.env, PULUMI_DEBUG_COMMANDS: "true", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    status = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => resolve(code));
    });
  } finally {
    languageServer.onPulumiExit(status !== 0);
    server.forceShutdown();
  }
  const eventLog = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
  fs.rmSync(logFile, { force: true });
  stack.transcript.push(`--- pulumi ${args.join(" ")} (exit ${status})\n${stderr}`);
  return { status, json: stdout, eventLog, stderr };
}
