// The bench through the real Pulumi CLI (.tools/bin/pulumi), driven by the Automation API with inline programs.
import * as fs from "fs";
import * as path from "path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { CliStack, type Run } from "../test/support/pulumi";
import { calls } from "../test/support/requests";
import type { SpawnedEmulator } from "../emulator";
import { NaiveLink } from "./naive";
import { readProbe, type HostFigures } from "./probe";

const PROBE = path.join(__dirname, "host-probe.js");

export interface LinkPlan {
  pool: string;
  links: number;
  userOf(i: number): string;
  subjectOf(i: number): string;
}

export type UserProviderLinkClass = typeof import("../provider").UserProviderLink;

export interface OpFigures {
  ok: boolean;
  seconds: number;
  /** Requests the emulator answered during the operation. */
  calls: number;
  /** Per operation and outcome, as the emulator counted them. */
  operations: Record<string, Record<string, number>>;
  host: HostFigures;
  /** Resource-level error diagnostics (each a failed resource), or 1 for a run that failed without one. */
  failures: number;
  changes: Record<string, number>;
  /** The first error the CLI reported, for the log. */
  error?: string;
}

/** Error diagnostics that name a resource: one per failed step. */
function failedResources(events: EngineEvent[]): string[] {
  return events.flatMap((e) =>
    e.diagnosticEvent?.severity === "error" && e.diagnosticEvent.urn
      ? [e.diagnosticEvent.message.trim()]
      : [],
  );
}

/**
 * Runs one CLI operation with the host probe writing to its own file, counting the emulator's requests. The
 * environment of the workspace is the CLI's environment for the next command, so the probe file is set there.
 */
async function measure(
  stack: CliStack,
  emu: SpawnedEmulator,
  dir: string,
  label: string,
  op: () => Promise<Run>,
): Promise<OpFigures> {
  const probeFile = path.join(dir, `probe-${label}.jsonl`);
  fs.rmSync(probeFile, { force: true });
  const workspace = stack.stack.workspace as unknown as { envVars: Record<string, string> };
  workspace.envVars.BENCH_HOST_PROBE_OUT = probeFile;
  await emu.resetStats();
  const t = performance.now();
  const run = await op();
  const seconds = (performance.now() - t) / 1000;
  const stats = await emu.stats();
  const failed = failedResources(run.events);
  return {
    ok: run.ok,
    seconds,
    calls: stats.total,
    operations: stats.operations,
    host: readProbe(probeFile),
    failures: failed.length || (run.ok ? 0 : 1),
    changes: run.changes as Record<string, number>,
    error: failed[0] ?? (run.ok ? undefined : (run.error?.message ?? run.output).slice(-2000)),
  };
}

export interface CliOptions {
  dir: string;
  parallel?: number;
  /** NODE_PATH for the dynamic-provider host: where it finds @pulumi/pulumi and the installed package. */
  nodePath: string;
  /** More environment for the CLI (PULUMI_SKIP_CHECKPOINTS...). */
  env?: Record<string, string>;
}

function stackEnv(options: CliOptions): Record<string, string> {
  return { NODE_PATH: options.nodePath, NODE_OPTIONS: `--require ${PROBE}`, ...options.env };
}

function linkProgram(UserProviderLink: UserProviderLinkClass, plan: LinkPlan): () => void {
  return () => {
    for (let i = 0; i < plan.links; i++) {
      new UserProviderLink(`link-${i}`, {
        userPoolId: plan.pool,
        destinationUser: { providerAttributeValue: plan.userOf(i) },
        sourceUser: { providerName: "Google", providerAttributeValue: plan.subjectOf(i) },
      });
    }
  };
}

export interface CliResult {
  preview: OpFigures;
  up: OpFigures;
  created: number;
  noop: OpFigures;
  refresh: OpFigures;
  destroy: OpFigures;
  stateMiB: number;
}

/** A stack of the bench's links, with the bench's environment (probe, emulator). */
function linkStack(
  emu: SpawnedEmulator,
  UserProviderLink: UserProviderLinkClass,
  plan: LinkPlan,
  options: CliOptions,
): Promise<CliStack> {
  return CliStack.create({
    emulatorUrl: emu.url,
    program: linkProgram(UserProviderLink, plan),
    project: "bench",
    env: stackEnv(options),
  });
}

