// `npm run bench`: bulk links at Cognito's quotas through the real Pulumi CLI, beside the alternatives.
//
//   npm run bench -- [--links N] [--parallel N] [--cli-sample N] [--out FILE] [--no-model] [--no-latency] ... (--help)
//
// Everything runs against the local emulator with AWS's request quotas (`--quotas aws`). Our links go through
// the real CLI (.tools/bin/pulumi, `npm run install-pulumi`) as an Automation API inline program: preview of
// the new stack, up, no-op preview, refresh, destroy; then a preview of a new stack against an emulator with
// 20-40 ms of latency per request; then the naive provider (bench/naive.ts) through the same CLI, the AWS CLI
// loop, and, for one release, the same links through the engine model (test/support/engine-model, bench/model.ts).
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnEmulator, type SpawnedEmulator } from "../emulator";
import { cognitoClient } from "../test/support/sdk";
import { assertPulumiInstalled, PULUMI_CLI_VERSION } from "../test/support/pulumi";
import { aWorld, emulatorEnv } from "../test/support/world";
import { calls } from "../test/support/requests";
import { type SeedPool, writeSeed } from "../test/support/seed";
import {
  type CliOptions,
  type CliResult,
  type LinkPlan,
  type NaiveResult,
  type OpFigures,
  previewOnly,
  runNaive,
  runOurs,
  upAndDestroy,
  type UserProviderLinkClass,
} from "./cli";
import { type Flag, parseFlags, progress, runCommand, shownPath, usage, UsageError } from "./args";
import { type ModelResult, runModel } from "./model";
import { hostNodePath, installPackage } from "./package";

const QUOTA = 25; // AdminLinkProviderForUser / AdminDisableProviderForUser per second (docs/cognito.md §5, UserUpdate)
const LINKS_PER_USER = 4;
const POOL = "us-east-1_BenchPool";
const MODEL_POOL = "us-east-1_ModelPool";
const NAIVE_POOL = "us-east-1_NaivePool";
const CLI_POOL = "us-east-1_CliLoop01";
const NO_CHECKPOINTS_POOL = "us-east-1_BenchNoCkpt";
const SKIP_CHECKPOINTS = { PULUMI_SKIP_CHECKPOINTS: "true" };
const LATENCY = "20-40";
const GOOGLE = { name: "Google", type: "Google" };

interface Args {
  links: number;
  parallel?: number;
  cliSample: number;
  /** Where to write the results as Markdown; without it they are only printed. */
  out?: string;
  model: boolean;
  latency: boolean;
  skipCheckpoints: boolean;
}

const FLAGS: Flag[] = [
  { name: "--links", value: "N", help: "links to make (default 1000)" },
  { name: "--parallel", value: "N", help: "the CLI's --parallel (default: the CLI's own, 4 x cores)" },
  {
    name: "--cli-sample",
    value: "N",
    help: "links the `aws cognito-idp` loop makes, a sample (default 40; 0 skips it)",
  },
  {
    name: "--out",
    value: "FILE",
    help: "also write the results as Markdown to FILE (the tracked ones: bench/results.md); default: print only",
  },
  { name: "--no-model", help: "skip the engine model (test/support/engine-model)" },
  { name: "--no-latency", help: "skip the preview against an emulator with 20-40 ms latency" },
  { name: "--no-skip-checkpoints", help: "skip the up and destroy with PULUMI_SKIP_CHECKPOINTS=true" },
];

const HELP = usage(
  "npm run bench --",
  "Bulk links at Cognito's quotas through the real Pulumi CLI (.tools/bin/pulumi), beside a naive provider,\n" +
    "an `aws cognito-idp` loop and the engine model, all against the local emulator with `--quotas aws`.\n" +
    "Progress goes to stderr; the results table and the summary line to stdout. Each figure is one measurement\n" +
    "of one run. Takes several minutes for 1000 links.",
  FLAGS,
);

