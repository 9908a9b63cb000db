// The bench's command lines: `--help`, argument errors in one line (exit 2), and where the results go.
import * as path from "path";

/** A command-line mistake: printed as one line, without a stack trace, and the process exits 2. */
export class UsageError extends Error {}

/** One flag: `--name VALUE` when `value` names what it takes, else a switch. */
export interface Flag {
  name: string;
  value?: string;
  help: string;
}

/** `--help` text: what the command does, then one line per flag. */
export function usage(command: string, about: string, flags: readonly Flag[]): string {
  const names = flags.map((f) => (f.value ? `${f.name} ${f.value}` : f.name));
  const width = Math.max(...names.map((n) => n.length), "--help".length);
  return [
    `usage: ${command} [options]`,
    "",
    about,
    "",
    "options:",
    ...flags.map((f, i) => `  ${names[i]!.padEnd(width)}  ${f.help}`),
    `  ${"--help".padEnd(width)}  print this text and exit`,
    "",
  ].join("\n");
}

/**
 * Reads `argv` against `flags`: switches map to `true`, the others to their value (a whole number when the
 * flag's value is `N`). Throws UsageError on an unknown flag, a missing value or a value of the wrong form.
 */
export function parseFlags(
  argv: readonly string[],
  flags: readonly Flag[],
): Map<string, string | number | true> {
  const found = new Map<string, string | number | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = flags.find((f) => f.name === arg);
    if (flag === undefined) throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    if (flag.value === undefined) {
      found.set(flag.name, true);
      continue;
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith("--")) {
      throw new UsageError(`${flag.name} needs a value (${flag.name} ${flag.value})`);
    }
    if (flag.value === "N") {
      const n = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
        throw new UsageError(`${flag.name} takes a whole number, got ${JSON.stringify(value)}`);
      }
      found.set(flag.name, n);
    } else {
      found.set(flag.name, value);
    }
  }
  return found;
}

/**
 * Runs a bench entry point: `--help` prints the usage to stdout and exits 0; a UsageError prints
 * `<command>: <message> (see --help)` on one line to stderr and exits 2; any other failure prints its stack and
 * exits 1.
 */
export function runCommand(
  command: string,
  help: string,
  main: (argv: readonly string[]) => Promise<void>,
): void {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(help);
    return;
  }
  main(argv).catch((e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`${command}: ${e.message} (see --help)\n`);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  });
}

/** Progress while the bench runs: on stderr, so stdout carries only the results. */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A path for a message: relative to the repository when inside it, absolute otherwise (never `../../tmp/x`). */
export function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
