// `npm run bench`: bulk links at the Cognito quota, through the engine-path harness, side by side with the alternatives.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
  capture,
  DeploymentError,
  dynamicOnly,
  Engine,
  HostClient,
  startHost,
  stopAllHosts,
} from "../test/engine/harness";
import { spawnEmulator, SpawnedEmulator } from "../test/support/emulator";
import { emulatorEnv } from "../test/support/world";
import { NaiveLink } from "./naive";

const QUOTA = 25; // AdminLinkProviderForUser / AdminDisableProviderForUser per second (spec §5, UserUpdate)
const LINKS_PER_USER = 4;
const POOL = "us-east-1_BenchPool";
const NAIVE_POOL = "us-east-1_NaivePool";
const CLI_POOL = "us-east-1_CliLoop01";

interface Args {
  links: number;
  parallel: number;
  cliSample: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { links: 1000, parallel: 8, cliSample: 40 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const n = Number(value);
    if (flag === "--links") args.links = n;
    else if (flag === "--parallel") args.parallel = n;
    else if (flag === "--cli-sample") args.cliSample = n;
    else throw new Error(`unknown argument ${flag}; use --links N, --parallel N, --cli-sample N`);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} takes a whole number, got ${value}`);
    i++;
  }
  return args;
}

const userOf = (i: number): string => `user${String(Math.floor(i / LINKS_PER_USER)).padStart(5, "0")}`;
const subjectOf = (i: number): string => `10${String(i).padStart(8, "0")}`;

function writeSeed(dir: string, links: number): string {
  const users = Array.from({ length: Math.ceil(links / LINKS_PER_USER) }, (_, u) => ({
    username: userOf(u * LINKS_PER_USER),
  }));
  const pool = (id: string, name: string) => ({
    id,
    name,
    identityProviders: [{ name: "Google", type: "Google" }],
    users,
  });
  const file = path.join(dir, "seed.json");
  fs.writeFileSync(
    file,
    JSON.stringify({ pools: [pool(POOL, "bench"), pool(NAIVE_POOL, "naive"), pool(CLI_POOL, "cli")] }),
  );
  return file;
}

function peakKiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

async function callsOf(
  emu: SpawnedEmulator,
  op?: string,
): Promise<{ total: number; byOutcome: Record<string, number> }> {
  const s = await emu.stats();
  if (!op) return { total: s.total, byOutcome: {} };
  const byOutcome = s.operations[op] ?? {};
  return { total: Object.values(byOutcome).reduce((a, b) => a + b, 0), byOutcome };
}

async function timed<T>(f: () => Promise<T>): Promise<{ value?: T; error?: unknown; seconds: number }> {
  const t = performance.now();
  try {
    const value = await f();
    return { value, seconds: (performance.now() - t) / 1000 };
  } catch (error) {
    return { error, seconds: (performance.now() - t) / 1000 };
  }
}

const PACKAGE = "pulumi-cognito-user-provider-link";

/**
 * Installs the built package into a scratch node_modules, as users get it: the serialized provider then
 * `require`s our modules from there instead of carrying them by value (a few KB per resource instead of
 * tens), which is what a user's state and every check/diff message carry.
 */
function installPackage(dir: string): {
  UserProviderLink: typeof import("../provider").UserProviderLink;
  nodePath: string;
} {
  const root = path.join(__dirname, "..");
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  const nodePath = path.join(dir, "node_modules");
  const target = path.join(nodePath, PACKAGE);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(root, "package.json"), path.join(target, "package.json"));
  fs.cpSync(path.join(root, "dist", "provider"), path.join(target, "dist", "provider"), { recursive: true });
  return { UserProviderLink: require(target).UserProviderLink, nodePath };
}

async function ours(emu: SpawnedEmulator, n: number, parallel: number, dir: string) {
  const { UserProviderLink, nodePath } = installPackage(dir);
  const program = () => {
    for (let i = 0; i < n; i++) {
      new UserProviderLink(`link-${i}`, {
        userPoolId: POOL,
        destinationUser: { providerAttributeValue: userOf(i) },
        sourceUser: { providerName: "Google", providerAttributeValue: subjectOf(i) },
      });
    }
  };
  const t0 = performance.now();
  const regs = dynamicOnly(await capture(program));
  const captureS = (performance.now() - t0) / 1000;
  const providerKiB = String(regs[0]?.inputs.__provider ?? "").length / 1024;
  // The host resolves the package the way a program's own host would find it in the program's node_modules.
  const env = { ...emulatorEnv(emu.url), NODE_PATH: nodePath };
  const engine = new Engine({ env, parallelism: parallel });
  const host: HostClient = await startHost({ env });
  const run = { host, parallelism: parallel };

  await emu.resetStats();
  const preview = await timed(() => engine.preview(regs, run));
  const previewCalls = (await emu.stats()).total;

  await emu.resetStats();
  const up = await timed(() => engine.up(regs, run));
  const link = await callsOf(emu, "AdminLinkProviderForUser");
  const failures =
    up.error instanceof DeploymentError ? up.error.result.diagnostics.length : up.error ? 1 : 0;
  const created = engine.resources().length;

  await emu.resetStats();
  const noop = await timed(() => engine.preview(regs, run));
  const noopCalls = (await emu.stats()).total;

  await emu.resetStats();
  const refresh = await timed(() => engine.refresh(run));
  const refreshCalls = (await emu.stats()).total;

  await emu.resetStats();
  const destroy = await timed(() => engine.destroy(run));
  const disable = await callsOf(emu, "AdminDisableProviderForUser");
  const peak = peakKiB(host.pid);
  await host.stop();
  return {
    captureS,
    providerKiB,
    previewS: preview.seconds,
    previewCalls,
    createS: up.seconds,
    created,
    failures,
    linkCalls: link.total,
    linkOk: link.byOutcome.ok ?? 0,
    throttled: link.byOutcome.TooManyRequestsException ?? 0,
    noopS: noop.seconds,
    noopCalls,
    refreshS: refresh.seconds,
    refreshCalls,
    destroyS: destroy.seconds,
    destroyOk: disable.byOutcome.ok ?? 0,
    destroyError: destroy.error ? String(destroy.error) : "",
    peakMiB: peak / 1024,
    users: Math.ceil(n / LINKS_PER_USER),
  };
}

async function naive(emu: SpawnedEmulator, n: number, parallel: number) {
  const program = () => {
    for (let i = 0; i < n; i++) {
      new NaiveLink(`naive-${i}`, {
        userPoolId: NAIVE_POOL,
        username: userOf(i),
        providerName: "Google",
        subject: subjectOf(i),
      });
    }
  };
  const regs = dynamicOnly(await capture(program));
  const engine = new Engine({ env: emulatorEnv(emu.url), parallelism: parallel });
  await emu.resetStats();
  // The engine stops scheduling at the first failure; `--continue-on-error` would go on. Count both.
  const up = await timed(() => engine.up(regs, { parallelism: parallel }));
  const link = await callsOf(emu, "AdminLinkProviderForUser");
  const failures =
    up.error instanceof DeploymentError ? up.error.result.diagnostics.length : up.error ? 1 : 0;
  return {
    seconds: up.seconds,
    created: engine.resources().length,
    failures,
    notAttempted: n - engine.resources().length - failures,
    throttled: link.byOutcome.TooManyRequestsException ?? 0,
    rate: (link.byOutcome.ok ?? 0) / up.seconds,
  };
}

function cliLoop(emu: SpawnedEmulator, sample: number, dir: string) {
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

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = path.join(__dirname, ".work");
  fs.mkdirSync(dir, { recursive: true });
  const seed = writeSeed(dir, args.links);
  const emu = await spawnEmulator(["--quotas", "aws", "--seed", seed]);
  try {
    console.log(
      `bench: ${args.links} links, ${Math.ceil(args.links / LINKS_PER_USER)} users, parallelism ${args.parallel}, emulator ${emu.url} with --quotas aws`,
    );
    const o = await ours(emu, args.links, args.parallel, dir);
    const rate = o.linkOk / o.createS;
    console.log(
      `ours: create ${fmt(o.createS)} s, ${fmt(rate)} links/s, failures ${o.failures}, noop preview calls ${o.noopCalls}, refresh calls ${o.refreshCalls}`,
    );
    const nv = await naive(emu, args.links, args.parallel);
    console.log(
      `naive: ${nv.created} created, ${nv.failures} failed, ${nv.notAttempted} not attempted, ${nv.throttled} throttled answers`,
    );
    const cli = cliLoop(emu, Math.min(args.cliSample, args.links), dir);
    console.log(
      cli
        ? `cli: ${cli.sample} links in ${fmt(cli.seconds)} s`
        : "cli: the AWS CLI (aws) is not on this machine; the shell loop was skipped",
    );

    const rows = [
      [
        "",
        "UserProviderLink (this package)",
        "naive dynamic provider (SDK defaults)",
        "shell loop over `aws cognito-idp`",
      ],
      [
        "links attempted",
        `${args.links}`,
        `${args.links}`,
        cli ? `${cli.sample} (sample)` : "skipped: no AWS CLI",
      ],
      ["created", `${o.created}`, `${nv.created}`, cli ? `${cli.sample - cli.failures}` : "-"],
      [
        "failures",
        `${o.failures}`,
        `${nv.failures} (+${nv.notAttempted} not attempted: the engine stops at the first error)`,
        cli ? `${cli.failures}` : "-",
      ],
      ["create wall time (s)", fmt(o.createS), fmt(nv.seconds), cli ? fmt(cli.seconds) : "-"],
      ["link calls/s (quota 25)", fmt(rate), fmt(nv.rate), cli ? fmt(cli.rate) : "-"],
      ["TooManyRequests answers", `${o.throttled}`, `${nv.throttled}`, "-"],
      ["preview of the new stack (s / Cognito calls)", `${fmt(o.previewS)} / ${o.previewCalls}`, "-", "-"],
      ["no-op preview (s / Cognito calls)", `${fmt(o.noopS)} / ${o.noopCalls}`, "-", "-"],
      [
        "refresh-all (s / Cognito calls, users)",
        `${fmt(o.refreshS)} / ${o.refreshCalls}, ${o.users} users`,
        "-",
        "-",
      ],
      [
        "destroy-all (s / unlinks)",
        `${fmt(o.destroyS)} / ${o.destroyOk}${o.destroyError ? " (error)" : ""}`,
        "-",
        "-",
      ],
      ["host peak memory (MiB)", fmt(o.peakMiB), "-", "-"],
      ["program capture (s)", fmt(o.captureS), "-", "-"],
      ["serialized provider per resource (KiB)", fmt(o.providerKiB), "-", "-"],
    ];
    const table = rows.map((r) => `| ${r.join(" | ")} |`);
    table.splice(1, 0, `|${rows[0]!.map(() => "---").join("|")}|`);
    const md = [
      "# Benchmark results",
      "",
      `Written by \`npm run bench -- --links ${args.links}\` on ${new Date().toISOString().slice(0, 10)} (${process.platform}, Node ${process.version}, ${require("os").cpus().length} cores).`,
      `Emulator with \`--quotas aws\` (UserUpdate 25/s, UserRead 120/s); engine-path harness, parallelism ${args.parallel}; ${LINKS_PER_USER} links per user.`,
      "",
      ...table,
      "",
    ].join("\n");
    fs.writeFileSync(path.join(__dirname, "results.md"), md);
    if (o.destroyError) console.log(`destroy error: ${o.destroyError}`);
    console.log(
      `bench: links=${args.links} create_s=${fmt(o.createS)} rate=${fmt(rate)}/s quota_ratio=${fmt(rate / QUOTA, 2)} ` +
        `failures=${o.failures} noop_preview_calls=${o.noopCalls} refresh_calls=${o.refreshCalls} ` +
        `naive_failures=${nv.failures} cli_rate=${cli ? fmt(cli.rate) : "n/a"}/s`,
    );
  } finally {
    await stopAllHosts();
    await emu.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