function parseArgs(argv: readonly string[]): Args {
  const given = parseFlags(argv, FLAGS);
  const number = (name: string, fallback: number): number => {
    const v = given.get(name);
    return typeof v === "number" ? v : fallback;
  };
  const links = number("--links", 1000);
  if (links === 0) throw new UsageError("--links takes a whole number above 0, got 0");
  const parallel = given.get("--parallel");
  if (parallel === 0) throw new UsageError("--parallel takes a whole number above 0, got 0");
  const out = given.get("--out");
  return {
    links,
    ...(typeof parallel === "number" ? { parallel } : {}),
    cliSample: number("--cli-sample", 40),
    ...(typeof out === "string" ? { out: path.resolve(out) } : {}),
    model: !given.has("--no-model"),
    latency: !given.has("--no-latency"),
    skipCheckpoints: !given.has("--no-skip-checkpoints"),
  };
}

const userOf = (i: number): string => `user${String(Math.floor(i / LINKS_PER_USER)).padStart(5, "0")}`;
const subjectOf = (i: number): string => `10${String(i).padStart(8, "0")}`;
const plan = (pool: string, links: number): LinkPlan => ({ pool, links, userOf, subjectOf });

/** The bench's pools, each with Google and the same users, in a seed file in `dir`. */
function seedPools(dir: string, links: number): string {
  const users = Array.from({ length: Math.ceil(links / LINKS_PER_USER) }, (_, u) =>
    userOf(u * LINKS_PER_USER),
  );
  const pool = (id: string, name: string): SeedPool => ({ id, name, providers: [GOOGLE], users });
  return writeSeed(path.join(dir, "seed.json"), [
    pool(POOL, "bench"),
    pool(MODEL_POOL, "model"),
    pool(NAIVE_POOL, "naive"),
    pool(CLI_POOL, "cli"),
    pool(NO_CHECKPOINTS_POOL, "nockpt"),
  ]);
}

/**
 * A pool with `UsernameConfiguration.CaseSensitive = false`, Google and the bench's users, made through the
 * SDK (seeds have no such setting). Its id is the emulator's choice.
 */
async function caseInsensitivePool(url: string, users: number): Promise<string> {
  const client = cognitoClient(url, "us-east-1", { maxAttempts: 10 });
  try {
    const usernames = Array.from({ length: users }, (_, u) => userOf(u * LINKS_PER_USER));
    return (await aWorld(client, usernames, { UsernameConfiguration: { CaseSensitive: false } })).poolId;
  } finally {
    client.destroy();
  }
}

interface CliLoopResult {
  sample: number;
  seconds: number;
  failures: number;
  rate: number;
}

function cliLoop(emu: SpawnedEmulator, sample: number, dir: string): CliLoopResult | undefined {
  const which = spawnSync("bash", ["-c", "command -v aws"], { encoding: "utf8" });
  if (which.status !== 0 || sample === 0) return undefined;
  const lines = ["#!/usr/bin/env bash", "fail=0"];
  for (let i = 0; i < sample; i++) {
    lines.push(
      `aws cognito-idp admin-link-provider-for-user --user-pool-id ${CLI_POOL} ` +
        `--destination-user ProviderName=Cognito,ProviderAttributeValue=${userOf(i)} ` +
        `--source-user ProviderName=Google,ProviderAttributeName=Cognito_Subject,ProviderAttributeValue=${subjectOf(i)} ` +
        `>/dev/null 2>&1 || fail=$((fail+1))`,
    );
  }
  lines.push('echo "$fail"');
  const script = path.join(dir, "cli-loop.sh");
  fs.writeFileSync(script, lines.join("\n") + "\n");
  const t = performance.now();
  const out = execFileSync("bash", [script], {
    encoding: "utf8",
    env: { ...process.env, ...emulatorEnv(emu.url), AWS_MAX_ATTEMPTS: "3", AWS_PAGER: "" },
  });
  const seconds = (performance.now() - t) / 1000;
  const failures = Number(out.trim());
  return { sample, seconds, failures, rate: (sample - failures) / seconds };
}

