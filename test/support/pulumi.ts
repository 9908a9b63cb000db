// The real Pulumi CLI for tests: a stack per scenario, driven through the Automation API with inline programs.
//
// The CLI is .tools/bin/pulumi (`npm run install-pulumi`). The Node language host cannot be built here (see
// scripts/install-pulumi.ts), so programs run inline: the Automation API serves the program from this process
// and starts `pulumi up --client=<address>`; everything else (the engine, the state, the dynamic-provider
// host `pulumi-resource-pulumi-nodejs`, checkpoints, the console output) is the real CLI's.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  type EngineEvent,
  LocalWorkspace,
  type OpMap,
  PulumiCommand,
  type Stack,
} from "@pulumi/pulumi/automation";
import { PULUMI_BIN, PULUMI_CLI_VERSION, TOOLS_BIN } from "../../scripts/install-pulumi";
import { SDK_NODE_MODULES } from "../../scripts/stack";
import { emulatorEnv } from "./world";

export { PULUMI_BIN, PULUMI_CLI_VERSION, TOOLS_BIN };

/** Settings every CLI run of the tests gets: no prompt, no update check, no plugin download, no SDK banner. */
export function cliEnv(emulatorUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...emulatorEnv(emulatorUrl),
    PATH: `${TOOLS_BIN}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    // The AWS SDK warns once per process on Node 20 that its 2027 releases need Node 22; the warning would
    // land in every stack's diagnostics and in the CLI output the tests compare.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extra,
  };
}

/** Fails with what to run when the CLI is missing, so no real-engine test is ever skipped silently. */
export function assertPulumiInstalled(): void {
  if (!fs.existsSync(PULUMI_BIN)) {
    throw new Error(
      `the Pulumi CLI is not at ${PULUMI_BIN}: run \`npm run install-pulumi\` (needs Go) first`,
    );
  }
}

/** What one CLI operation did: its console text, its engine events, its summary; `error` when it failed. */
export interface Run {
  ok: boolean;
  /** What the CLI printed (stdout and stderr, no colour): what a user or a CI log sees. */
  output: string;
  events: EngineEvent[];
  /** The summary event's counts (`{ create: 1, same: 2 }`), `{}` when the run ended before it. */
  changes: OpMap;
  error?: Error;
}

export interface Step {
  op: string;
  /** The resource's name (the last URN segment). */
  name: string;
  urn: string;
  type: string;
  diffs?: string[];
}

/** * The steps the engine announced (resourcePreEvent), in order, without the stack and provider resources. */
export function steps(run: Run): Step[] {
  return run.events.flatMap((e) => {
    const m = e.resourcePreEvent?.metadata;
    if (m === undefined || m.type.startsWith("pulumi:")) return [];
    return [{ op: m.op, name: m.urn.split("::").pop() ?? "", urn: m.urn, type: m.type, diffs: m.diffs }];
  });
}

/** `op name` of each announced step, sorted: a readable assertion target. */
export function stepList(run: Run): string[] {
  return steps(run)
    .map((s) => `${s.op} ${s.name}`)
    .sort();
}

/** Error diagnostics' texts, as the CLI reports them per resource. */
export function errors(run: Run): string[] {
  return run.events.flatMap((e) =>
    e.diagnosticEvent?.severity === "error" ? [e.diagnosticEvent.message.trim()] : [],
  );
}

/** A Pulumi program: what it returns (or resolves to) becomes the stack's outputs. */
export type Program = () => unknown;

export interface CliStackOptions {
  /** The emulator the provider talks to. */
  emulatorUrl: string;
  program: Program;
  project?: string;
  stack?: string;
  /** More environment for the CLI and so for the dynamic-provider host. */
  env?: Record<string, string>;
  /** node_modules the dynamic-provider host resolves @pulumi/pulumi from (default: the SDK this process runs). */
  nodeModules?: string;
}

/** The console text of runs a scenario made, kept per scenario for a failure message. */
function collect(into: string[]): (text: string) => void {
  return (text) => into.push(text);
}

/**
 * One stack of the real CLI: its own work directory, file backend and PULUMI_HOME under the OS temp
 * directory, removed by `dispose`. The program can be swapped between operations (`program = ...`).
 */
export class CliStack {
  readonly dir: string;
  readonly backendDir: string;
  program: Program;
  /** Everything every run printed, in order. */
  readonly transcript: string[] = [];
  private constructor(
    readonly stack: Stack,
    readonly project: string,
    dir: string,
    program: Program,
    readonly env: Record<string, string>,
  ) {
    this.dir = dir;
    this.backendDir = path.join(dir, "state");
    this.program = program;
  }

