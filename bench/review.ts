// `npm run bench:review [-- --links N] [--out FILE]` (`--help`): cognito-link-review on a preview of N new links (default 1,000) made by
// the real Pulumi CLI, in both input formats: how long the review takes and how large its output is.
//
// The package is installed into a scratch node_modules first (as users get it), so each link's serialized
// provider is a few KB, as in a user's preview, rather than the by-value closure a repository checkout makes.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { spawnEmulator } from "../emulator";
import { previewJson } from "../test/support/previewJson";
import { CliStack } from "../test/support/pulumi";
import { writeSeed } from "../test/support/seed";
import { REPO_ROOT } from "../test/support/paths";
import { type Flag, parseFlags, progress, runCommand, shownPath, usage, UsageError } from "./args";
import type { UserProviderLinkClass } from "./cli";
import { hostNodePath, installPackage } from "./package";

const POOL = "us-east-1_ReviewBench";
const LINKS_PER_USER = 4;

const FLAGS: Flag[] = [
  { name: "--links", value: "N", help: "links in the previewed stack (default 1000)" },
  {
    name: "--out",
    value: "FILE",
    help: "also write the results as Markdown to FILE (the tracked ones: bench/review-results.md); default: print only",
  },
];

const HELP = usage(
  "npm run bench:review --",
  "cognito-link-review on a preview of N new links made by the real Pulumi CLI against the local emulator,\n" +
    "in both input formats: how long the review takes and how large its output is. Progress goes to stderr,\n" +
    "the results table to stdout; each time is one measurement of one run.",
  FLAGS,
);

function parseArgs(argv: readonly string[]): { links: number; out?: string } {
  const given = parseFlags(argv, FLAGS);
  const links = given.get("--links") ?? 1000;
  if (links === 0) throw new UsageError("--links takes a whole number above 0, got 0");
  const out = given.get("--out");
  return { links: Number(links), ...(typeof out === "string" ? { out: path.resolve(out) } : {}) };
}

const userOf = (i: number) => `user${String(Math.floor(i / LINKS_PER_USER)).padStart(5, "0")}`;

/** A scratch folder with the package installed and a seed of the pool's users; the class to make links with. */
function prepare(links: number): {
  dir: string;
  nodeModules: string;
  UserProviderLink: UserProviderLinkClass;
  seed: string;
  users: number;
} {
  const dir = path.join(REPO_ROOT, "bench", ".work", "review");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  progress("building the package (tsc -p tsconfig.build.json)");
  const { UserProviderLink, nodePath } = installPackage(dir);
  const users = Array.from({ length: Math.ceil(links / LINKS_PER_USER) }, (_, u) =>
    userOf(u * LINKS_PER_USER),
  );
  const seed = writeSeed(path.join(dir, "seed.json"), [
    { id: POOL, name: "review", providers: [{ name: "Google", type: "Google" }], users },
  ]);
  return { dir, nodeModules: nodePath, UserProviderLink, seed, users: users.length };
}

/** The stack of `links` new links against the emulator, its host finding the installed package. */
function linkStack(
  emulatorUrl: string,
  nodeModules: string,
  UserProviderLink: UserProviderLinkClass,
  links: number,
): Promise<CliStack> {
  return CliStack.create({
    emulatorUrl,
    env: { NODE_PATH: hostNodePath(nodeModules) },
    program: () => {
      for (let i = 0; i < links; i++) {
        new UserProviderLink(`link-${i}`, {
          userPoolId: POOL,
          destinationUser: { providerAttributeValue: userOf(i) },
          sourceUser: { providerName: "Google", providerAttributeValue: `10${String(i).padStart(8, "0")}` },
        });
      }
    },
  });
}

/** The measured preview: its JSON and event log, and how long the CLI took. */
async function measurePreview(
  stack: CliStack,
  links: number,
): Promise<{ inputs: Record<string, string>; previewS: number }> {
  progress(`previewing ${links} new links with the Pulumi CLI`);
  const t0 = performance.now();
  const p = await previewJson(stack, { args: ["--show-sames"] });
  const previewS = (performance.now() - t0) / 1000;
  if (p.status !== 0) throw new Error(`the preview failed: ${p.stderr}`);
  return { inputs: { "pulumi preview --json --show-sames": p.json, "event log": p.eventLog }, previewS };
}

/** One measured review of `file` in `format`: its table row. */
function measureReview(what: string, text: string, file: string, format: string, links: number): string {
  progress(`reviewing the ${what} as ${format}`);
  const t = performance.now();
  const run = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, "dist", "provider", "review", "cli.js"), file, "--format", format],
    { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  const seconds = (performance.now() - t) / 1000;
  if (run.status !== 0) throw new Error(`review of ${what} failed (${run.status}): ${run.stderr}`);
  const listed =
    format === "json"
      ? (JSON.parse(run.stdout) as { links: unknown[] }).links.length
      : (run.stdout.match(format === "text" ? /^link {2}/gm : /^\| \*\*link\*\* \|/gm)?.length ?? 0);
  return (
    `| ${what} | ${(text.length / 1048576).toFixed(1)} | ${format} | ${seconds.toFixed(2)} | ` +
    `${(Buffer.byteLength(run.stdout) / 1024).toFixed(1)} | ${run.stdout.length} | ${listed} of ${links} |`
  );
}

/** Every input reviewed in every format, one table row each. */
function measureReviews(dir: string, inputs: Record<string, string>, links: number): string[] {
  const rows: string[] = [];
  for (const [what, text] of Object.entries(inputs)) {
    const file = path.join(dir, what.startsWith("event") ? "events.jsonl" : "preview.json");
    fs.writeFileSync(file, text);
    for (const format of ["markdown", "text", "json"])
      rows.push(measureReview(what, text, file, format, links));
  }
  return rows;
}

function resultsMarkdown(links: number, previewS: number, rows: readonly string[]): string {
  return [
    "# cognito-link-review benchmark",
    "",
    `Written by \`npm run bench:review -- --links ${links}\` on ${new Date().toISOString().slice(0, 10)} ` +
      `(${process.platform}, Node ${process.version}). A new stack of ${links} UserProviderLinks (installed ` +
      `package), previewed by the real Pulumi CLI in ${previewS.toFixed(1)} s; the review runs as a process ` +
      "(`node dist/provider/review/cli.js FILE --format F`), start-up included.",
    "",
    "| input | input MiB | format | review s | output KiB | output characters | link rows listed |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

async function main(argv: readonly string[]): Promise<void> {
  const { links, out } = parseArgs(argv);
  const { dir, nodeModules, UserProviderLink, seed, users } = prepare(links);
  progress(`starting the emulator with ${users} users`);
  const emu = await spawnEmulator(["--seed", seed]);
  const stack = await linkStack(emu.url, nodeModules, UserProviderLink, links);
  try {
    const { inputs, previewS } = await measurePreview(stack, links);
    const md = resultsMarkdown(links, previewS, measureReviews(dir, inputs, links));
    if (out !== undefined) {
      fs.writeFileSync(out, md);
      progress(`results written to ${shownPath(out)}`);
    }
    console.log(md);
  } finally {
    await stack.dispose();
    await emu.stop();
  }
}

runCommand("bench:review", HELP, main);