function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "n/a";
}

/** Milliseconds per resource of the engine alone: span of host calls with none in flight, over N. */
const engineMs = (op: OpFigures, n: number): number => (op.host.engineOnlyS * 1000) / n;
/** Seconds of an operation outside the host's calls: CLI start, plugin start, program, final checkpoint. */
const outsideS = (op: OpFigures): number => op.seconds - op.host.spanS;

/** What every phase of one bench run shares: its arguments, its folder and the package it installed. */
interface Run {
  args: Args;
  /** Links per phase. */
  n: number;
  /** The quota floor of an up: links / QUOTA seconds. */
  floorS: number;
  /** A folder per run (seed, probe files, scratch install): two runs at once must not share them. */
  dir: string;
  seed: string;
  UserProviderLink: UserProviderLinkClass;
  /** The host resolves @pulumi/pulumi from the repository and the package from the scratch install. */
  hostNodePath: string;
  cliOptions: CliOptions;
  parallel: number;
}

/** Every phase's figures. */
interface Figures {
  ours: CliResult;
  latency?: OpFigures;
  nocase: OpFigures;
  noCkpt?: Awaited<ReturnType<typeof upAndDestroy>>;
  naive: NaiveResult;
  cli?: CliLoopResult;
  model?: ModelResult;
}

const log = progress;