/** Preview of the new stack, up, no-op preview, refresh and destroy of `plan.links` links, one stack. */
export async function runOurs(
  emu: SpawnedEmulator,
  UserProviderLink: UserProviderLinkClass,
  plan: LinkPlan,
  options: CliOptions,
  log: (line: string) => void,
): Promise<CliResult> {
  const stack = await linkStack(emu, UserProviderLink, plan, options);
  const parallel = options.parallel ? { parallel: options.parallel } : {};
  try {
    const preview = await measure(stack, emu, options.dir, "preview", () => stack.preview(parallel));
    log(`  preview of the new stack: ${preview.seconds.toFixed(1)} s, ${preview.calls} Cognito calls`);
    const up = await measure(stack, emu, options.dir, "up", () => stack.up(parallel));
    const created = (await stack.resources()).length;
    log(`  up: ${up.seconds.toFixed(1)} s, ${created} in state, ${up.failures} failures`);
    if (up.error) log(`  up error: ${up.error}`);
    const noop = await measure(stack, emu, options.dir, "noop", () =>
      stack.preview({ ...parallel, expectNoChanges: true }),
    );
    log(`  no-op preview: ${noop.seconds.toFixed(1)} s, ${noop.calls} Cognito calls, ok=${noop.ok}`);
    const refresh = await measure(stack, emu, options.dir, "refresh", () => stack.refresh());
    log(`  refresh: ${refresh.seconds.toFixed(1)} s, ${refresh.calls} Cognito calls`);
    const stateMiB = Buffer.byteLength(stack.checkpointText()) / 1024 / 1024;
    const destroy = await measure(stack, emu, options.dir, "destroy", () => stack.destroy());
    log(
      `  destroy: ${destroy.seconds.toFixed(1)} s, ${calls(destroy, "AdminDisableProviderForUser", "ok")} unlinks`,
    );
    return { preview, up, created, noop, refresh, destroy, stateMiB };
  } finally {
    await stack.dispose();
  }
}

/** Up and destroy only, on a stack of its own (for the run with other CLI settings). */
export async function upAndDestroy(
  emu: SpawnedEmulator,
  UserProviderLink: UserProviderLinkClass,
  plan: LinkPlan,
  options: CliOptions,
  label: string,
  log: (line: string) => void,
): Promise<{ up: OpFigures; created: number; destroy: OpFigures }> {
  const stack = await linkStack(emu, UserProviderLink, plan, options);
  const parallel = options.parallel ? { parallel: options.parallel } : {};
  try {
    const up = await measure(stack, emu, options.dir, `${label}-up`, () => stack.up(parallel));
    const created = (await stack.resources()).length;
    log(`  up: ${up.seconds.toFixed(1)} s, ${created} in state, ${up.failures} failures`);
    if (up.error) log(`  up error: ${up.error}`);
    const destroy = await measure(stack, emu, options.dir, `${label}-destroy`, () => stack.destroy());
    log(
      `  destroy: ${destroy.seconds.toFixed(1)} s, ${calls(destroy, "AdminDisableProviderForUser", "ok")} unlinks`,
    );
    return { up, created, destroy };
  } finally {
    await stack.dispose();
  }
}

/** Only the preview of a new stack (against an emulator with latency, or in another pool). */
export async function previewOnly(
  emu: SpawnedEmulator,
  UserProviderLink: UserProviderLinkClass,
  plan: LinkPlan,
  options: CliOptions,
  label = "preview-only",
): Promise<OpFigures> {
  const stack = await linkStack(emu, UserProviderLink, plan, options);
  try {
    return await measure(stack, emu, options.dir, label, () =>
      stack.preview(options.parallel ? { parallel: options.parallel } : {}),
    );
  } finally {
    await stack.dispose();
  }
}

export interface NaiveResult {
  up: OpFigures;
  created: number;
  notAttempted: number;
  throttled: number;
  rate: number;
}

/** The hand-written provider (bench/naive.ts): SDK defaults, no limiter, no read-back. */
export async function runNaive(
  emu: SpawnedEmulator,
  plan: LinkPlan,
  options: CliOptions,
  log: (line: string) => void,
): Promise<NaiveResult> {
  const stack = await CliStack.create({
    emulatorUrl: emu.url,
    program: () => {
      for (let i = 0; i < plan.links; i++) {
        new NaiveLink(`naive-${i}`, {
          userPoolId: plan.pool,
          username: plan.userOf(i),
          providerName: "Google",
          subject: plan.subjectOf(i),
        });
      }
    },
    project: "naive",
    env: stackEnv(options),
  });
  try {
    const up = await measure(stack, emu, options.dir, "naive-up", () =>
      stack.up(options.parallel ? { parallel: options.parallel } : {}),
    );
    const created = (await stack.resources()).length;
    log(`  naive up: ${up.seconds.toFixed(1)} s, ${created} created, ${up.failures} failures`);
    log(`  naive link calls: ${JSON.stringify(up.operations.AdminLinkProviderForUser ?? {})}`);
    return {
      up,
      created,
      notAttempted: plan.links - created - up.failures,
      throttled: calls(up, "AdminLinkProviderForUser", "TooManyRequestsException"),
      rate: calls(up, "AdminLinkProviderForUser", "ok") / up.seconds,
    };
  } finally {
    await stack.dispose();
  }
}
