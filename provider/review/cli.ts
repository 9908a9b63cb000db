#!/usr/bin/env node
// `cognito-link-review [FILE]`: the link changes of a `pulumi preview`, for a pull-request comment.
//
// Reads `pulumi preview --json` output or an engine event log (`--event-log FILE`) from FILE or standard input.
// Exit status: 0 for any readable preview; 2 for unreadable input or bad arguments (one line on stderr);
// with --fail-on-blocking, 1 when a check failed. Imports no @pulumi/pulumi: it reads JSON only.
import * as fs from "fs";
import * as readline from "readline";
import type { Readable, Writable } from "stream";
import { analyze } from "./analyze";
import { readPreview, UnreadableInput } from "./read";
import { type Format, FORMATS, render } from "./render";

export const USAGE = `Usage: cognito-link-review [FILE] [--format markdown|text|json] [--fail-on-blocking] [--all]

Reports the Cognito link changes of a Pulumi preview: link, unlink, relink, move, keep, and the checks that
failed (blocking). FILE (or standard input when FILE is absent or "-") is the output of
\`pulumi preview --json --show-sames\` or an event log (\`pulumi preview --event-log FILE\`).

  --format F          markdown (default: a pull-request comment), text, or json (a stable document)
  --fail-on-blocking  exit 1 when a check failed
  --all               list unchanged links (keep) too; they are always counted

Exit status: 0 for a readable preview, 1 with --fail-on-blocking when a check failed, 2 for unreadable input.
`;

export interface Options {
  file?: string;
  format: Format;
  failOnBlocking: boolean;
  all: boolean;
  help: boolean;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Options {
  const o: Options = { format: "markdown", failOnBlocking: false, all: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    const [flag, inline] =
      a.startsWith("--") && a.includes("=")
        ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
        : [a, undefined];
    if (flag === "--format") {
      const v = inline ?? argv[++i];
      if (!FORMATS.includes(v as Format)) {
        throw new UsageError(
          `--format takes ${FORMATS.join(", ")}; got ${v === undefined ? "nothing" : JSON.stringify(v)}`,
        );
      }
      o.format = v as Format;
    } else if (flag === "--fail-on-blocking" && inline === undefined) o.failOnBlocking = true;
    else if (flag === "--all" && inline === undefined) o.all = true;
    else if ((flag === "--help" || flag === "-h") && inline === undefined) o.help = true;
    else if (a === "-" || !a.startsWith("-")) {
      if (o.file !== undefined) throw new UsageError(`one FILE at most; got ${o.file} and ${a}`);
      o.file = a;
    } else throw new UsageError(`unknown option ${a}`);
  }
  return o;
}

export interface Io {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** Runs the command; resolves to its exit status. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const fail = (why: string): number => {
    io.stderr.write(`cognito-link-review: ${oneLine(why)}\n`);
    return 2;
  };
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    return fail(`${(e as Error).message} (--help for usage)`);
  }
  if (opts.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const fromStdin = opts.file === undefined || opts.file === "-";
  if (fromStdin && io.stdin.isTTY) return fail("no input: give FILE, or pipe a preview into standard input");
  let input: Readable;
  if (fromStdin) input = io.stdin;
  else {
    try {
      fs.accessSync(opts.file!, fs.constants.R_OK);
      if (fs.statSync(opts.file!).isDirectory()) return fail(`${opts.file}: is a directory`);
    } catch (e) {
      return fail(`cannot read ${opts.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    input = fs.createReadStream(opts.file!, { encoding: "utf8" });
  }
  const where = fromStdin ? "standard input" : opts.file!;
  let review;
  try {
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    review = analyze(await readPreview(lines));
  } catch (e) {
    if (e instanceof UnreadableInput) return fail(`${where}: ${e.message}`);
    return fail(`${where}: cannot read: ${(e as Error).message}`);
  }
  io.stdout.write(render(review, opts.format, { all: opts.all }));
  // The JSON document is exactly its three keys; what a reader must know about the input goes to stderr.
  if (opts.format === "json")
    for (const n of review.notes) io.stderr.write(`cognito-link-review: note: ${n}\n`);
  return opts.failOnBlocking && review.summary.blocking > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`cognito-link-review: ${oneLine(String((e as Error)?.message ?? e))}\n`);
      process.exitCode = 2;
    },
  );
}