function prepare(args: Args): Run {
  // The AWS SDK's notice that its 2027 releases need Node 22 (this process creates a pool through the SDK).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  assertPulumiInstalled();
  const n = args.links;
  const dir = path.join(__dirname, ".work", `run-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const seed = seedPools(dir, n);
  const { UserProviderLink, nodePath } = installPackage(dir);
  const defaultParallel = 4 * os.availableParallelism();
  return {
    args,
    n,
    floorS: n / QUOTA,
    dir,
    seed,
    UserProviderLink,
    hostNodePath: hostNodePath(nodePath),
    cliOptions: { dir, parallel: args.parallel, nodePath: hostNodePath(nodePath) },
    parallel: args.parallel ?? defaultParallel,
  };
}

/** Our links through the real CLI: preview of the new stack, up, no-op preview, refresh, destroy. */
async function measureOurs(run: Run, emu: SpawnedEmulator): Promise<CliResult> {
  log(
    `bench: ${run.n} links, ${Math.ceil(run.n / LINKS_PER_USER)} users, pulumi ${PULUMI_CLI_VERSION}, parallel ${run.parallel}${run.args.parallel ? "" : " (the CLI's default)"}, emulator ${emu.url} with --quotas aws`,
  );
  log("real CLI:");
  return runOurs(emu, run.UserProviderLink, plan(POOL, run.n), run.cliOptions, log);
}

/** A preview of a new stack of the run's links in `pool` (`label` names it in the probe files). */
function previewNewStack(run: Run, emu: SpawnedEmulator, pool: string, label: string): Promise<OpFigures> {
  return previewOnly(emu, run.UserProviderLink, plan(pool, run.n), run.cliOptions, label);
}

/** A preview of the new stack against an emulator of its own with LATENCY ms per request. */
async function measureLatency(run: Run): Promise<OpFigures | undefined> {
  if (!run.args.latency) return undefined;
  const slow = await spawnEmulator(["--quotas", "aws", "--faults", `latency=${LATENCY}`, "--seed", run.seed]);
  try {
    const latency = await previewNewStack(run, slow, POOL, "preview-latency");
    log(`  preview with ${LATENCY} ms latency: ${fmt(latency.seconds)} s, ${latency.calls} Cognito calls`);
    return latency;
  } finally {
    await slow.stop();
  }
}

/** A preview of the new stack in a case-insensitive pool: how many spellings preflight reads. */
async function measureCaseInsensitive(run: Run, emu: SpawnedEmulator): Promise<OpFigures> {
  log("real CLI, preview of the new stack in a case-insensitive pool (as the AWS console makes them):");
  const nocasePool = await caseInsensitivePool(emu.url, Math.ceil(run.n / LINKS_PER_USER));
  const nocase = await previewNewStack(run, emu, nocasePool, "preview-nocase");
  log(`  ${fmt(nocase.seconds)} s, ${nocase.calls} Cognito calls (${fmt(nocase.calls / run.n, 2)} per link)`);
  return nocase;
}

/** Up and destroy with PULUMI_SKIP_CHECKPOINTS=true, on a stack of their own. */
async function measureSkipCheckpoints(run: Run, emu: SpawnedEmulator): Promise<Figures["noCkpt"]> {
  if (!run.args.skipCheckpoints) return undefined;
  log("real CLI with PULUMI_SKIP_CHECKPOINTS=true (the state is written once, at the end):");
  return upAndDestroy(
    emu,
    run.UserProviderLink,
    plan(NO_CHECKPOINTS_POOL, run.n),
    { ...run.cliOptions, env: SKIP_CHECKPOINTS },
    "nockpt",
    log,
  );
}

/** The naive provider (bench/naive.ts) through the same CLI. */
async function measureNaive(run: Run, emu: SpawnedEmulator): Promise<NaiveResult> {
  log("naive provider, real CLI:");
  return runNaive(emu, plan(NAIVE_POOL, run.n), run.cliOptions, log);
}

/** The `aws cognito-idp` loop over a sample of the links, when the AWS CLI is there. */
function measureCliLoop(run: Run, emu: SpawnedEmulator): CliLoopResult | undefined {
  const cli = cliLoop(emu, Math.min(run.args.cliSample, run.n), run.dir);
  log(
    cli
      ? `aws CLI loop: ${cli.sample} links in ${fmt(cli.seconds)} s`
      : `aws CLI loop: skipped (${run.args.cliSample === 0 ? "--cli-sample 0" : "no aws on PATH"})`,
  );
  return cli;
}

/** The same links through the engine model (bench/model.ts), for one release. */
async function measureModel(run: Run, emu: SpawnedEmulator): Promise<ModelResult | undefined> {
  if (!run.args.model) return undefined;
  log("engine model (test/support/engine-model):");
  const model = await runModel(
    emu,
    run.UserProviderLink,
    plan(MODEL_POOL, run.n),
    run.parallel,
    run.hostNodePath,
  );
  log(`  up ${fmt(model.upS)} s, failures ${model.failures}, no-op preview calls ${model.noopCalls}`);
  return model;
}

/** Every phase, one after another against one emulator (the quota is per account). */
async function measure(run: Run): Promise<Figures> {
  const emu = await spawnEmulator(["--quotas", "aws", "--seed", run.seed]);
  try {
    const ours = await measureOurs(run, emu);
    const latency = await measureLatency(run);
    const nocase = await measureCaseInsensitive(run, emu);
    const noCkpt = await measureSkipCheckpoints(run, emu);
    const naive = await measureNaive(run, emu);
    const cli = measureCliLoop(run, emu);
    const model = await measureModel(run, emu);
    return { ours, latency, nocase, noCkpt, naive, cli, model };
  } finally {
    await emu.stop();
  }
}

/** Figures of our real-CLI run that the table and the summary line both give. */
function headline(run: Run, o: CliResult): { upRatio: number; readsPerLink: number; hostPeak: number } {
  return {
    upRatio: o.up.seconds / run.floorS,
    readsPerLink: o.preview.calls / run.n,
    hostPeak: Math.max(
      ...[o.preview, o.up, o.noop, o.refresh, o.destroy].map((op) => op.host.peakMiB).filter(Number.isFinite),
    ),
  };
}

const UP_ROW = (floorS: number): string =>
  `up wall time (s; quota floor ${fmt(floorS)} s = links / ${QUOTA} per s)`;
const ENGINE_ROW = "engine's own time per resource (ms): no-op preview / up / refresh / destroy";
const PROVIDER_ROW = "provider (host) time per resource (ms): no-op preview / up / refresh / destroy";

/** What became of the links: attempted, created, failed, how fast. */
function outcomeRows(run: Run, f: Figures): string[][] {
  const { n, floorS } = run;
  const { ours: o, naive: nv, cli, model: m } = f;
  const { upRatio } = headline(run, o);
  const rate = calls(o.up, "AdminLinkProviderForUser", "ok") / o.up.seconds;
  const dash = "-";
  return [
    [
      "links attempted",
      `${n}`,
      m ? `${n}` : dash,
      `${n}`,
      cli ? `${cli.sample} (sample)` : "skipped: no AWS CLI",
    ],
    [
      "created",
      `${o.created}`,
      m ? `${m.created}` : dash,
      `${nv.created}`,
      cli ? `${cli.sample - cli.failures}` : dash,
    ],
    [
      "failures",
      `${o.up.failures}`,
      m ? `${m.failures}` : dash,
      `${nv.up.failures} (+${nv.notAttempted} not attempted: the engine stops at the first error)`,
      cli ? `${cli.failures}` : dash,
    ],
    [
      UP_ROW(floorS),
      `${fmt(o.up.seconds)} (${fmt(upRatio, 2)} x floor)`,
      m ? `${fmt(m.upS)} (${fmt(m.upS / floorS, 2)} x floor)` : dash,
      fmt(nv.up.seconds),
      cli ? fmt(cli.seconds) : dash,
    ],
    [
      "link calls/s (quota 25)",
      fmt(rate),
      m ? fmt(m.linkOk / m.upS) : dash,
      fmt(nv.rate),
      cli ? fmt(cli.rate) : dash,
    ],
    [
      "TooManyRequests answers",
      `${calls(o.up, "AdminLinkProviderForUser", "TooManyRequestsException")}`,
      m ? `${m.throttled}` : dash,
      `${nv.throttled}`,
      dash,
    ],
  ];
}

/** Each operation of our stack: its time and the Cognito calls it made. */
function operationRows(run: Run, f: Figures): string[][] {
  const { n } = run;
  const { ours: o, nocase, latency, model: m } = f;
  const { readsPerLink } = headline(run, o);
  const dash = "-";
  return [
    [
      "preview of the new stack (s / Cognito calls / reads per new link)",
      `${fmt(o.preview.seconds)} / ${o.preview.calls} / ${fmt(readsPerLink, 2)}`,
      m ? `${fmt(m.previewS)} / ${m.previewCalls} / ${fmt(m.previewCalls / n, 2)}` : dash,
      dash,
      dash,
    ],
    [
      "the same in a case-insensitive pool (s / Cognito calls / reads per new link)",
      `${fmt(nocase.seconds)} / ${nocase.calls} / ${fmt(nocase.calls / n, 2)}`,
      dash,
      dash,
      dash,
    ],
    [
      `preview of the new stack, emulator latency ${LATENCY} ms (s / Cognito calls)`,
      latency ? `${fmt(latency.seconds)} / ${latency.calls}` : "skipped",
      dash,
      dash,
      dash,
    ],
    [
      "no-op preview (s / Cognito calls)",
      `${fmt(o.noop.seconds)} / ${o.noop.calls}${o.noop.ok ? "" : " (failed: --expect-no-changes)"}`,
      m ? `${fmt(m.noopS)} / ${m.noopCalls}` : dash,
      dash,
      dash,
    ],
    [
      "refresh (s / Cognito calls)",
      `${fmt(o.refresh.seconds)} / ${o.refresh.calls}`,
      m ? `${fmt(m.refreshS)} / ${m.refreshCalls}` : dash,
      dash,
      dash,
    ],
    [
      "destroy (s / unlinks)",
      `${fmt(o.destroy.seconds)} / ${calls(o.destroy, "AdminDisableProviderForUser", "ok")}${o.destroy.ok ? "" : " (error)"}`,
      m ? `${fmt(m.destroyS)} / ${m.destroyOk}${m.destroyError ? " (error)" : ""}` : dash,
      dash,
      dash,
    ],
  ];
}

/** Where the time and memory went: the host, the engine, outside them, the state's size. */
function hostRows(run: Run, f: Figures): string[][] {
  const { n } = run;
  const { ours: o, naive: nv, model: m } = f;
  const { hostPeak } = headline(run, o);
  const dash = "-";
  return [
    [
      "host peak memory (MiB, VmHWM)",
      fmt(hostPeak),
      m ? fmt(m.peakMiB) : dash,
      fmt(nv.up.host.peakMiB),
      dash,
    ],
    [
      ENGINE_ROW,
      [o.noop, o.up, o.refresh, o.destroy].map((op) => fmt(engineMs(op, n), 2)).join(" / "),
      dash,
      dash,
      dash,
    ],
    [
      PROVIDER_ROW,
      [o.noop, o.up, o.refresh, o.destroy].map((op) => fmt((op.host.providerS * 1000) / n, 2)).join(" / "),
      dash,
      dash,
      dash,
    ],
    [
      "outside the host's calls (s: CLI and host start, program, last checkpoint): preview / up / no-op / refresh / destroy",
      [o.preview, o.up, o.noop, o.refresh, o.destroy].map((op) => fmt(outsideS(op))).join(" / "),
      dash,
      dash,
      dash,
    ],
    ["state file after up (MiB)", fmt(o.stateMiB, 2), dash, dash, dash],
    ["serialized provider per resource (KiB)", dash, m ? fmt(m.providerKiB) : dash, dash, dash],
  ];
}

/** The results table's rows, one column per way of making the links, without the skip-checkpoints column. */
function tableRows(run: Run, f: Figures): string[][] {
  return [
    [
      "",
      "UserProviderLink, real CLI",
      "UserProviderLink, engine model (old)",
      "naive provider, real CLI",
      "shell loop over `aws cognito-idp`",
    ],
    ...outcomeRows(run, f),
    ...operationRows(run, f),
    ...hostRows(run, f),
  ];
}

/** The column of the run without intermediate checkpoints, by row title. */
function skipCheckpointsColumn(run: Run, k: Figures["noCkpt"]): Record<string, string> {
  const title = "UserProviderLink, real CLI, `PULUMI_SKIP_CHECKPOINTS=true`";
  if (!k) return { "": title };
  const { n, floorS } = run;
  return {
    "": title,
    "links attempted": `${n}`,
    created: `${k.created}`,
    failures: `${k.up.failures}`,
    [UP_ROW(floorS)]: `${fmt(k.up.seconds)} (${fmt(k.up.seconds / floorS, 2)} x floor)`,
    "link calls/s (quota 25)": fmt(calls(k.up, "AdminLinkProviderForUser", "ok") / k.up.seconds),
    "TooManyRequests answers": `${calls(k.up, "AdminLinkProviderForUser", "TooManyRequestsException")}`,
    "destroy (s / unlinks)": `${fmt(k.destroy.seconds)} / ${calls(k.destroy, "AdminDisableProviderForUser", "ok")}`,
    "host peak memory (MiB, VmHWM)": fmt(Math.max(k.up.host.peakMiB, k.destroy.host.peakMiB)),
    [ENGINE_ROW]: `- / ${fmt(engineMs(k.up, n), 2)} / - / ${fmt(engineMs(k.destroy, n), 2)}`,
    [PROVIDER_ROW]: `- / ${fmt((k.up.host.providerS * 1000) / n, 2)} / - / ${fmt((k.destroy.host.providerS * 1000) / n, 2)}`,
  };
}

/** The results as Markdown table lines, the skip-checkpoints column beside the CLI's defaults. */
function resultsTable(run: Run, f: Figures): string[] {
  const rows = tableRows(run, f);
  const column = skipCheckpointsColumn(run, f.noCkpt);
  for (const r of rows) r.splice(2, 0, column[r[0]!] ?? (f.noCkpt ? "-" : "skipped"));
  const table = rows.map((r) => `| ${r.join(" | ")} |`);
  table.splice(1, 0, `|${rows[0]!.map(() => "---").join("|")}|`);
  return table;
}

/** The one-line summary, saying which figures are samples. */
function summaryLine(run: Run, f: Figures): string {
  const { n, floorS } = run;
  const { ours: o, nocase, latency, naive: nv, cli, model: m, noCkpt: k } = f;
  const { upRatio, readsPerLink, hostPeak } = headline(run, o);
  // Which figures are samples: every one is a single measurement of this one run (no repetition, no spread);
  // the AWS CLI loop's rate comes from a sample of links, not all of them.
  const sampling =
    `1 run, each figure a single measurement` +
    (cli ? `; cli_rate from a sample of ${cli.sample} of ${n} links` : "");
  return (
    `bench (${sampling}): links=${n} up_s=${fmt(o.up.seconds)} floor_s=${fmt(floorS)} up_ratio=${fmt(upRatio, 2)} ` +
    `failures=${o.up.failures} noop_preview_s=${fmt(o.noop.seconds)} noop_preview_calls=${o.noop.calls} ` +
    `refresh_s=${fmt(o.refresh.seconds)} refresh_calls=${o.refresh.calls} destroy_s=${fmt(o.destroy.seconds)} ` +
    `host_peak_mib=${fmt(hostPeak)} engine_ms_per_resource=${fmt(engineMs(o.noop, n), 2)} ` +
    `preflight_reads_per_link=${fmt(readsPerLink, 2)} preflight_reads_per_link_nocase=${fmt(nocase.calls / n, 2)} preview_latency_s=${latency ? fmt(latency.seconds) : "n/a"} ` +
    `naive_failures=${nv.up.failures} cli_rate=${cli ? fmt(cli.rate) : "n/a"} ` +
    `model_up_s=${m ? fmt(m.upS) : "n/a"} model_noop_preview_calls=${m ? m.noopCalls : "n/a"} ` +
    `skip_checkpoints_up_s=${k ? fmt(k.up.seconds) : "n/a"} skip_checkpoints_up_ratio=${k ? fmt(k.up.seconds / floorS, 2) : "n/a"} ` +
    `skip_checkpoints_failures=${k ? k.up.failures : "n/a"}`
  );
}

/** The results page: how the run was made, the table, the summary line, how the figures are taken. */
function resultsMarkdown(run: Run, f: Figures, summary: string): string {
  const { n, args, parallel } = run;
  const { cli } = f;
  return [
    "# Benchmark results",
    "",
    `Written by \`npm run bench -- --links ${n}\` on ${new Date().toISOString().slice(0, 10)} (${process.platform}, Node ${process.version}, ${os.cpus().length} cores, shared).`,
    `Pulumi CLI ${PULUMI_CLI_VERSION} (.tools/bin/pulumi) through the Automation API with an inline program, local file backend, parallel ${parallel}${args.parallel ? "" : " (the CLI's default, 4 x cores)"}. ` +
      `Emulator with \`--quotas aws\` (UserUpdate 25/s, UserRead 120/s, UserPoolRead 15/s); ${LINKS_PER_USER} links per user; the package installed into a scratch node_modules as users get it. ` +
      `Every figure is a single measurement of one run, not a mean: expect run-to-run spread on a shared machine${cli ? `; the AWS CLI loop is a sample of ${cli.sample} links` : ""}.`,
    "",
    ...resultsTable(run, f),
    "",
    "```",
    summary,
    "```",
    "",
    ...METHOD,
  ].join("\n");
}

