// `npm start` / `npm run preview` / `npm run destroy`: the quickstart stack against a local Cognito emulator.
//
//   ts-node scripts/stack.ts up|preview|destroy
//
// 1. finds the Pulumi CLI: .tools/bin/pulumi (`npm run install-pulumi`), else $PULUMI, else `pulumi` on PATH;
//    with none and Go installed, builds it (install-pulumi); with neither, says how to install it;
// 2. starts the emulator (emulator/cli.ts, seeded from examples/quickstart/seed.json, state kept in
//    .emulator-state/quickstart.json so the next run sees the links it made) and reads its address;
// 3. runs the quickstart program (examples/quickstart/program.ts) as an Automation API inline program on the
//    stack `dev` of the root Pulumi.yaml, with a local file backend in .pulumi/, an empty passphrase, and AWS
//    settings that can only reach the emulator; the CLI's own output streams to the terminal;
// 4. says what it did (links, where the state is), stops the emulator and exits 0, or 1 when pulumi failed.
//
// Inline, because the Node language host (pulumi-language-nodejs) is a separate binary that machines with only
// package registries cannot build (scripts/install-pulumi.ts); with a usual CLI install, `pulumi up` in the
// repository root runs the same program through Pulumi.yaml.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { type SpawnedEmulator, spawnEmulator } from "../emulator";
import { findPulumi, TOOLS_BIN } from "./install-pulumi";

const ROOT = path.resolve(__dirname, "..");
export const STACK = "dev";
export const PROJECT = "cognito-links-quickstart";
export const ACTIONS = ["up", "preview", "destroy"] as const;
export type Action = (typeof ACTIONS)[number];
/**
 * The node_modules folder holding the @pulumi/pulumi this process runs the program with (this repository's, or
 * a scratch install's when the tests run against one): the dynamic-provider host must resolve the same SDK.
 */
export const SDK_NODE_MODULES = path.resolve(
  path.dirname(require.resolve("@pulumi/pulumi/package.json")),
  "../..",
);

const INSTALL_HELP = `The Pulumi CLI (pulumi) was not found. Install it, then run this again:
  curl -fsSL https://get.pulumi.com | sh     (Linux, macOS)
  brew install pulumi/tap/pulumi             (macOS with Homebrew)
  https://www.pulumi.com/docs/iac/download-install/   (every platform)
Or set PULUMI to the path of the pulumi executable, or, with Go installed, run \`npm run install-pulumi\`.`;

/** The quickstart's emulator arguments: seeded, with its state kept in `stateFile` between runs. */
export function emulatorArgs(stateFile: string): string[] {
  return ["--seed", "examples/quickstart/seed.json", "--state", stateFile];
}