  static async create(options: CliStackOptions): Promise<CliStack> {
    assertPulumiInstalled();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-stack-"));
    const backendDir = path.join(dir, "state");
    const workDir = path.join(dir, "work");
    fs.mkdirSync(backendDir);
    fs.mkdirSync(workDir);
    const project = options.project ?? "proj";
    const env = cliEnv(options.emulatorUrl, {
      PULUMI_HOME: path.join(dir, "home"),
      // The plugin script resolves @pulumi/pulumi from its working directory, which is this temp folder.
      NODE_PATH: options.nodeModules ?? SDK_NODE_MODULES,
      ...options.env,
    });
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(TOOLS_BIN), skipVersionCheck: true });
    const holder: { stack?: CliStack } = {};
    const stack = await LocalWorkspace.createOrSelectStack(
      {
        stackName: options.stack ?? "dev",
        projectName: project,
        program: async () => holder.stack!.program() as Record<string, unknown> | void,
      },
      {
        workDir,
        pulumiCommand,
        envVars: env,
        projectSettings: { name: project, runtime: "nodejs", backend: { url: `file://${backendDir}` } },
      },
    );
    holder.stack = new CliStack(stack, project, dir, options.program, env);
    return holder.stack;
  }

  private async run(
    what: string,
    op: (hooks: RunHooks) => Promise<{ summary?: { resourceChanges?: OpMap } } | { changeSummary: OpMap }>,
  ): Promise<Run> {
    const first = await this.runOnce(what, op);
    // On a loaded 2-core machine the inline program's gRPC channel to the engine can time out before the
    // program registers anything ("14 UNAVAILABLE: No connection established"). Nothing ran then, so the
    // operation is run once more; any other failure, or one after a resource step, is returned as it is.
    const stalled =
      !first.ok &&
      /14 UNAVAILABLE: No connection established/.test(first.output) &&
      !first.events.some((e) => e.resourcePreEvent?.metadata.type.startsWith("pulumi:") === false);
    return stalled ? this.runOnce(`${what} (again: the program could not reach the engine)`, op) : first;
  }

  private async runOnce(
    what: string,
    op: (hooks: RunHooks) => Promise<{ summary?: { resourceChanges?: OpMap } } | { changeSummary: OpMap }>,
  ): Promise<Run> {
    const chunks: string[] = [];
    const events: EngineEvent[] = [];
    const hooks: RunHooks = { onOutput: collect(chunks), onEvent: (e) => events.push(e), color: "never" };
    let changes: OpMap = {};
    let error: Error | undefined;
    try {
      const result = await op(hooks);
      changes = "changeSummary" in result ? result.changeSummary : (result.summary?.resourceChanges ?? {});
    } catch (e) {
      error = e as Error;
      const summary = events.find((ev) => ev.summaryEvent)?.summaryEvent;
      changes = summary?.resourceChanges ?? {};
      const stderr = (e as { commandResult?: { stderr?: string } }).commandResult?.stderr;
      if (stderr) chunks.push(stderr);
    }
    const output = chunks.join("");
    this.transcript.push(`--- ${what}\n${output}`);
    return { ok: error === undefined, output, events, changes, error };
  }

  up(opts: UpExtras = {}): Promise<Run> {
    const { onEvent, ...rest } = opts;
    return this.run("up", (hooks) =>
      this.stack.up({
        ...hooks,
        ...rest,
        onEvent: (e) => {
          hooks.onEvent(e);
          onEvent?.(e);
        },
      }),
    );
  }

  preview(opts: UpExtras = {}): Promise<Run> {
    return this.run("preview", (hooks) => this.stack.preview({ ...hooks, ...opts }));
  }

  refresh(opts: { expectNoChanges?: boolean; clearPendingCreates?: boolean } = {}): Promise<Run> {
    return this.run("refresh", (hooks) => this.stack.refresh({ ...hooks, ...opts }));
  }

  destroy(opts: { target?: string[] } = {}): Promise<Run> {
    return this.run("destroy", (hooks) => this.stack.destroy({ ...hooks, ...opts }));
  }

  /** Runs another CLI command on this stack (`state delete`, `stack import`, ...); throws when it fails. */
  async cli(args: string[], input?: string): Promise<{ stdout: string; stderr: string }> {
    const full = [...args, "--stack", this.stack.name, "--non-interactive"];
    const result = spawnSync(PULUMI_BIN, full, {
      cwd: this.stack.workspace.workDir,
      env: { ...process.env, ...this.env },
      encoding: "utf8",
      input,
    });
    this.transcript.push(`--- pulumi ${full.join(" ")}\n${result.stdout}${result.stderr}`);
    if (result.status !== 0) {
      throw new Error(`pulumi ${full.join(" ")} failed (exit ${result.status}): ${result.stderr.trim()}`);
    }
    return { stdout: result.stdout, stderr: result.stderr };
  }

  /** The checkpoint as the backend stores it (the file a user would find under .pulumi/stacks). */
  checkpointText(): string {
    const file = path.join(this.backendDir, ".pulumi", "stacks", this.project, `${this.stack.name}.json`);
    return fs.readFileSync(file, "utf8");
  }

  /** The operations the engine recorded as started and not finished (left by a killed CLI). */
  pendingOperations(): { type: string; resource: { urn: string } }[] {
    const checkpoint = JSON.parse(this.checkpointText()) as {
      checkpoint?: { latest?: { pending_operations?: { type: string; resource: { urn: string } }[] } };
    };
    return checkpoint.checkpoint?.latest?.pending_operations ?? [];
  }

  /** Every file the backend wrote (checkpoints, backups, history), concatenated: where a secret must not be. */
  backendText(): string {
    const texts: string[] = [];
    const walk = (d: string): void => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, entry.name);
        if (entry.isDirectory()) walk(p);
        else texts.push(fs.readFileSync(p, "utf8"));
      }
    };
    walk(this.backendDir);
    return texts.join("\n");
  }

  /** The resources in the stack's state (exported deployment), without the stack and provider resources. */
  async resources(): Promise<StateResource[]> {
    const deployment = await this.stack.exportStack();
    const resources = (deployment.deployment as { resources?: StateResource[] }).resources ?? [];
    return resources.filter((r) => !r.type.startsWith("pulumi:"));
  }

  async dispose(): Promise<void> {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  pendingReplacement?: boolean;
  parent?: string;
}

interface RunHooks {
  onOutput: (text: string) => void;
  onEvent: (event: EngineEvent) => void;
  color: "never";
}

export interface UpExtras {
  /** Sees every engine event as it arrives (the run collects them all as well). */
  onEvent?: (event: EngineEvent) => void;
  expectNoChanges?: boolean;
  refresh?: boolean;
  target?: string[];
  replace?: string[];
  parallel?: number;
  diff?: boolean;
}