/** Writes the results where asked, names the operations that failed, prints the results. */
function report(run: Run, f: Figures): void {
  const { args } = run;
  const summary = summaryLine(run, f);
  const md = resultsMarkdown(run, f, summary);
  if (args.out !== undefined) {
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, md);
  }
  const { ours: o, naive: nv } = f;
  for (const [what, op] of Object.entries({
    up: o.up,
    noop: o.noop,
    refresh: o.refresh,
    destroy: o.destroy,
    "naive up": nv.up,
  })) {
    if (op.error) log(`${what} error: ${op.error}`);
  }
  fs.rmSync(run.dir, { recursive: true, force: true });
  if (args.out !== undefined) {
    log(`results written to ${shownPath(args.out)}`);
    console.log(summary);
  } else {
    console.log(md); // the summary line is in it, in the code block
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const run = prepare(parseArgs(argv));
  report(run, await measure(run));
}

const METHOD = [
  "## How the figures are taken",
  "",
  "- **Wall times** are measured around each Automation API call, so they include starting the CLI, the",
  "  dynamic-provider host and the inline program; `up` runs with `--skip-preview` (the Automation API's `up`).",
  "- **Cognito calls** are the emulator's request counts (`GET /_emulator/stats`), reset before each operation.",
  "  Reads per new link = every call of the preview of the new stack (all are reads: AdminGetUser,",
  "  DescribeUserPool, DescribeIdentityProvider) divided by the links.",
  "- **Host figures** come from `bench/host-probe.js`, loaded into the dynamic-provider host",
  "  (`node @pulumi/pulumi/cmd/dynamic-provider`, started by the CLI) with `NODE_OPTIONS=--require`. It wraps",
  "  the handlers the host registers on its gRPC server and records each call's start and end, and the",
  "  process's VmHWM (peak resident set, /proc/self/status) every 200 ms and at exit. Host peak memory is the",
  "  largest VmHWM of the five operations' hosts (each operation is its own host process).",
  "- **Engine's own time per resource**: within the span from the first host call's start to the last call's",
  "  end, the time with no host call in flight (nothing for the provider to do: the engine was generating",
  "  steps, exchanging gRPC messages, writing checkpoints, or waiting on the program), divided by the links.",
  "  In a no-op preview check and diff run one resource at a time (pulumi/pulumi#6716) and call Cognito",
  "  never, so that figure is the engine's per-resource cost on the critical path; in `up` and `destroy` the",
  "  host is busy almost all the time (calls wait for the rate limiter), so the engine is not what limits",
  "  them. The row below gives the provider's side (the sum of call durations, limiter waits included).",
  "  Engine event timestamps are whole seconds, too coarse for per-resource figures, so they are not used.",
  "- **Outside the host's calls**: wall time minus the host's span: CLI start, plugin start, program start, the",
  "  final checkpoint; a fixed cost per operation, not per resource.",
  "- **Checkpoints**: with the CLI's defaults the local file backend rewrites the whole state file (and its",
  "  `.bak`) after every step, so an up of N links writes O(N²) bytes; the `PULUMI_SKIP_CHECKPOINTS=true`",
  "  column is the same up and destroy on a stack of its own with the state written once, at the end (the",
  "  trade: a crash mid-up loses the record of links made since the start; the next up adopts them, since",
  "  create adopts an identical existing link). Pulumi Cloud backends record deltas (journaling) instead.",
  "- **Engine model (old)**: the same links through `test/support/engine-model`, in-process, with the host started",
  "  by the harness; kept for one release (`--no-model` skips it). The naive provider and the AWS CLI loop",
  "  use pools of their own in the same emulator (the quota is per account, so they run one after another).",
  "",
];

runCommand("bench", HELP, main);