/** The environment pulumi runs with: a local backend and AWS settings that can only reach the emulator. */
function pulumiEnv(base: NodeJS.ProcessEnv, emulatorUrl: string, backendDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  Object.assign(env, {
    PATH: `${TOOLS_BIN}${path.delimiter}${base.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: emulatorUrl,
    AWS_ACCESS_KEY_ID: "quickstart",
    AWS_SECRET_ACCESS_KEY: "quickstart",
    AWS_REGION: "us-east-1",
    // The AWS SDK's notice that its 2027 releases need Node 22 would land in every run's diagnostics on Node 20.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  // Nothing of a real AWS login may mix with the dummy keys.
  for (const name of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"])
    delete env[name];
  // The dynamic-provider plugin resolves @pulumi/pulumi from the project folder, which may be elsewhere.
  env.NODE_PATH = [SDK_NODE_MODULES, base.NODE_PATH].filter(Boolean).join(path.delimiter);
  return env;
}

export interface Options {
  env?: NodeJS.ProcessEnv;
  backendDir?: string;
  stateFile?: string;
  /** Where the CLI's output and this script's report go (the terminal by default). */
  write?: (text: string) => void;
  /** The pulumi to look for first (tests point it at nothing to see the missing-CLI path). */
  toolsBin?: string;
  /** The project folder (default: the repository root and its Pulumi.yaml). Its Pulumi.dev.yaml is written. */
  workDir?: string;
}

async function report(action: Action, stack: Stack, backendDir: string, write: (text: string) => void) {
  const where = `state: ${path.relative(ROOT, backendDir) || "."}/ (Pulumi, stack ${STACK}), .emulator-state/ (Cognito emulator)`;
  if (action === "destroy") {
    write(`\nquickstart: every link of stack ${STACK} removed; ${where}\n`);
    return;
  }
  if (action === "preview") {
    write(`\nquickstart: preview only, nothing changed; ${where}\n`);
    return;
  }
  const outputs = await stack.outputs();
  const ids = (outputs.linkIds?.value ?? {}) as Record<string, string>;
  const lines = Object.entries(ids).map(([name, id]) => `  ${name}  ${id}`);
  write(
    `\nquickstart: ${lines.length} links in pool ${String(outputs.userPoolId?.value)}:\n${lines.join("\n")}\n${where}\n`,
  );
}

/**
 * The pulumi executable (findPulumi), built with Go when there is none, Go is installed and the caller did not
 * name its own place to look; undefined when there is still none.
 */
function pulumiOrBuild(
  env: NodeJS.ProcessEnv,
  toolsBin: string | undefined,
  write: (text: string) => void,
): string | undefined {
  const found = findPulumi(env, toolsBin);
  const canBuild = found === undefined && toolsBin === undefined && spawnSync("go", ["version"]).status === 0;
  if (!canBuild) return found;
  write("quickstart: no Pulumi CLI found; building it with Go (npm run install-pulumi)\n");
  const built = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "scripts/install-pulumi.ts"],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
  return built.status === 0 ? findPulumi(env) : undefined;
}

/** The quickstart's emulator, seeded, its state kept in `stateFile`; says where it listens. */
async function startQuickstartEmulator(
  env: NodeJS.ProcessEnv,
  stateFile: string,
  write: (text: string) => void,
): Promise<SpawnedEmulator> {
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  // Its own process group: a Ctrl-C in the terminal reaches pulumi (which then cancels cleanly) but not the
  // emulator pulumi is still talking to.
  const emulator = await spawnEmulator(emulatorArgs(stateFile), {
    env,
    detached: true,
    stderr: "inherit",
    startTimeoutMs: 60_000,
  });
  write(`Cognito emulator listening on ${emulator.url} (state: ${path.relative(ROOT, stateFile)})\n`);
  return emulator;
}

/** The stack `dev` running the quickstart program inline with `pulumi`, against the emulator at `emulatorUrl`. */
async function quickstartStack(
  pulumi: string,
  workDir: string,
  env: NodeJS.ProcessEnv,
  emulatorUrl: string,
  backendDir: string,
): Promise<Stack> {
  const pulumiCommand = await PulumiCommand.get({ root: cliRoot(pulumi, workDir) });
  // Loaded here, not at the top: the program module registers resources only when called.
  const { quickstart } = await import("../examples/quickstart/program");
  return LocalWorkspace.createOrSelectStack(
    {
      stackName: STACK,
      projectName: PROJECT,
      program: async () => {
        const q = quickstart();
        return { userPoolId: q.userPoolId, linkIds: q.linkIds };
      },
    },
    // workDir is the root, so the project is the root Pulumi.yaml's, read and never rewritten.
    { workDir, pulumiCommand, envVars: pulumiEnv(env, emulatorUrl, backendDir) },
  );
}

/**
 * The root PulumiCommand wants: it always runs `<root>/bin/pulumi`. A CLI elsewhere (a tarball's `pulumi/pulumi`,
 * a $PULUMI of any name) is reached through a link in .pulumi/cli/bin.
 */
function cliRoot(pulumi: string, workDir: string): string {
  if (path.basename(pulumi) === "pulumi" && path.basename(path.dirname(pulumi)) === "bin") {
    return path.dirname(path.dirname(pulumi));
  }
  const root = path.join(workDir, ".pulumi", "cli");
  fs.mkdirSync(path.join(root, "bin"), { recursive: true });
  fs.rmSync(path.join(root, "bin", "pulumi"), { force: true });
  fs.symlinkSync(path.resolve(pulumi), path.join(root, "bin", "pulumi"));
  return root;
}

/** Runs `action` on the stack, the CLI's output streamed to `write`; false, its error written, when it failed. */
async function runAction(stack: Stack, action: Action, write: (text: string) => void): Promise<boolean> {
  const hooks = { onOutput: write, color: "auto" as const };
  try {
    if (action === "up") await stack.up(hooks);
    else if (action === "preview") await stack.preview(hooks);
    else await stack.destroy(hooks);
    return true;
  } catch (error) {
    write(
      `\n${(error as { commandResult?: { stderr?: string } }).commandResult?.stderr ?? (error as Error).message}\n`,
    );
    return false;
  }
}

function isAction(action: string | undefined): action is Action {
  return ACTIONS.includes(action as Action);
}

/** Runs one action and resolves with the exit code. */
export async function main(action: string | undefined, options: Options = {}): Promise<number> {
  const env = options.env ?? process.env;
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const backendDir = options.backendDir ?? path.join(ROOT, ".pulumi");
  const stateFile = options.stateFile ?? path.join(ROOT, ".emulator-state", "quickstart.json");
  if (!isAction(action)) {
    write(`usage: ts-node scripts/stack.ts ${ACTIONS.join("|")}\n`);
    return 2;
  }
  const pulumi = pulumiOrBuild(env, options.toolsBin, write);
  if (pulumi === undefined) {
    write(`${INSTALL_HELP}\n`);
    return 1;
  }

  fs.mkdirSync(backendDir, { recursive: true });
  const emulator = await startQuickstartEmulator(env, stateFile, write);
  // Ctrl-C also reaches pulumi, which cancels cleanly; this script waits for it and then stops the emulator.
  const ignore = (): void => {};
  process.on("SIGINT", ignore);
  try {
    const stack = await quickstartStack(pulumi, options.workDir ?? ROOT, env, emulator.url, backendDir);
    if (!(await runAction(stack, action, write))) return 1;
    await report(action, stack, backendDir, write);
    return 0;
  } finally {
    process.off("SIGINT", ignore);
    await emulator.stop();
  }
}

if (require.main === module) {
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
